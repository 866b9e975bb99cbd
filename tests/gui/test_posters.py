"""Posters as a person sees them: QR codes that scan, text big and unclipped, AA contrast."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.helpers import REPO, decode_qr_codes, find_items, qimage_to_pil


def shown_poster(kiosk):
    from kiosk.ui.render import front_poster, wait_until_ready

    assert wait_until_ready(kiosk), "the poster never became ready"
    kiosk.window.grabWindow()  # a frame: every layout is polished before anything is measured
    poster = front_poster(kiosk)
    assert poster is not None
    return poster


@pytest.mark.parametrize("size", ["1280x720", "1920x1080"])
def test_poster_qr_code_decodes_to_the_projects_link(make_kiosk, size: str) -> None:
    kiosk = make_kiosk("--demo", size=size)
    kiosk.show()
    poster = shown_poster(kiosk)
    project = kiosk.catalogue.get(poster.property("projectId"))
    assert project is not None and project.link
    qr_items = [q for q in find_items(poster, "qrCode") if q.property("visible")]
    assert [q.property("url") for q in qr_items] == [project.link]
    codes = decode_qr_codes(qimage_to_pil(kiosk.window.grabWindow()))
    assert codes == [project.link]


def _texts(poster):
    from PySide6.QtQuick import QQuickItem

    out = []

    def walk(item: QQuickItem) -> None:
        for child in item.childItems():
            if not child.isVisible() or child.opacity() == 0:
                continue
            if child.inherits("QQuickText") and child.property("text"):
                out.append(child)
            walk(child)

    walk(poster)
    return out


@pytest.mark.parametrize("size", ["1280x720", "1920x1080", "3840x2160", "1080x1920"])
def test_every_poster_text_is_readable_from_across_the_room_and_fits(make_kiosk, size: str) -> None:
    kiosk = make_kiosk("--demo", size=size)
    kiosk.show()
    width, height = (int(v) for v in size.split("x"))
    # A TV poster: 2.5% of the screen height. An upright touchscreen's attract loop: 2%.
    smallest = round((0.025 if width > height else 0.02) * height)
    checked = 0
    for project in kiosk.catalogue.projects:
        kiosk.rotation.show_project(project.id)
        poster = shown_poster(kiosk)
        for text in _texts(poster):
            label = f"{project.id}: {text.property('text')!r}"
            assert text.property("font").pixelSize() >= smallest, label
            # Wrapped or elided inside its box: never wider, never more lines than allowed.
            assert text.property("paintedWidth") <= text.width() + 1, label
            max_lines = text.property("maximumLineCount")
            assert text.property("lineCount") <= max_lines, label
            rect = text.mapRectToScene(text.boundingRect())
            assert rect.left() >= -1 and rect.right() <= kiosk.window.width() + 1, label
            assert rect.top() >= -1 and rect.bottom() <= height + 1, label
            checked += 1
    assert checked > 100


def _theme() -> tuple[dict[str, str], list[tuple[str, str]]]:
    text = (REPO / "screens" / "Theme.qml").read_text()
    colours = dict(re.findall(r'readonly property color (\w+): "(#[0-9A-Fa-f]{6})"', text))
    pairs = []
    for name in ("textPairs", "touchTextPairs"):  # posters, then the touch screens
        block = re.search(rf"\b{name}: \[(.*?)\n    \]", text, re.S)
        assert block is not None, name
        pairs += re.findall(r'\["(\w+)", "(\w+)"\]', block.group(1))
    return colours, pairs


def contrast(a: str, b: str) -> float:
    def luminance(hex_colour: str) -> float:
        channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
        lin = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]

    hi, lo = sorted((luminance(a), luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def test_contrast_helper_matches_wcag_reference_values() -> None:
    assert contrast("#000000", "#FFFFFF") == pytest.approx(21.0)
    assert contrast("#777777", "#FFFFFF") == pytest.approx(4.48, abs=0.01)


def test_every_theme_text_pair_meets_wcag_aa() -> None:
    colours, pairs = _theme()
    assert len(pairs) >= 19
    for fg, bg in pairs:
        ratio = contrast(colours[fg], colours[bg])
        assert ratio >= 4.5, f"{fg} on {bg}: {ratio:.2f}:1"


def test_chart_colours_meet_wcag_aa_on_the_card() -> None:
    from kiosk.ui import spc_chart

    for colour in (spc_chart.INK, spc_chart.MUTED):
        assert contrast(colour.name(), "#ffffff") >= 4.5


def test_poster_text_uses_only_checked_colours(make_kiosk) -> None:
    colours, pairs = _theme()
    allowed = {colours[fg].lower() for fg, _ in pairs}
    kiosk = make_kiosk("--demo")
    kiosk.show()
    for project in kiosk.catalogue.projects[:6]:
        kiosk.rotation.show_project(project.id)
        for text in _texts(shown_poster(kiosk)):
            assert text.property("color").name() in allowed, text.property("text")


def kiosk_on_feed(make_kiosk, tmp_path: Path, qtbot, projects: str):
    """A shown kiosk on a feed file of these projects, with qi.example.org links allowed."""
    feed = tmp_path / "feed.json"
    feed.write_text('{"feed_version": 1, "projects": [' + projects + "]}")
    config = tmp_path / "kiosk.yaml"
    config.write_text(f"feed:\n  source: {feed}\nqr:\n  allowed_hosts: [qi.example.org]\n")
    kiosk = make_kiosk("--config", str(config))
    qtbot.waitUntil(lambda: len(kiosk.catalogue) > 0, timeout=5000)  # the first refresh reads it
    kiosk.show()
    return kiosk


def test_feed_text_is_never_interpreted_as_markup(make_kiosk, tmp_path: Path, qtbot) -> None:
    from PySide6.QtQml import QQmlExpression

    kiosk = kiosk_on_feed(
        make_kiosk,
        tmp_path,
        qtbot,
        '{"id": "x", "title": "<b>Bold</b> <img src=x>", '
        '"aim": "<a href=\\"https://evil.example\\">click</a>", "link": "https://qi.example.org/x"}',
    )
    texts = _texts(shown_poster(kiosk))
    titles = [t for t in texts if t.objectName() == "posterTitle"]
    assert titles[0].property("text") == "<b>Bold</b> <img src=x>"
    for text in texts:
        # Text.PlainText is 0: feed text is never StyledText, RichText or Markdown.
        context = kiosk.window.engine().contextForObject(text)
        assert QQmlExpression(context, text, "textFormat").evaluate()[0] == 0, text.property("text")


def test_qr_code_only_for_https_links_on_allowed_hosts(make_kiosk, tmp_path: Path, qtbot) -> None:
    kiosk = kiosk_on_feed(
        make_kiosk,
        tmp_path,
        qtbot,
        '{"id": "ok", "title": "Allowed", "link": "https://qi.example.org/ok"},'
        '{"id": "plain", "title": "Plain http", "link": "http://qi.example.org/plain"},'
        '{"id": "other", "title": "Other host", "link": "https://evil.example.net/x"}',
    )
    for pid, expected in [("ok", ["https://qi.example.org/ok"]), ("plain", []), ("other", [])]:
        kiosk.rotation.show_project(pid)
        poster = shown_poster(kiosk)
        visible = [q.property("url") for q in find_items(poster, "qrCode") if q.isVisible()]
        assert visible == expected, pid
        assert decode_qr_codes(qimage_to_pil(kiosk.window.grabWindow())) == expected, pid
