#!/usr/bin/env python3
"""Property-based fuzzing of what the kiosk reads from outside: feeds, configuration files, SPC
series and QR links. Each target must either succeed or refuse with its one clear error type;
anything else (an uncaught exception, a wrong result type) is a crash.

    python3 scripts/fuzz.py                     10,000 cases, shared between the targets
    python3 scripts/fuzz.py --cases 100000      100,000 cases
    python3 scripts/fuzz.py --jobs 2            the targets in 2 processes side by side
    python3 scripts/fuzz.py --only spc,qr       some targets (feed, feed_bytes, config, spc, qr)
    python3 scripts/fuzz.py --seed 7            another sequence (the default seed is fixed)

Targets:
  feed        kiosk.feed.schema.parse_feed on the demo feed with parts replaced by hostile
              JSON values (wrong types, huge and tiny numbers, long texts, deep nesting)
  feed_bytes  parse_feed on arbitrary bytes and on truncated or corrupted demo feed bytes
  config      kiosk.config.parse_config on the example configuration with parts replaced, as
              YAML, and on arbitrary text
  spc         kiosk.spc.analyse on series with NaN, ±inf, 1e308, None, empty, constant and
              100,000-point series, each rule set, improvement, target, rebase and baseline
  qr          kiosk.qr.QrPolicy.link/allows on arbitrary and near-valid URLs

Needs hypothesis (in the test extras: ``pip install -e .[test]``).
"""

from __future__ import annotations

import argparse
import json
import logging
import math
import sys
import time
import traceback
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import yaml  # noqa: E402
from hypothesis import HealthCheck, Phase, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from kiosk.config import ConfigError, parse_config  # noqa: E402
from kiosk.feed.model import Feed  # noqa: E402
from kiosk.feed.schema import FeedError, parse_feed  # noqa: E402
from kiosk.qr import QrPolicy  # noqa: E402
from kiosk.spc import Analysis, analyse  # noqa: E402

DEMO_FEED = ROOT / "assets" / "demo" / "feed.json"
EXAMPLE_CONFIG = ROOT / "config" / "kiosk.example.yaml"
HOSTS = ["qi.example.org", "example.nhs.uk", "*.trust.example"]

# --- values a hostile or careless publisher might write -------------------------------------

SPECIAL_FLOATS = st.sampled_from(
    [0.0, -0.0, 1e308, -1e308, 5e-324, float("nan"), float("inf"), float("-inf"), 1e16, -1.5]
)
NUMBERS = st.one_of(
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=True, allow_infinity=True),
    SPECIAL_FLOATS,
)
TEXTS = st.one_of(
    st.text(max_size=40),
    st.sampled_from(
        ["", " ", "2026-13-45", "2026-02-29", "1970-01-01", "9999-12-31T23:59:59Z", "<b>x</b>",
         "https://qi.example.org/p", "http://qi.example.org/", "../../etc/passwd", "\u202e\x00",
         "images/falls.png", "increase", "decrease", "mdc", "ptd", "touch", "display", "a" * 5000]
    ),
)  # fmt: skip
SCALARS = st.one_of(st.none(), st.booleans(), NUMBERS, TEXTS)
JSON_VALUES = st.recursive(
    SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=5), st.dictionaries(st.text(max_size=12), inner, max_size=5)
    ),
    max_leaves=20,
)


