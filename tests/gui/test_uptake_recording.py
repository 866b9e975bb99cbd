"""A real touch session and a real display run are recorded in the screen's uptake store."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from PySide6.QtCore import QPointF

from tests.gui.touch_support import (
    TOUCH_ARGS,
    click,
    find,
    one,
    settled,
    tap,
    tiles_on_screen,
    type_text,
)
from tests.helpers import REPO


def recorded(state: Path) -> list[tuple[str, str, str, str, bool]]:
    conn = sqlite3.connect(state / "uptake.sqlite")
    rows = conn.execute(
        "SELECT channel, kind, item, detail, session IS NOT NULL FROM events ORDER BY id"
    ).fetchall()
    conn.close()
    return rows


def touch_session(kiosk, qtbot) -> None:
    """Wake, search, filter by site, open a project, choose a template, walk away."""
    qtbot.waitUntil(lambda: kiosk.window.isExposed() and one(kiosk, "attractScreen").width() > 0)
    tap(kiosk, one(kiosk, "attractScreen"))
    qtbot.waitUntil(lambda: settled(kiosk, "browse"))
    click(kiosk, one(kiosk, "searchField"))
    type_text(kiosk, "FALLS")
    click(kiosk, one(kiosk, "filterKind_site"))
    site = kiosk.catalogue.get("ward-7-falls").site
    click(kiosk, next(c for c in find(kiosk, "filterChip") if c.property("value") == site))
    qtbot.waitUntil(lambda: tiles_on_screen(kiosk) == ["ward-7-falls"])
    click(kiosk, one(kiosk, "projectTile", under=one(kiosk, "projectGrid")))
    qtbot.waitUntil(lambda: settled(kiosk, "project"))
    click(kiosk, one(kiosk, "homeButton"))
    qtbot.waitUntil(lambda: settled(kiosk, "browse"))
    click(kiosk, one(kiosk, "startButton"))
    qtbot.waitUntil(lambda: settled(kiosk, "start"))
    template = kiosk.catalogue.feed.templates[1]
    click(
        kiosk,
        next(t for t in find(kiosk, "templateTile") if t.property("templateId") == template.id),
    )
    qtbot.waitUntil(lambda: kiosk.touch.start.chosen.get("templateId") == template.id)
    kiosk.touch.navigator.sleep()  # as after the idle time
    qtbot.waitUntil(lambda: settled(kiosk, "attract"))


def test_a_touch_session_is_recorded_event_by_event(make_kiosk, qtbot, tmp_path: Path) -> None:
    kiosk = make_kiosk(*TOUCH_ARGS)
    kiosk.show()
    qtbot.waitUntil(lambda: settled(kiosk, "attract"))
    attract_poster = kiosk.rotation.showing
    touch_session(kiosk, qtbot)
    template = kiosk.catalogue.feed.templates[1].id
    kiosk.close()

    rows = recorded(tmp_path / "state")
    in_session = [r for r in rows if r[4]]
    assert [r[1:4] for r in in_session] == [
        ("session_started", "", ""),
        ("search_used", "", ""),
        ("filter_used", "", "site"),
        ("project_opened", "ward-7-falls", ""),
        ("qr_shown", "ward-7-falls", "project"),
        ("template_chosen", template, ""),
        ("qr_shown", template, "template"),
        ("session_ended", "", ""),
    ]
    assert {r[0] for r in rows} == {"touch"}
    # The attract loop's poster counts until the screen woke, and again after the session.
    posters = [r for r in rows if r[1] == "poster_shown"]
    assert posters[0][2] == attract_poster and not posters[0][4]
    assert rows.index(posters[0]) < rows.index(in_session[0])
    # Only one session id in all of it, and nothing typed was kept.
    conn = sqlite3.connect(tmp_path / "state" / "uptake.sqlite")
    assert conn.execute("SELECT count(DISTINCT session) FROM events").fetchone() == (1,)
    dump = "\n".join(conn.iterdump())
    conn.close()
    assert "FALLS" not in dump.upper().replace("WARD-7-FALLS", "")


def test_a_display_run_records_each_poster_with_its_seconds(make_kiosk, qtbot, tmp_path):
    kiosk = make_kiosk("--demo")
    kiosk.show()
    shown = [kiosk.rotation.showing]
    for _ in range(2):
        qtbot.waitUntil(
            lambda: kiosk.rotation.backReady and not kiosk.rotation._transition.isActive(),
            timeout=5000,
        )
        qtbot.wait(50)
        kiosk.rotation.advance()
        shown.append(kiosk.rotation.showing)
    kiosk.close()
    conn = sqlite3.connect(tmp_path / "state" / "uptake.sqlite")
    rows = conn.execute(
        "SELECT channel, kind, item, seconds, session FROM events ORDER BY id"
    ).fetchall()
    conn.close()
    assert [(c, k, i) for c, k, i, _, _ in rows] == [
        ("display", "poster_shown", pid) for pid in shown
    ]
    assert all(seconds > 0 and session is None for *_, seconds, session in rows)


def test_uptake_off_records_nothing(make_kiosk, qtbot, tmp_path: Path) -> None:
    config = tmp_path / "kiosk.yaml"
    config.write_text("uptake:\n  enabled: false\n")
    kiosk = make_kiosk("--config", str(config), "--demo")
    kiosk.show()
    kiosk.rotation.advance()
    kiosk.close()
    assert not (tmp_path / "state" / "uptake.sqlite").exists()


def test_the_report_shows_exactly_a_touch_session_and_a_display_run(make_kiosk, qtbot, tmp_path):
    import json
    import subprocess
    import sys

    touch_state, display_state = tmp_path / "touch", tmp_path / "display"
    kiosk = make_kiosk(*TOUCH_ARGS, "--state-dir", str(touch_state))
    kiosk.show()
    qtbot.waitUntil(lambda: settled(kiosk, "attract"))
    first_poster = kiosk.rotation.showing
    touch_session(kiosk, qtbot)
    template = kiosk.catalogue.feed.templates[1].id
    kiosk.close()

    config = tmp_path / "tv.yaml"
    config.write_text("screen_id: lobby-tv\n")
    display = make_kiosk("--config", str(config), "--demo", "--state-dir", str(display_state))
    display.show()
    shown = display.rotation.showing
    display.close()

    done = subprocess.run(
        [sys.executable, "-m", "kiosk", "report", "--format", "json", "--state-dir",
         str(touch_state), str(display_state)],
        capture_output=True, text=True, check=False, cwd=REPO,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    totals = json.loads(done.stdout)
    assert totals["sessions"] == {"hub-screen": 1}
    assert totals["projects_opened"] == {"ward-7-falls": 1}
    assert totals["qr_shown"] == {"project:ward-7-falls": 1, f"template:{template}": 1}
    assert totals["templates_chosen"] == {template: 1}
    assert totals["searches"] == 1 and totals["filters_used"] == {"site": 1}
    assert totals["visitor_groups"] == {"Not answered": 1}
    # The touch screen's attract poster (before and after the session) and the display's one.
    posters = totals["posters_shown"]
    assert posters.get(first_poster, 0) >= 1 and posters.get(shown, 0) >= 1
    assert totals["screens"]["lobby-tv"]["posters_shown"] == 1
    assert sum(posters.values()) == len(
        [e for e in recorded(touch_state) + recorded(display_state) if e[1] == "poster_shown"]
    )


def test_the_visitor_group_bar_is_one_tap_skippable_and_never_in_the_way(
    make_kiosk, qtbot, tmp_path: Path
) -> None:
    kiosk = make_kiosk(*TOUCH_ARGS)
    kiosk.show()
    qtbot.waitUntil(lambda: kiosk.window.isExposed() and one(kiosk, "attractScreen").width() > 0)
    assert find(kiosk, "visitorGroupBar") == []
    tap(kiosk, one(kiosk, "attractScreen"))
    qtbot.waitUntil(lambda: settled(kiosk, "browse"))
    bar = one(kiosk, "visitorGroupBar")
    groups = [b.property("group") for b in find(kiosk, "visitorGroupButton", under=bar)]
    assert groups[:3] == [
        "Nursing and midwifery",
        "Medical and dental",
        "Allied health professionals",
    ]
    # The projects are still there, below it, and can be opened without answering.
    grid = one(kiosk, "projectGrid")
    assert grid.mapToScene(QPointF(0, 0)).y() >= bar.mapToScene(QPointF(0, bar.height())).y()
    assert tiles_on_screen(kiosk)
    button = next(b for b in find(kiosk, "visitorGroupButton") if b.property("group") == groups[1])
    click(kiosk, button)
    qtbot.waitUntil(lambda: find(kiosk, "visitorGroupBar") == [])
    kiosk.touch.navigator.sleep()
    qtbot.waitUntil(lambda: settled(kiosk, "attract"))

    # The next visitor skips it; the one after just opens a project.
    tap(kiosk, one(kiosk, "attractScreen"))
    qtbot.waitUntil(lambda: settled(kiosk, "browse") and len(find(kiosk, "visitorGroupBar")) == 1)
    click(kiosk, one(kiosk, "visitorGroupSkip"))
    qtbot.waitUntil(lambda: find(kiosk, "visitorGroupBar") == [])
    kiosk.touch.navigator.sleep()
    qtbot.waitUntil(lambda: settled(kiosk, "attract"))
    tap(kiosk, one(kiosk, "attractScreen"))
    qtbot.waitUntil(lambda: settled(kiosk, "browse") and len(find(kiosk, "visitorGroupBar")) == 1)
    kiosk.touch.openProject("ward-7-falls")
    qtbot.waitUntil(lambda: settled(kiosk, "project"))
    click(kiosk, one(kiosk, "backButton"))
    qtbot.waitUntil(lambda: settled(kiosk, "browse"))
    assert find(kiosk, "visitorGroupBar") == []
    kiosk.close()
    groups_recorded = [r[2] for r in recorded(tmp_path / "state") if r[1] == "visitor_group"]
    assert groups_recorded == ["Medical and dental"]


def test_configured_visitor_groups_and_none_when_uptake_is_off(make_kiosk, qtbot, tmp_path):
    config = tmp_path / "kiosk.yaml"
    config.write_text("uptake:\n  visitor_groups: [Pharmacy, Theatres]\n")
    kiosk = make_kiosk("--config", str(config), *TOUCH_ARGS)
    assert kiosk.touch.visitorGroups == ["Pharmacy", "Theatres"]
    kiosk.touch.navigator.wake()
    assert kiosk.touch.askVisitor
    kiosk.touch.chooseVisitorGroup("Somebody typed this")
    assert kiosk.touch.askVisitor  # not one of the choices: nothing happens
    config.write_text("uptake:\n  enabled: false\n")
    off = make_kiosk("--config", str(config), *TOUCH_ARGS, "--state-dir", str(tmp_path / "off"))
    off.touch.navigator.wake()
    assert not off.touch.askVisitor and off.touch.visitorGroups == []


def test_qr_campaign_links_carry_the_screen_and_the_project(make_kiosk, qtbot, tmp_path):
    from urllib.parse import parse_qs, urlsplit

    from tests.gui.touch_support import qr_codes

    config = tmp_path / "kiosk.yaml"
    config.write_text("screen_id: cafe\nqr:\n  campaign: true\n")
    kiosk = make_kiosk("--config", str(config), *TOUCH_ARGS)
    kiosk.show()
    qtbot.waitUntil(lambda: kiosk.window.isExposed() and one(kiosk, "attractScreen").width() > 0)
    kiosk.touch.navigator.wake()
    kiosk.touch.openProject("ward-7-falls")
    qtbot.waitUntil(lambda: settled(kiosk, "project"))
    (scanned,) = qr_codes(kiosk)  # read back from the screen by a QR decoder
    link = kiosk.catalogue.get("ward-7-falls").link
    assert scanned.startswith(link.split("?")[0])
    assert parse_qs(urlsplit(scanned).query) == {
        **parse_qs(urlsplit(link).query),
        "utm_source": ["qi-hub"],
        "utm_medium": ["qr"],
        "utm_campaign": ["cafe"],
        "utm_content": ["ward-7-falls"],
    }


def test_a_kiosk_forwards_to_matomo_and_copies_its_store_to_the_share(
    make_kiosk, qtbot, tmp_path, monkeypatch
):
    from urllib.parse import parse_qs

    from kiosk.uptake.store import open_read_only
    from tests.unit.uptake.matomo_server import Matomo

    server = Matomo()
    config = tmp_path / "kiosk.yaml"
    config.write_text(
        "screen_id: atrium\n"
        "uptake:\n"
        f"  export_dir: {tmp_path / 'share'}\n"
        f"  matomo: {{url: '{server.url}', site_id: 4, token: '${{UPTAKE_TEST_TOKEN}}'}}\n"
    )
    monkeypatch.setenv("UPTAKE_TEST_TOKEN", "t0ken")
    try:
        kiosk = make_kiosk("--config", str(config), *TOUCH_ARGS)
        kiosk.show()
        qtbot.waitUntil((tmp_path / "share" / "atrium.uptake.sqlite").exists)
        nav = kiosk.touch.navigator
        nav.wake()
        kiosk.touch.chooseVisitorGroup("Students")
        kiosk.touch.openProject("ward-7-falls")
        nav.sleep()
        qtbot.waitUntil(
            lambda: any(
                parse_qs(r[1:]).get("e_a") == ["session_ended"]
                for body in server.bodies
                for r in body["requests"]
            ),
            timeout=15_000,
        )
        kiosk.close()
    finally:
        server.close()
    sent = [r for r in server.requests() if r["e_a"][0] != "poster_shown"]
    assert [r["e_a"][0] for r in sent] == [
        "session_started", "visitor_group", "project_opened", "qr_shown", "session_ended"
    ]  # fmt: skip
    assert all(r["dimension1"] == ["Students"] and r["idsite"] == ["4"] for r in sent)
    assert all(body["token_auth"] == "t0ken" for body in server.bodies)
    copy = open_read_only(tmp_path / "share" / "atrium.uptake.sqlite")
    assert copy.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    copy.close()


def test_standby_stops_the_poster_clock(make_kiosk, qtbot, tmp_path: Path) -> None:
    import datetime as dt

    class Clock:
        moment = dt.datetime(2026, 3, 28, 18, 59, 59, tzinfo=dt.UTC)

        def __call__(self) -> dt.datetime:
            return self.moment

    clock = Clock()
    config = tmp_path / "kiosk.yaml"
    config.write_text("schedule:\n  timezone: Europe/London\n  open:\n    daily: 07:00-19:00\n")
    kiosk = make_kiosk("--config", str(config), "--demo", clock=clock)
    kiosk.show()
    first = kiosk.rotation.showing
    clock.moment = dt.datetime(2026, 3, 28, 19, 0, tzinfo=dt.UTC)
    kiosk.standby.check()
    assert kiosk.standby.active
    kiosk.recorder.flush()
    rows = recorded(tmp_path / "state")
    assert [(r[1], r[2]) for r in rows] == [("poster_shown", first)]  # ended by standby
    clock.moment = dt.datetime(2026, 3, 29, 7, 0, tzinfo=dt.UTC)
    kiosk.standby.check()
    assert not kiosk.standby.active
    kiosk.close()
    assert [(r[1], r[2]) for r in recorded(tmp_path / "state")] == [
        ("poster_shown", first),
        ("poster_shown", first),  # on screen again after standby
    ]


def test_an_unusable_store_turns_recording_off_and_the_kiosk_runs(make_kiosk, tmp_path, caplog):
    state = tmp_path / "state"
    state.mkdir()
    newer = sqlite3.connect(state / "uptake.sqlite")  # written by a newer kiosk
    newer.execute("PRAGMA user_version = 99")
    newer.commit()
    newer.close()
    kiosk = make_kiosk(*TOUCH_ARGS)
    assert kiosk.recorder is None
    assert "uptake recording is off" in caplog.text
    kiosk.touch.navigator.wake()  # still works, records nothing
    kiosk.touch.openProject("ward-7-falls")
    kiosk.close()
    check = sqlite3.connect(state / "uptake.sqlite")
    assert check.execute("PRAGMA user_version").fetchone() == (99,)  # left as it was
    check.close()


def test_the_bar_is_tapped_where_it_is_drawn_even_before_the_first_frame(
    make_kiosk, qtbot, tmp_path
):
    """With no fade, Browse is fully shown the moment the screen wakes, before Qt has laid out
    the bar (it does so only when it draws). A tap must land where a person sees the bar."""
    config = tmp_path / "kiosk.yaml"
    config.write_text("display:\n  reduced_motion: true\n")
    kiosk = make_kiosk("--config", str(config), *TOUCH_ARGS)
    kiosk.show()
    qtbot.waitUntil(lambda: kiosk.window.isExposed() and one(kiosk, "attractScreen").width() > 0)
    kiosk.touch.navigator.wake()
    assert settled(kiosk, "browse")
    bar = one(kiosk, "visitorGroupBar")
    assert len(find(kiosk, "visitorGroupButton", under=bar)) >= 3
    click(kiosk, one(kiosk, "visitorGroupSkip"))
    assert find(kiosk, "visitorGroupBar") == []
    assert settled(kiosk, "browse")  # Skip, not the Back button under where the bar was
    kiosk.close()
