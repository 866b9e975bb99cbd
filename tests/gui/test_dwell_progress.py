"""The bar that fills while a poster is on show: it moves from the first poster on, and in a few
steps a second at most (each step is a redraw of the screen)."""

from __future__ import annotations

from pathlib import Path

from tests.helpers import find_items

DWELL_S = 5


def kiosk_with_dwell(make_kiosk, tmp_path: Path):
    config = tmp_path / "kiosk.yaml"
    config.write_text(f"rotation:\n  seconds: {DWELL_S}\n  transition_ms: 200\n")
    kiosk = make_kiosk("--config", str(config), "--demo")
    kiosk.show()
    (bar,) = find_items(kiosk.window.rootObject(), "dwellProgress")
    return kiosk, bar


def test_the_bar_fills_during_the_first_posters_dwell(make_kiosk, tmp_path: Path, qtbot) -> None:
    kiosk, bar = kiosk_with_dwell(make_kiosk, tmp_path)
    assert kiosk.rotation.changes == 0
    start = bar.property("width")
    qtbot.waitUntil(lambda: bar.property("width") > start, timeout=DWELL_S * 1000)
    assert kiosk.rotation.changes == 0  # still the first poster
    view_width = kiosk.window.width()
    assert 0 < bar.property("width") < view_width


def test_the_bar_steps_at_most_twice_a_second_and_fills(make_kiosk, tmp_path: Path, qtbot) -> None:
    kiosk, bar = kiosk_with_dwell(make_kiosk, tmp_path)
    view_width = kiosk.window.width()
    dwells: list[list[float]] = [[]]  # the bar's widths while each poster was in front
    kiosk.rotation.frontChanged.connect(lambda: dwells.append([]))
    bar.widthChanged.connect(lambda: dwells[-1].append(bar.property("width")))
    qtbot.waitUntil(lambda: kiosk.rotation.changes >= 2, timeout=2 * (DWELL_S + 3) * 1000)
    widths = dwells[1]  # the whole of the second poster's time in front
    (timer,) = find_items(bar, "progressTimer")
    assert timer.property("interval") >= 500
    # One dwell: from empty, growing at most twice a second, and full before the next poster.
    assert widths and widths[0] == 0, widths
    assert widths == sorted(widths), widths
    assert widths[-1] == view_width > 0, widths
    assert len(widths) <= 2 * DWELL_S + 1, widths