def paths_of(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every path (keys and indices) into a JSON-like value."""
    found = [prefix]
    if isinstance(value, dict):
        for key, item in value.items():
            found += paths_of(item, (*prefix, key))
    elif isinstance(value, list):
        for i, item in enumerate(value[:3]):
            found += paths_of(item, (*prefix, i))
    return found


def mutated(base: Any, paths: list[tuple[Any, ...]], draw: Callable[..., Any], count: int) -> Any:
    """A deep copy of `base` with up to `count` parts (at `paths` into it) replaced, deleted or
    duplicated."""
    doc = json.loads(json.dumps(base))
    for _ in range(count):
        path = draw(st.sampled_from(paths))
        parent = doc
        try:
            for key in path[:-1]:
                parent = parent[key]
            action = draw(st.sampled_from(["replace", "replace", "delete", "grow"]))
            if action == "delete":
                del parent[path[-1]]
            elif action == "grow" and isinstance(parent[path[-1]], list):
                parent[path[-1]] = parent[path[-1]] * draw(st.integers(0, 50))
            else:
                parent[path[-1]] = draw(JSON_VALUES)
        except (KeyError, IndexError, TypeError):
            continue
    return doc


# --- the targets ----------------------------------------------------------------------------


class Target:
    def __init__(self, name: str, test: Callable[..., None]) -> None:
        self.name = name
        self.test = test
        self.cases = 0


def check_feed(result: Any) -> None:
    assert isinstance(result, Feed), type(result)
    json.dumps([p.id for p in result.projects])


def feed_target() -> Callable[..., None]:
    base = json.loads(DEMO_FEED.read_text(encoding="utf-8"))
    paths = [p for p in paths_of(base) if p]

    @st.composite
    def feeds(draw: Callable[..., Any]) -> Any:
        return mutated(base, paths, draw, draw(st.integers(1, 6)))

    def run(doc: Any, as_text: bool) -> None:
        raw: Any = doc
        if as_text:
            try:
                raw = json.dumps(doc, allow_nan=True).encode()
            except (ValueError, OverflowError):
                return
        try:
            check_feed(parse_feed(raw, base_url="https://qi.example.org/feed.json"))
        except FeedError as exc:
            assert str(exc) and "\n" not in str(exc), repr(exc)

    return given(feeds(), st.booleans())(run)


def feed_bytes_target() -> Callable[..., None]:
    base = DEMO_FEED.read_bytes()

    @st.composite
    def blobs(draw: Callable[..., Any]) -> bytes:
        kind = draw(st.sampled_from(["random", "truncated", "flipped", "wrapped"]))
        if kind == "random":
            return draw(st.binary(max_size=300))
        if kind == "truncated":
            return base[: draw(st.integers(0, len(base)))]
        if kind == "flipped":
            data = bytearray(base)
            for _ in range(draw(st.integers(1, 8))):
                i = draw(st.integers(0, len(data) - 1))
                data[i] = draw(st.integers(0, 255))
            return bytes(data)
        return draw(st.sampled_from([b"\xef\xbb\xbf", b"\xff\xfe", b" ", b"["])) + base

    def run(data: bytes, max_bytes: int) -> None:
        try:
            check_feed(parse_feed(data, base_url="file:///feed.json", max_bytes=max_bytes))
        except FeedError as exc:
            assert str(exc) and "\n" not in str(exc), repr(exc)

    return given(blobs(), st.sampled_from([10_000_000, 1000, 1]))(run)


def config_target() -> Callable[..., None]:
    base = yaml.safe_load(EXAMPLE_CONFIG.read_text(encoding="utf-8")) or {}
    paths = [p for p in paths_of(base) if p]

    @st.composite
    def texts(draw: Callable[..., Any]) -> str:
        if draw(st.integers(0, 9)) == 0:
            return draw(st.text(max_size=200))
        doc = mutated(base, paths, draw, draw(st.integers(1, 5)))
        try:
            return yaml.safe_dump(doc, allow_unicode=True)
        except (yaml.YAMLError, ValueError, OverflowError):
            return ""

    def run(text: str) -> None:
        try:
            parse_config(text, source="fuzz.yaml", base=Path("/nonexistent/kiosk"), env={})
        except ConfigError as exc:
            assert exc.report(), repr(exc)

    return given(texts())(run)


def spc_target() -> Callable[..., None]:
    values = st.one_of(NUMBERS, st.none(), st.sampled_from([float("nan"), 1e308, -1e308]))

    @st.composite
    def series(draw: Callable[..., Any]) -> list[Any]:
        kind = draw(
            st.sampled_from(
                ["random"] * 14 + ["huge", "huge", "constant", "constant", "empty", "long"]
            )
        )
        if kind == "empty":
            return []
        if kind == "huge":
            return draw(
                st.lists(st.sampled_from([1e308, -1e308, 1.7e308, 9e307, 0.0, 1.0]), max_size=30)
            )
        if kind == "constant":
            return [draw(values)] * draw(st.integers(1, 40))
        if kind == "long":
            # 100,000 points: a repeated pattern with some hostile values mixed in.
            pattern = draw(st.lists(st.floats(-1e6, 1e6), min_size=1, max_size=8))
            points: list[Any] = (pattern * (100_000 // len(pattern) + 1))[:100_000]
            for _ in range(draw(st.integers(0, 3))):
                points[draw(st.integers(0, 99_999))] = draw(values)
            return points
        return draw(st.lists(values, max_size=60))

    def run(
        ys: list[Any],
        improvement: str,
        rules: str,
        target: Any,
        rebase: list[int],
        baseline: int | None,
        screen: bool | None,
    ) -> None:
        try:
            result = analyse(
                ys,
                improvement=improvement,
                target=target,
                rebase=rebase,
                baseline=baseline,
                rules=rules,
                screen_outliers=screen,
            )
        except ValueError as exc:
            assert str(exc) and "\n" not in str(exc), repr(exc)
            return
        assert isinstance(result, Analysis)
        assert len(result.points) == len(ys)
        for point in result.points[:200]:
            for number in (point.mean, point.upl, point.lpl):
                assert number is None or math.isfinite(number), point

    return given(
        series(),
        st.sampled_from(["increase", "decrease", "neither", "up", ""]),
        st.sampled_from(["mdc", "ptd", "other"]),
        st.one_of(st.none(), NUMBERS, TEXTS),
        st.lists(st.integers(-5, 120), max_size=4),
        st.one_of(st.none(), st.integers(-3, 80)),
        st.one_of(st.none(), st.booleans()),
    )(run)


def qr_target() -> Callable[..., None]:
    near = st.builds(
        lambda scheme, user, host, port, path: f"{scheme}{user}{host}{port}{path}",
        st.sampled_from(["https://", "http://", "HTTPS://", "javascript:", "", "https:/", "ftp://"]),
        st.sampled_from(["", "a@", "a:b@", "@", "%40@"]),
        st.one_of(st.sampled_from([*HOSTS, "x.trust.example", "[::1]", "[zz", "qi.example.org."]),
                  st.text(max_size=20)),
        st.sampled_from(["", ":443", ":99999", ":-1", ":x"]),
        st.text(max_size=30),
    )  # fmt: skip
    urls = st.one_of(st.none(), st.text(max_size=80), near)

    def run(url: str | None, campaign: str | None, content: str) -> None:
        policy = QrPolicy(HOSTS, campaign=campaign)
        link = policy.link(url, content)
        assert isinstance(link, str)
        assert link == "" or link.lower().startswith("https://"), link
        assert isinstance(policy.allows(url), bool)

    return given(urls, st.one_of(st.none(), st.text(max_size=20)), st.text(max_size=20))(run)


TARGETS: dict[str, Callable[[], Callable[..., None]]] = {
    "feed": feed_target,
    "feed_bytes": feed_bytes_target,
    "config": config_target,
    "spc": spc_target,
    "qr": qr_target,
}
WEIGHTS = {"feed": 3, "feed_bytes": 2, "config": 3, "spc": 1, "qr": 1}


def run_target(name: str, cases: int, seed: int) -> tuple[int, list[str]]:
    """Run `cases` examples of one target; (cases run, crashes as text)."""
    crashes: list[str] = []
    count = [0]
    test = TARGETS[name]()
    inner = test.hypothesis.inner_test  # type: ignore[attr-defined]

    def counted(*args: Any, **kwargs: Any) -> None:
        count[0] += 1
        inner(*args, **kwargs)

    test.hypothesis.inner_test = counted  # type: ignore[attr-defined]
    configured = settings(
        max_examples=cases,
        deadline=None,
        database=None,
        derandomize=False,
        phases=[Phase.generate, Phase.shrink],
        suppress_health_check=list(HealthCheck),
        report_multiple_bugs=True,
    )(test)
    from hypothesis import seed as with_seed

    try:
        with_seed(seed)(configured)()
    except Exception:  # a crash: hypothesis has shrunk it and raises it here
        crashes.append(traceback.format_exc(limit=-6))
    return count[0], crashes


def timed_target(name: str, cases: int, seed: int) -> tuple[int, list[str], float]:
    logging.disable(logging.CRITICAL)  # refusals are logged; the fuzzing makes thousands
    began = time.monotonic()
    ran, crashes = run_target(name, cases, seed)
    return ran, crashes, time.monotonic() - began


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", type=int, default=10_000, help="cases in all (default 10,000)")
    parser.add_argument("--only", help="comma-separated targets: " + ", ".join(TARGETS))
    parser.add_argument("--seed", type=int, default=1, help="the random seed (default 1)")
    parser.add_argument("--jobs", type=int, default=1, help="targets run side by side (default 1)")
    args = parser.parse_args(argv)
    names = args.only.split(",") if args.only else list(TARGETS)
    unknown = [n for n in names if n not in TARGETS]
    if unknown:
        parser.error(f"unknown target {unknown[0]!r} (choose from {', '.join(TARGETS)})")
    if args.cases < 1:
        parser.error("--cases must be at least 1")
    logging.disable(logging.CRITICAL)  # refusals are logged; the fuzzing makes thousands
    total = sum(WEIGHTS[n] for n in names)
    failed = False
    grand = 0
    started = time.monotonic()
    shares = {name: max(1, args.cases * WEIGHTS[name] // total) for name in names}
    with ProcessPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        futures = {name: pool.submit(timed_target, name, shares[name], args.seed) for name in names}
        for name in names:
            ran, crashes, seconds = futures[name].result()
            grand += ran
            verdict = "no crash" if not crashes else f"{len(crashes)} CRASH"
            print(f"{name:<11} {ran:>8,} cases  {seconds:7.1f} s  {verdict}", flush=True)
            for crash in crashes:
                failed = True
                print(crash, file=sys.stderr)
    print(f"{'all':<11} {grand:>8,} cases  {time.monotonic() - started:7.1f} s  "
          + ("CRASHES (see above)" if failed else "no uncaught exception"))  # fmt: skip
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
