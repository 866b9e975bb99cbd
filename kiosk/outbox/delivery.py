"""Posting one submission to the QI team's intake URL, and what to do after.

The body is the submission's JSON; ``Idempotency-Key`` is its id, so a server that saw a
submission whose answer was lost can recognise the retry. TLS is verified (against
``intake.ca_bundle`` when the trust has its own certificate authority). Redirects are not
followed: a POST must reach the configured address itself.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import TYPE_CHECKING

from kiosk.feed.http import USER_AGENT, describe_error, parse_retry_after, show_url
from kiosk.outbox.store import Entry

if TYPE_CHECKING:
    from kiosk.config import IntakeConfig

RETRY_STATUSES = frozenset({408, 425, 429})
"""Client errors that mean "later", not "never"."""
FIRST_DELAY = 30.0
MAX_DELAY = 3_600.0
MAX_RESPONSE_BYTES = 64_000


@dataclass(frozen=True)
class Attempt:
    """How one delivery attempt ended: ``delivered``, ``retry`` (after ``delay``) or ``failed``."""

    outcome: str
    error: str | None = None
    delay: float | None = None
    """Seconds the server asked us to wait (``Retry-After``), if it did."""


def backoff(attempts: int, rng: random.Random | None = None) -> float:
    """Seconds before the next try after ``attempts`` failed ones: doubling, capped, jittered.

    The jitter (a random half to whole of the step) keeps a fleet of screens that lost the
    network together from all retrying in the same second.
    """
    step = min(MAX_DELAY, FIRST_DELAY * 2 ** max(0, min(attempts, 20)))
    return step * (0.5 + 0.5 * (rng or random).random())


class IntakeClient:
    """Posts submissions over one HTTP session. Not for concurrent use."""

    def __init__(self, config: IntakeConfig) -> None:
        import requests

        if config.url is None:
            raise ValueError("intake.url is not set")
        self.url = config.url
        self.timeout = config.timeout_seconds
        self._session = requests.Session()
        self._verify: str | bool = str(config.ca_bundle) if config.ca_bundle else True
        # Given on every request as well: for a session's own bundle, requests lets
        # REQUESTS_CA_BUNDLE or CURL_CA_BUNDLE in the environment replace the configured one.
        self._session.verify = self._verify
        self._proxies = {"http": config.proxy, "https": config.proxy} if config.proxy else None
        self._session.headers.update(
            {
                "User-Agent": USER_AGENT,
                "Content-Type": "application/json; charset=utf-8",
                "Accept": "application/json, */*;q=0.5",
            }
        )
        self._session.headers.update(dict(config.headers))

    def close(self) -> None:
        self._session.close()

    def post(self, entry: Entry) -> Attempt:
        import requests

        where = show_url(self.url)
        try:
            response = self._session.post(
                self.url,
                data=entry.body,
                headers={"Idempotency-Key": entry.id},
                timeout=self.timeout,
                allow_redirects=False,
                proxies=self._proxies,
                verify=self._verify,
                stream=True,
            )
        except requests.exceptions.RequestException as exc:
            return Attempt("retry", describe_error(exc, self.url, self.timeout))
        try:
            status = response.status_code
            retry_after = parse_retry_after(response.headers.get("Retry-After"))
            # Read (a little of) the answer so the connection can be reused.
            response.raw.read(MAX_RESPONSE_BYTES, decode_content=True)
        except (requests.exceptions.RequestException, OSError):
            pass
        finally:
            response.close()
        if 200 <= status < 300:
            return Attempt("delivered")
        error = f"HTTP {status} from {where}"
        if 300 <= status < 400:
            location = show_url(response.headers.get("Location", ""))
            return Attempt("failed", f"{error}: redirected to {location}; set intake.url to it")
        if status in RETRY_STATUSES or status >= 500:
            return Attempt("retry", error, retry_after)
        return Attempt("failed", error)
