"""The QI tools through the real app: plan a project and chart your data, by touch and keyboard."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from PySide6.QtCore import Qt

from kiosk.outbox import Outbox
from kiosk.outbox.command import outbox_path
from tests.gui.touch_support import (
    click,
    find,
    focused_name,
    key,
    one,
    qr_codes,
    settled,
    tap,
    type_text,
)
from tests.helpers import decode_qr_codes, qimage_to_pil
from tests.unit.feed.feed_servers import Reply, ScriptedServer

HOSTILE = [
    "x" * 5000,
    "🎉🏥👩‍⚕️ emoji everywhere 🎉",
    "مرحبا بالعالم \u202e reversed \u202c",
    "tab\there\x00null\x1b[31mred\x07bell\rreturn",
    "<script>alert(1)</script> & ' \" %00 %0A",
]


@pytest.fixture
def server():
    made = ScriptedServer().start()
    yield made
    made.stop()


def config_file(tmp_path: Path, intake_url: str | None) -> Path:
    lines = ["mode: touch", "screen_id: hub-test", f"state_dir: {tmp_path / 'state'}"]
    if intake_url:
        lines += ["intake:", f"  url: {intake_url}", "  allow_http: true", "  email: qi@nhs.net"]
    path = tmp_path / "kiosk.yaml"
    path.write_text("\n".join(lines) + "\n")
    return path


def open_tool(kiosk, qtbot, tool: str) -> None:
    qtbot.waitUntil(lambda: settled(kiosk, "attract"))
    qtbot.wait(200)  # the first frame is on screen before the first touch
    if kiosk.window.width() > 1280:
        kiosk.touch.navigator.wake()  # the offscreen test screen takes touches up to 1280x720
    else:
        tap(kiosk, one(kiosk, "attractScreen"))
    qtbot.waitUntil(lambda: kiosk.touch.navigator.screen == "browse")
    kiosk.touch.openStart()
    qtbot.waitUntil(lambda: settled(kiosk, "start"))
    tile = next(t for t in find(kiosk, "toolTile") if t.property("toolId") == tool)
    tap(kiosk, tile)
    qtbot.waitUntil(lambda: kiosk.touch.navigator.screen == tool)
    screen = {"plan": "planScreen", "chart": "chartToolScreen"}[tool]
    qtbot.waitUntil(lambda: one(kiosk, screen).opacity() == 1)


def field_input(kiosk, name: str):
    return one(kiosk, f"{name}Input")


def type_into(kiosk, qtbot, name: str, text: str) -> None:
    """A finger taps the box, then a physical keyboard types."""
    qtbot.wait(100)  # the step's layout settles
    tap(kiosk, field_input(kiosk, name))
    qtbot.waitUntil(lambda: field_input(kiosk, name).hasActiveFocus())
    type_text(kiosk, text)


def tap_keys(kiosk, keyboard_name: str, text: str | list[str]) -> None:
    """A finger on the on-screen keyboard."""
    keyboard = one(kiosk, keyboard_name)
    keys = {
        k.property("accessibleName"): k
        for k in find(kiosk, "", under=keyboard)
        if k.property("accessibleName")
    }
    for c in text:
        tap(kiosk, keys["Space" if c == " " else c])


def test_plan_by_touch_composes_the_aim_and_the_qr_mails_the_plan(
    make_kiosk, qtbot, tmp_path
) -> None:
    kiosk = make_kiosk("--config", str(config_file(tmp_path, None)), size="1920x1080")
    kiosk.show()
    open_tool(kiosk, qtbot, "plan")
    plan = kiosk.touch.plan
    assert one(kiosk, "planScreen").property("visible") is not False
    assert find(kiosk, "sendPlanButton") == []  # no intake configured: no Send

    tap(kiosk, next(c for c in find(kiosk, "aimChange") if c.property("text") == "Reduce"))
    tap(kiosk, field_input(kiosk, "aimWhat"))
    qtbot.waitUntil(lambda: bool(find(kiosk, "planKeyboard")))
    tap_keys(kiosk, "planKeyboard", "falls on ward 7")
    tap_keys(kiosk, "planKeyboard", ["Hide the keyboard"])
    tap(kiosk, field_input(kiosk, "aimHowMuch"))
    tap_keys(kiosk, "planKeyboard", "30")
    tap_keys(kiosk, "planKeyboard", ["Hide the keyboard"])
    months = find(kiosk, "monthChip")
    tap(kiosk, months[3])
    statement = one(kiosk, "aimStatement").property("text")
    assert statement.startswith("Reduce falls on ward 7 by 30% by ")
    assert statement == plan.aimStatement
    assert months[3].property("text").split()[0] in statement

    tap(kiosk, one(kiosk, "planNext"))
    qtbot.waitUntil(lambda: bool(find(kiosk, "planOutcomeInput")))
    type_into(kiosk, qtbot, "planOutcome", "falls per 1000 bed days")
    tap(kiosk, one(kiosk, "planNext"))
    qtbot.waitUntil(lambda: bool(find(kiosk, "planTestInput")))
    type_into(kiosk, qtbot, "planTest", "hourly rounding in bay 2")
    tap(kiosk, one(kiosk, "planNext"))
    qtbot.waitUntil(lambda: bool(find(kiosk, "planTakeAwayQr")))

    qr = one(kiosk, "planTakeAwayQr")
    link = qr.property("url")
    assert link.startswith("mailto:")
    qtbot.wait(50)
    assert link in qr_codes(kiosk)  # it decodes from the screen
    body = parse_qs(urlsplit(link).query)["body"][0]
    assert "Aim: Reduce falls on ward 7 by 30% by" in body
    assert "Outcome measure: falls per 1000 bed days" in body
    assert "First test of change: hourly rounding in bay 2" in body


def test_the_take_away_qr_reads_at_half_resolution(make_kiosk, qtbot, tmp_path) -> None:
    """A long plan, drawn at 1080p and read from an image of half the resolution (a phone
    camera a metre away sees about that much)."""
    kiosk = make_kiosk("--config", str(config_file(tmp_path, None)), size="1920x1080")
    kiosk.show()
    open_tool(kiosk, qtbot, "plan")
    plan = kiosk.touch.plan
    for name in ("problem", "aim_what", "test_plan", "prediction", "outcome_measure", "team"):
        plan.setField(name, "a rather long sentence about the project " * 10)
    plan.goToStep(3)
    qtbot.waitUntil(lambda: bool(find(kiosk, "planTakeAwayQr")))
    qtbot.wait(50)
    image = qimage_to_pil(kiosk.window.grabWindow())
    small = image.resize((image.width // 2, image.height // 2))
    assert plan.takeAwayUrl in decode_qr_codes(small)


def test_a_sent_plan_reaches_the_intake_server(make_kiosk, qtbot, tmp_path, server) -> None:
    server.route("/intake", Reply(201))
    kiosk = make_kiosk("--config", str(config_file(tmp_path, server.url("/intake"))))
    kiosk.show()
    open_tool(kiosk, qtbot, "plan")
    type_into(kiosk, qtbot, "aimWhat", "waits in clinic")
    kiosk.touch.plan.goToStep(3)
    qtbot.waitUntil(lambda: bool(find(kiosk, "sendPlanButton")))
    qtbot.wait(100)  # the step's layout settles
    tap(kiosk, one(kiosk, "sendPlanButton"))
    qtbot.waitUntil(lambda: bool(find(kiosk, "planSentMessage")))
    assert "Sent" in one(kiosk, "planSentMessage").property("text")
    qtbot.waitUntil(lambda: any(r.method == "POST" for r in server.requests), timeout=10_000)
    [request] = [r for r in server.requests if r.method == "POST"]
    document = json.loads(request.body)
    assert document["kind"] == "project_plan" and document["screen_id"] == "hub-test"
    assert document["plan"]["aim"]["what"] == "waits in clinic"
    assert request.headers["idempotency-key"] == document["id"]
    qtbot.waitUntil(lambda: Outbox(outbox_path(tmp_path / "state")).counts().pending == 0)
    status = json.loads((tmp_path / "state" / "status.json").read_text())
    assert status["outbox"] == {"pending": 0, "failed": 0, "last_error": None}


def test_a_reset_wipes_a_half_filled_plan(make_kiosk, qtbot, tmp_path) -> None:
    kiosk = make_kiosk("--config", str(config_file(tmp_path, None)))
    kiosk.show()
    open_tool(kiosk, qtbot, "plan")
    type_into(kiosk, qtbot, "planProblem", "a private worry")
    type_into(kiosk, qtbot, "aimWhat", "secret plans")
    assert kiosk.touch.plan.plan.aim_what == "secret plans"
    kiosk.touch.navigator.sleep()  # idle: back to Attract
    assert kiosk.touch.plan.plan.aim_what == "" and kiosk.touch.plan.plan.problem == ""
    assert field_input_text(kiosk, "aimWhat") == ""
    assert field_input_text(kiosk, "planProblem") == ""
    # Home, or Back then the tile again, also starts afresh.
    open_tool(kiosk, qtbot, "plan")
    type_into(kiosk, qtbot, "aimWhat", "again")
    click(kiosk, one(kiosk, "homeButton"))
    qtbot.waitUntil(lambda: kiosk.touch.navigator.screen == "browse")
    assert kiosk.touch.plan.plan.aim_what == ""  # forgotten on leaving, not on coming back
    assert field_input_text(kiosk, "aimWhat") == ""
    kiosk.touch.openStart()
    qtbot.waitUntil(lambda: settled(kiosk, "start"))
    tap(kiosk, next(t for t in find(kiosk, "toolTile") if t.property("toolId") == "plan"))
    qtbot.waitUntil(lambda: kiosk.touch.navigator.screen == "plan")
    assert kiosk.touch.plan.plan.aim_what == ""
    assert field_input_text(kiosk, "aimWhat") == ""
    # Back to Start forgets it too, and so does leaving Chart your data.
    type_into(kiosk, qtbot, "aimWhat", "once more")
    click(kiosk, one(kiosk, "backButton"))
    qtbot.waitUntil(lambda: kiosk.touch.navigator.screen == "start")
    assert kiosk.touch.plan.plan.aim_what == "" and field_input_text(kiosk, "aimWhat") == ""
    kiosk.touch.openTool("chart")
    kiosk.touch.chartTool.setValues("1 2 3")
    kiosk.touch.navigator.back()
    assert kiosk.touch.chartTool.count == 0


def field_input_text(kiosk, name: str) -> str:
    from tests.gui.touch_support import items

    [item] = [i for i in items(kiosk.window.rootObject()) if i.objectName() == f"{name}Input"]
    return item.property("text")


def test_hostile_text_in_every_field_is_tidied_and_never_breaks(
    make_kiosk, qtbot, tmp_path
) -> None:
    kiosk = make_kiosk("--config", str(config_file(tmp_path, None)))
    kiosk.show()
    open_tool(kiosk, qtbot, "plan")
    plan = kiosk.touch.plan
    from kiosk.tools.plan import LIMITS

    for text in HOSTILE:
        for name in LIMITS:
            plan.setField(name, text)
        for step in range(plan.property("stepCount")):
            plan.goToStep(step)
            qtbot.wait(10)
        for name, limit in LIMITS.items():
            value = getattr(plan.plan, name)
            assert len(value) <= limit
            assert not any(ord(c) < 32 and c != "\n" for c in value), (name, value)
        assert len(plan.takeAwayUrl.encode()) <= 700
    # And typed, through the text boxes themselves.
    plan.goToStep(0)
    qtbot.wait(10)
    type_into(kiosk, qtbot, "aimWhat", "abc" * 100)
    assert len(field_input_text(kiosk, "aimWhat")) <= 120


def test_chart_your_data_by_keyboard(make_kiosk, qtbot, tmp_path) -> None:
    kiosk = make_kiosk("--config", str(config_file(tmp_path, None)))
    kiosk.show()
    open_tool(kiosk, qtbot, "chart")
    tool = kiosk.touch.chartTool
    assert field_input(kiosk, "chartValuesField").hasActiveFocus()
    type_text(kiosk, "5 6 5 6 5 6 5 6 5 6 5 6 5 9 10 11 12 13 14")
    tap(kiosk, next(c for c in find(kiosk, "chartBetter") if c.property("text") == "Higher"))
    chart = one(kiosk, "spcChart")
    qtbot.waitUntil(lambda: chart.property("chart") is not None)
    assert tool.variation == "improvement_high"
    reading = one(kiosk, "chartReading").property("text")
    assert reading == tool.reading and reading
    # A bad number is a hint, not a crash.
    type_text(kiosk, " abc")
    assert "not a number" in tool.hint
    assert tool.count == 19


def test_chart_your_data_by_touch_keypad(make_kiosk, qtbot, tmp_path) -> None:
    kiosk = make_kiosk("--config", str(config_file(tmp_path, None)))
    kiosk.show()
    open_tool(kiosk, qtbot, "chart")
    tap(kiosk, field_input(kiosk, "chartValuesField"))
    qtbot.waitUntil(lambda: bool(find(kiosk, "chartKeyboard")))
    tap_keys(kiosk, "chartKeyboard", "12 15 9 14")
    assert kiosk.touch.chartTool.count == 4
    assert "more values" in kiosk.touch.chartTool.hint
    key(kiosk, Qt.Key.Key_Escape)


def test_a_plan_waits_through_503_and_a_kiosk_restart_and_arrives_once(
    make_kiosk, qtbot, tmp_path, caplog
) -> None:
    busy = ScriptedServer().start()
    port = busy.server_address[1]
    busy.route("/intake", Reply(503, headers={"Retry-After": "1"}))
    config = config_file(tmp_path, busy.url("/intake"))
    kiosk = make_kiosk("--config", str(config))
    kiosk.show()
    open_tool(kiosk, qtbot, "plan")
    type_into(kiosk, qtbot, "aimWhat", "theatre starts")
    kiosk.touch.plan.setField("contact_email", "private.person@nhs.net")
    kiosk.touch.plan.send()
    assert kiosk.touch.plan.sent
    qtbot.waitUntil(lambda: any(r.method == "POST" for r in busy.requests), timeout=10_000)
    kiosk.close()  # the kiosk restarts; the intake is down meanwhile
    busy.stop()
    outbox = Outbox(outbox_path(tmp_path / "state"))
    [waiting] = outbox.entries()
    outbox.close()

    received: list = []

    def accept(request):
        received.append(json.loads(request.body)["id"])
        return Reply(200)

    back = ScriptedServer(port=port).start()
    back.route("/intake", accept)
    try:
        again = make_kiosk("--config", str(config))
        again.show()
        qtbot.waitUntil(lambda: received == [waiting.id], timeout=15_000)
        qtbot.waitUntil(lambda: again.outbox_service.counts.pending == 0)
        qtbot.wait(500)
        assert received == [waiting.id]  # exactly once
    finally:
        back.stop()
    assert "private.person" not in caplog.text  # a visitor's email is never logged


def test_tool_use_is_counted_for_uptake_without_any_text(
    make_kiosk, qtbot, tmp_path, server
) -> None:
    server.route("/intake", Reply(200))
    kiosk = make_kiosk("--config", str(config_file(tmp_path, server.url("/intake"))))
    kiosk.show()
    seen: list[tuple[str, tuple]] = []
    uptake = kiosk.touch.uptake
    uptake.toolUsed.connect(lambda tool: seen.append(("toolUsed", (tool,))))
    uptake.planSent.connect(lambda: seen.append(("planSent", ())))
    open_tool(kiosk, qtbot, "plan")
    kiosk.touch.plan.setField("aim_what", "a private idea")
    for step in (3, 2, 3):  # the take-away QR code is shown (counted once for the plan)
        kiosk.touch.plan.goToStep(step)
    kiosk.touch.plan.send()
    kiosk.touch.navigator.home()
    kiosk.touch.openStart()
    kiosk.touch.openTool("chart")
    assert seen == [("toolUsed", ("plan",)), ("planSent", ()), ("toolUsed", ("chart",))]
    kiosk.close()  # the recorder writes what it holds
    import sqlite3

    store_file = tmp_path / "state" / "uptake.sqlite"
    rows = sqlite3.connect(store_file).execute(
        "SELECT kind, item, detail FROM events"
        " WHERE kind IN ('tool_used', 'plan_sent', 'qr_shown') ORDER BY id"
    )
    assert rows.fetchall() == [
        ("tool_used", "plan", ""),
        ("qr_shown", "plan", "tool"),
        ("plan_sent", "plan", ""),
        ("tool_used", "chart", ""),
    ]
    assert b"a private idea" not in store_file.read_bytes()


def focus_on(kiosk, name: str, limit: int = 60) -> None:
    """Tab (a real keyboard) until the item called `name` has the focus."""
    for _ in range(limit):
        if focused_name(kiosk) == name:
            return
        key(kiosk, Qt.Key.Key_Tab)
    raise AssertionError(f"Tab never reached {name!r} (focus on {focused_name(kiosk)!r})")


def test_plan_by_keyboard_alone_from_attract_to_sent(make_kiosk, qtbot, tmp_path, server) -> None:
    """No finger at all: a key wakes the screen, Tab moves, Enter and Space choose."""
    server.route("/intake", Reply(202))
    kiosk = make_kiosk("--config", str(config_file(tmp_path, server.url("/intake"))))
    kiosk.show()
    qtbot.waitUntil(lambda: settled(kiosk, "attract"))
    key(kiosk, Qt.Key.Key_Space, " ")
    qtbot.waitUntil(lambda: settled(kiosk, "browse"))
    focus_on(kiosk, "startButton")
    key(kiosk, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: settled(kiosk, "start"))
    while not (
        focused_name(kiosk) == "toolTile"
        and kiosk.window.activeFocusItem().property("toolId") == "plan"
    ):
        key(kiosk, Qt.Key.Key_Tab)
    key(kiosk, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: kiosk.touch.navigator.screen == "plan")
    qtbot.waitUntil(lambda: one(kiosk, "planScreen").opacity() == 1)
    plan = kiosk.touch.plan

    assert focused_name(kiosk) == "planProblemInput"  # the first box is ready to type in
    type_text(kiosk, "Night falls on Ward 7")
    focus_on(kiosk, "aimChange")  # the first choice: Reduce
    key(kiosk, Qt.Key.Key_Space, " ")
    focus_on(kiosk, "aimWhatInput")
    type_text(kiosk, "falls at night")
    focus_on(kiosk, "aimHowMuchInput")
    type_text(kiosk, "25")
    focus_on(kiosk, "monthChip")  # the month list, on its current month
    for _ in range(4):
        key(kiosk, Qt.Key.Key_Right)
    key(kiosk, Qt.Key.Key_Return)
    assert plan.fields["aim_by_when"] == plan.property("months")[4]["value"]
    aim = one(kiosk, "aimStatement").property("text")
    assert aim.startswith("Reduce falls at night by 25% by ") and aim == plan.aimStatement
    focus_on(kiosk, "planNext")
    key(kiosk, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: plan.step == 1)
    focus_on(kiosk, "planOutcomeInput")
    type_text(kiosk, "falls per 1000 bed days")
    focus_on(kiosk, "planNext")
    key(kiosk, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: plan.step == 2)
    focus_on(kiosk, "planTestInput")
    type_text(kiosk, "a sensor mat in bay 4")
    focus_on(kiosk, "planPredictionInput")
    type_text(kiosk, "fewer falls in bay 4")
    focus_on(kiosk, "planNext")
    key(kiosk, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: bool(find(kiosk, "planTakeAwayQr")))

    link = one(kiosk, "planTakeAwayQr").property("url")
    qtbot.waitUntil(lambda: link in qr_codes(kiosk))  # read from the screen
    assert link.startswith("mailto:qi@nhs.net?")
    body = parse_qs(urlsplit(link).query)["body"][0]
    for typed in (
        "Night falls on Ward 7",
        aim,
        "falls per 1000 bed days",
        "a sensor mat in bay 4",
        "fewer falls in bay 4",
    ):
        assert typed in body
    focus_on(kiosk, "sendPlanButton")
    key(kiosk, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: bool(find(kiosk, "planSentMessage")))
    qtbot.waitUntil(lambda: any(r.method == "POST" for r in server.requests), timeout=10_000)
    [request] = [r for r in server.requests if r.method == "POST"]
    assert json.loads(request.body)["plan"]["first_test"]["plan"] == "a sensor mat in bay 4"


def test_chart_your_data_by_keyboard_alone(make_kiosk, qtbot, tmp_path) -> None:
    kiosk = make_kiosk("--config", str(config_file(tmp_path, None)))
    kiosk.show()
    qtbot.waitUntil(lambda: settled(kiosk, "attract"))
    key(kiosk, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: settled(kiosk, "browse"))
    focus_on(kiosk, "startButton")
    key(kiosk, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: settled(kiosk, "start"))
    while not (
        focused_name(kiosk) == "toolTile"
        and kiosk.window.activeFocusItem().property("toolId") == "chart"
    ):
        key(kiosk, Qt.Key.Key_Tab)
    key(kiosk, Qt.Key.Key_Space, " ")
    qtbot.waitUntil(lambda: kiosk.touch.navigator.screen == "chart")
    qtbot.waitUntil(lambda: one(kiosk, "chartToolScreen").opacity() == 1)
    tool = kiosk.touch.chartTool
    assert focused_name(kiosk) == "chartValuesFieldInput"
    type_text(kiosk, "30 31 29 30 31 29 30 31 29 30 31 29 30 22 21 20 19 18 17")
    focus_on(kiosk, "chartBetter")
    key(kiosk, Qt.Key.Key_Tab)  # the second choice: Lower
    key(kiosk, Qt.Key.Key_Return)
    assert tool.better == "lower"
    chart = one(kiosk, "spcChart")
    qtbot.waitUntil(lambda: chart.property("chart") is not None)
    assert tool.variation == "improvement_low"
    assert one(kiosk, "chartReading").property("text") == tool.reading != ""


@pytest.mark.parametrize("size", ["1920x1080", "1080x1920"])
def test_the_box_being_typed_in_stays_in_view_above_the_on_screen_keyboard(
    make_kiosk, qtbot, tmp_path, size: str
) -> None:
    """Every box of every step, brought up by a finger (the keyboard comes with it), is in
    full view between the step header and the keyboard, every key is on the screen, and no
    text of a step is cut short."""
    from PySide6.QtCore import QPointF

    from tests.gui.touch_support import drawn, items

    kiosk = make_kiosk("--config", str(config_file(tmp_path, None)), size=size)
    kiosk.show()
    qtbot.waitUntil(lambda: settled(kiosk, "attract"))
    kiosk.touch.navigator.wake()
    kiosk.touch.openStart()
    kiosk.touch.openTool("plan")
    qtbot.waitUntil(lambda: one(kiosk, "planScreen").opacity() == 1)
    plan = kiosk.touch.plan
    page = one(kiosk, "planPage")
    boxes = {
        0: ["planProblem", "aimWhat", "aimHowMuch", "aimUnit"],
        1: ["planOutcome", "planProcess", "planBalancing"],
        2: ["planTest", "planPrediction", "planTeam", "planContactName", "planContactEmail"],
    }
    for step, names in boxes.items():
        plan.goToStep(step)
        drawn(kiosk)
        cut = [
            t.property("text")
            for t in find(kiosk, "", under=one(kiosk, "planScreen"))
            if t.property("truncated") and t.property("text")
        ]
        assert not cut, (size, step, cut)  # no title, question or hint is cut short
        for name in names:
            [box] = [i for i in items(kiosk.window.rootObject()) if i.objectName() == name]
            box.started.emit()  # as a finger on the box does
            qtbot.waitUntil(lambda: bool(find(kiosk, "planKeyboard")))
            drawn(kiosk)
            drawn(kiosk)  # the page has scrolled to it
            keyboard = one(kiosk, "planKeyboard")
            top = page.mapToScene(QPointF(0, 0)).y()
            keyboard_top = keyboard.mapToScene(QPointF(0, 0)).y()
            box_top = box.mapToScene(QPointF(0, 0)).y()
            box_bottom = box.mapToScene(QPointF(0, box.height())).y()
            assert top - 1 <= box_top and box_bottom <= keyboard_top + 1, (size, name)
            for k in find(kiosk, "", under=keyboard):
                if k.property("accessibleName"):
                    left = k.mapToScene(QPointF(0, 0)).x()
                    right = k.mapToScene(QPointF(k.width(), 0)).x()
                    assert left >= 0 and right <= kiosk.window.width(), (size, k)


TYPED_HOSTILE = [
    "🎉👩‍⚕️ emoji 🏥",
    "مرحبا \u202e reversed \u202c שלום",
    "tab\tnull\x00esc\x1b[31m bell\x07 cr\r del\x7f",
    "<b>bold</b> & ' \" %00 %0A ${HOME}",
]


def type_raw(kiosk, text: str) -> None:
    """Each character as a key press carrying it, control characters included."""
    for c in text:
        code = Qt.Key(ord(c.upper())) if c.isascii() and c.isalnum() else Qt.Key.Key_unknown
        key(kiosk, code, c)


def test_hostile_text_typed_into_every_box_of_both_tools(make_kiosk, qtbot, tmp_path) -> None:
    """Typed, key by key, into every box of every step: what is kept is tidied and clamped, the
    steps, the charter and the QR code still draw, and the chart tool gives hints."""
    from kiosk.tools.plan import LIMITS
    from tests.gui.touch_support import drawn, items

    kiosk = make_kiosk("--config", str(config_file(tmp_path, None)), size="1080x1920")
    kiosk.show()
    open_tool(kiosk, qtbot, "plan")
    plan = kiosk.touch.plan
    boxes = {
        0: ["planProblem", "aimWhat", "aimHowMuch", "aimUnit"],
        1: ["planOutcome", "planProcess", "planBalancing"],
        2: ["planTest", "planPrediction", "planTeam", "planContactName", "planContactEmail"],
    }
    for step, names in boxes.items():
        plan.goToStep(step)
        drawn(kiosk)
        for name in names:
            [box] = [i for i in items(kiosk.window.rootObject()) if i.objectName() == name]
            box.edit()
            for text in TYPED_HOSTILE:
                type_raw(kiosk, text)
            type_raw(kiosk, "x" * (box.property("maximumLength") + 10))  # more than it takes
            drawn(kiosk)
    typed = plan.fields
    assert set(typed) >= set(LIMITS) - {"aim_change", "aim_by_when"}
    for name, limit in LIMITS.items():
        value = typed[name]
        assert len(value) <= limit, name
        assert not any(ord(c) < 32 and c != "\n" for c in value), (name, value)
        assert "\x7f" not in value
    assert "🎉👩‍⚕️ emoji" in typed["problem"]  # what is fine is kept as typed
    plan.goToStep(3)
    qtbot.waitUntil(lambda: bool(find(kiosk, "planTakeAwayQr")))
    assert len(plan.takeAwayUrl.encode()) <= 700
    qtbot.waitUntil(lambda: plan.takeAwayUrl in qr_codes(kiosk))  # still one readable code

    kiosk.touch.navigator.home()
    kiosk.touch.openStart()
    kiosk.touch.openTool("chart")
    qtbot.waitUntil(lambda: one(kiosk, "chartToolScreen").opacity() == 1)
    tool = kiosk.touch.chartTool
    for name in ("chartValuesField", "chartTargetField", "chartStartField"):
        [box] = [i for i in items(kiosk.window.rootObject()) if i.objectName() == name]
        box.edit()
        for text in TYPED_HOSTILE:
            type_raw(kiosk, text)
        type_raw(kiosk, "x" * 50)
        drawn(kiosk)
    assert tool.count == 0 and tool.hint  # no numbers in it: a hint, not a crash
