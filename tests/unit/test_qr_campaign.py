"""QR campaign links: UTM parameters for the destination's own analytics."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

from kiosk.qr import QrPolicy, campaign_url


def test_campaign_parameters_are_added_and_the_link_kept() -> None:
    url = campaign_url("https://qi.trust.nhs.uk/p?id=7&utm_source=old#team", "lobby", "falls")
    parts = urlsplit(url)
    assert (parts.scheme, parts.netloc, parts.path, parts.fragment) == (
        "https", "qi.trust.nhs.uk", "/p", "team"
    )  # fmt: skip
    assert parse_qs(parts.query) == {
        "id": ["7"],
        "utm_source": ["qi-hub"],
        "utm_medium": ["qr"],
        "utm_campaign": ["lobby"],
        "utm_content": ["falls"],
    }


def test_the_policy_adds_them_only_when_asked_and_only_to_allowed_links() -> None:
    plain = QrPolicy(["qi.trust.nhs.uk"])
    assert plain.link("https://qi.trust.nhs.uk/a", "a") == "https://qi.trust.nhs.uk/a"
    counted = QrPolicy(["qi.trust.nhs.uk"], campaign="cafe screen")
    assert counted.link("https://qi.trust.nhs.uk/a", "a") == (
        "https://qi.trust.nhs.uk/a?utm_source=qi-hub&utm_medium=qr&utm_campaign=cafe+screen"
        "&utm_content=a"
    )
    assert counted.link("https://elsewhere.example/a", "a") == ""
    assert counted.link(None, "a") == ""
