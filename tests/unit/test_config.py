from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.config import (
    DEMO_SOURCE,
    SCHEMA,
    ConfigError,
    Key,
    KioskConfig,
    load_config,
    parse_config,
)

REPO = Path(__file__).resolve().parents[2]


def problems(text: str, **kwargs: object) -> list[str]:
    with pytest.raises(ConfigError) as info:
        parse_config(text, **kwargs)  # type: ignore[arg-type]
    return info.value.problems


def test_empty_config_is_the_defaults() -> None:
    config = parse_config("")
    assert config == KioskConfig(state_dir=config.state_dir)
    assert config.feed.source == DEMO_SOURCE
    assert config.rotation.seconds == 20
    assert config.rotation.transition_ms == 800
    assert config.rotation.order == "feed"
    assert config.display.fullscreen is True
    assert config.touch.idle_seconds == 90
    assert config.spc.rules == "mdc"


def test_out_of_range_value_names_key_range_value_and_line() -> None:
    assert problems("rotation:\n  seconds: 2\n") == [
        "rotation.seconds: must be between 5 and 600 (got 2) (line 2)"
    ]


def test_every_problem_is_reported_at_once() -> None:
    text = (
        "mode: tv\nrotation:\n  secnds: 10\n  order: random\n"
        "qr:\n  allowed_hosts: [bad host]\nfoo: 1\n"
    )
    found = problems(text)
    assert len(found) == 5
    assert found[0].startswith("mode: must be one of display, touch (got 'tv') (line 1)")
    assert found[1].startswith("rotation.secnds: unknown key")
    assert "(line 3)" in found[1]
    assert found[2].startswith("rotation.order: must be one of feed, shuffle")
    assert found[3].startswith("qr.allowed_hosts: not a host name: 'bad host'")
    assert found[4].startswith("foo: unknown key") and "(line 7)" in found[4]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("rotation:\n  seconds: ten\n", "rotation.seconds: must be a number (got text 'ten')"),
        ("rotation:\n  seconds: 7.5\n", "rotation.seconds: must be a whole number (got 7.5)"),
        ("display:\n  fullscreen: yes please\n", "display.fullscreen: must be true or false"),
        ("feed: 3\n", "feed: must be a mapping of keys"),
        ("[1, 2]\n", "the file must be a mapping of keys"),
        ("rotation: {seconds: 5\n", "not valid YAML"),
        ("touch:\n  idle_seconds: 1\n", "touch.idle_seconds: must be between 5 and 3600 (got 1)"),
        (
            "feed:\n  refresh_seconds: 1\n",
            "feed.refresh_seconds: must be between 5 and 86400 (got 1)",
        ),
    ],
)
def test_bad_values(text: str, expected: str) -> None:
    assert any(expected in p for p in problems(text)), problems(text)


def test_environment_values_in_headers() -> None:
    config = parse_config(
        'feed:\n  headers:\n    X-Api-Key: "${FEED_KEY}"\n', env={"FEED_KEY": "s3cret"}
    )
    assert config.feed.headers == {"X-Api-Key": "s3cret"}
    assert problems('feed:\n  headers:\n    X-Api-Key: "${NOPE}"\n', env={}) == [
        "feed.headers: X-Api-Key: environment variable NOPE is not set (line 2)"
    ]


def test_relative_paths_are_relative_to_the_config_file(tmp_path: Path) -> None:
    path = tmp_path / "kiosk.yaml"
    path.write_text("state_dir: state\nfeed:\n  source: feed.json\n")
    config = load_config(path)
    assert config.state_dir == tmp_path / "state"
    assert config.feed.source == str(tmp_path / "feed.json")
    assert config.path == path


def test_urls_are_kept_as_they_are() -> None:
    config = parse_config("feed:\n  source: https://qi.example.org/feed.json\n")
    assert config.feed.source == "https://qi.example.org/feed.json"


def test_unreadable_file_is_a_config_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as info:
        load_config(tmp_path / "missing.yaml")
    assert "cannot read the file" in info.value.problems[0]


def test_example_config_is_valid_and_documents_every_key() -> None:
    example = REPO / "config" / "kiosk.example.yaml"
    load_config(example)
    text = example.read_text()
    for section, keys in SCHEMA.items():
        assert f"{section}:" in text, section
        if isinstance(keys, Key):
            continue
        for key in keys:
            assert f"  {key}:" in text, f"{section}.{key} is not in the example config"


def test_uptake_defaults_record_with_the_nhs_staff_groups() -> None:
    config = parse_config("")
    assert config.uptake.enabled and config.uptake.retention_days == 730
    assert config.uptake.visitor_groups[0] == "Nursing and midwifery"
    assert len(config.uptake.visitor_groups) == 10
    assert config.uptake.matomo is None and config.qr.campaign is False


def test_matomo_token_comes_from_the_environment() -> None:
    text = "uptake:\n  matomo: {url: 'https://m.trust/', site_id: 7, token: '${MT}'}\n"
    config = parse_config(text, env={"MT": "s3cret"})
    assert config.uptake.matomo is not None
    assert (config.uptake.matomo.token, config.uptake.matomo.site_id) == ("s3cret", 7)
    with pytest.raises(ConfigError) as err:
        parse_config(text, env={})
    assert err.value.problems == [
        "uptake.matomo: token: environment variable MT is not set (line 2)"
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("uptake: {matomo: {url: 'ftp://x', site_id: 1}}", "url: must be an http"),
        ("uptake: {matomo: {url: 'https://x', site_id: 0}}", "site_id: must be a whole number"),
        ("uptake: {matomo: {url: 'https://x', site_id: 1, ur: 2}}", "unknown key 'ur'"),
        ("uptake: {visitor_groups: [A, A]}", "group listed twice: 'A'"),
        ("uptake: {visitor_groups: []}", "must be a list of group names"),
        ("uptake: {retention_days: 0}", "must be between 1 and 3650"),
    ],
)
def test_bad_uptake_values(text: str, expected: str) -> None:
    with pytest.raises(ConfigError) as err:
        parse_config(text)
    assert expected in err.value.problems[0]


@pytest.mark.parametrize(
    ("text", "where"),
    [
        ('feed:\n  source: "\\0"\n', "feed.source"),  # found by scripts/fuzz.py: a ValueError
        ('state_dir: "/var/lib/\\0kiosk"\n', "state_dir"),
        ('log:\n  file: "kiosk\\0.log"\n', "log.file"),
    ],
)
def test_a_nul_character_in_a_path_or_text_is_a_clear_problem(text: str, where: str) -> None:
    found = problems(text, base=Path("/nonexistent"), env={})
    assert len(found) == 1 and found[0].startswith(where), found
    assert "must not contain a NUL character" in found[0]
