"""The uptake report as one self-contained HTML page (inline SVG and CSS; prints well to PDF).

Every name in it (screen ids, project and template ids, visitor groups) is escaped.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from html import escape

from kiosk import __version__, spc
from kiosk.chart.svg import chart_svg, icon_svg
from kiosk.spc_reading import format_number, icon_text
from kiosk.uptake.report import ABOUT, NOT_ANSWERED, SMALL_COUNT, WEEKDAYS, Report

BLUE = "#005EB8"
INK = "#212B32"
MUTED = "#4C6272"
PALE = "#E8EDEE"

CSS = """
@page { size: A4; margin: 14mm; }
* { box-sizing: border-box; }
body { font-family: Lato, "Helvetica Neue", Arial, sans-serif; color: #212B32; margin: 0;
       background: #F0F4F5; line-height: 1.4; }
main { max-width: 1000px; margin: 0 auto; padding: 28px 32px 40px; background: #fff; }
header { border-bottom: 4px solid #005EB8; padding-bottom: 12px; margin-bottom: 20px; }
h1 { font-size: 28px; margin: 0 0 4px; color: #005EB8; }
h2 { font-size: 20px; margin: 28px 0 10px; border-bottom: 1px solid #D8DDE0; padding-bottom: 4px; }
.muted { color: #4C6272; }
.figures { display: grid; grid-template-columns: repeat(4, 1fr); gap: 10px; }
.figure { background: #E8EDEE; border-radius: 6px; padding: 10px 12px; }
.figure .n { font-size: 26px; font-weight: bold; color: #005EB8; display: block; }
.figure .what { font-size: 13px; color: #4C6272; }
svg.spc-chart { overflow: visible; }
.spc { display: flex; gap: 16px; align-items: flex-start; }
.spc .icons { display: flex; flex-direction: column; gap: 8px; padding-top: 6px; }
.reading { font-size: 17px; font-weight: bold; margin: 4px 0 10px; }
table { border-collapse: collapse; width: 100%; font-size: 14px; }
th, td { text-align: left; padding: 4px 8px; border-bottom: 1px solid #E8EDEE;
         vertical-align: top; }
th { color: #4C6272; font-weight: bold; border-bottom: 2px solid #D8DDE0; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
td.bar { width: 40%; }
.heat td { text-align: center; font-size: 12px; padding: 3px 2px; min-width: 26px; }
.heat th { text-align: center; font-size: 12px; padding: 3px 2px; }
.id { font-size: 11px; color: #4C6272; }
.note { font-size: 12px; color: #4C6272; margin-top: 6px; }
section { break-inside: avoid; }
section.long { break-inside: auto; }
tr { break-inside: avoid; }
h2 { break-after: avoid; }
footer { margin-top: 30px; font-size: 12px; color: #4C6272; border-top: 1px solid #D8DDE0;
         padding-top: 8px; }
@media print {
  body { background: #fff; }
  main { padding: 0; max-width: none; }
  .figure .n { font-size: 21px; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
"""


def _n(value: float) -> str:
    return format_number(round(value))


def _hours(seconds: float) -> str:
    hours = seconds / 3600
    return f"{hours:,.1f} h" if hours < 100 else f"{hours:,.0f} h"


def _duration(seconds: float) -> str:
    minutes, secs = divmod(round(seconds), 60)
    return f"{minutes} min {secs:02d} s" if minutes else f"{secs} s"


def _bar(value: float, top: float, colour: str = BLUE) -> str:
    width = 0 if top <= 0 else max(1.0, 300 * value / top)
    return (
        f'<svg width="300" height="14" viewBox="0 0 300 14" role="presentation">'
        f'<rect x="0" y="1" width="300" height="12" fill="{PALE}"/>'
        f'<rect x="0" y="1" width="{width:.1f}" height="12" fill="{colour}"/></svg>'
    )


def _period(report: Report) -> str:
    start = report.start.isoformat() if report.start else report.first_day
    end = report.end.isoformat() if report.end else report.last_day
    if not start:
        return "no data in this period"
    return f"{_date(start)} to {_date(end)}"


def _date(iso: str) -> str:
    day = dt.date.fromisoformat(iso)
    return f"{day.day} {day:%B %Y}"


def _figures(report: Report) -> str:
    mean = report.session_seconds / report.sessions_ended if report.sessions_ended else 0
    poster_seconds = sum(report.poster_seconds.values())
    items = [
        (_n(report.total_sessions), "touch sessions"),
        (_duration(mean) if report.sessions_ended else "–", "average session"),
        (_n(sum(report.projects_opened.values())), "projects opened"),
        (_n(sum(report.qr_shown.values())), "QR codes shown"),
        (_n(sum(report.templates_chosen.values())), "templates chosen"),
        (_n(report.searches), "searches"),
        (_n(sum(report.posters_shown.values())), "posters shown"),
        (_hours(poster_seconds), "of posters on screen"),
    ]
    cells = "".join(
        f'<div class="figure"><span class="n">{escape(n)}</span>'
        f'<span class="what">{escape(what)}</span></div>'
        for n, what in items
    )
    return f'<section><div class="figures">{cells}</div></section>'


def _week_labels(analysis: spc.Analysis) -> spc.Analysis:
    """The same analysis with each point labelled by its week's Monday, e.g. "1 Dec"."""
    points = []
    year = None
    for point in analysis.points:
        day = point.date
        if isinstance(day, dt.date):
            label = f"{day.day} {day:%b}" + (f" {day.year}" if day.year != year else "")
            year = day.year
            points.append(replace(point, date=label))
        else:
            points.append(point)
    return replace(analysis, points=tuple(points))


def _weekly(report: Report) -> str:
    analysis = report.analysis()
    head = "<section><h2>Touch sessions each week</h2>"
    if analysis is None:
        return head + f"<p class='reading'>{escape(report.reading())}</p></section>"
    chart = chart_svg(
        _week_labels(analysis), 820, 300, pixel_size=13, title="Touch sessions each week, XmR chart"
    )
    icons = ""
    if analysis.variation:
        icons += icon_svg("variation", analysis.variation, 56, title=icon_text(analysis.variation))
    if analysis.assurance:
        icons += icon_svg("assurance", analysis.assurance, 56, title=icon_text(analysis.assurance))
    first, last = report.weekly[0][0], report.weekly[-1][0]
    return (
        head
        + f'<p class="reading">{escape(report.reading())}</p>'
        + f'<div class="spc">{chart}<div class="icons">{icons}</div></div>'
        + '<p class="note">Sessions in each whole week (Monday to Sunday) from the week of '
        + f"{escape(_date(first.isoformat()))} to the week of {escape(_date(last.isoformat()))},"
        + " as a Making Data Count XmR chart: the solid line is the average, the dashed lines"
        + " the process limits; blue points are significant improvement (more sessions),"
        + " orange points significant concern.</p></section>"
    )


def _groups(report: Report) -> str:
    groups = report.visitor_groups
    rows = []
    total = report.total_sessions
    small = {g for g, n in groups.items() if n < SMALL_COUNT}
    withheld = _withheld_with(small, groups)
    shown = {g: n for g, n in groups.items() if g not in small | withheld}
    top = max(shown.values(), default=0)
    order = sorted(groups.items(), key=lambda kv: (kv[0] == NOT_ANSWERED, -kv[1], kv[0]))
    for group, n in order:
        if group in shown:
            share = f"{100 * n / total:.0f}%" if total else ""
            count, bar = f"{_n(n)}", _bar(n, top, MUTED if group == NOT_ANSWERED else BLUE)
        elif group in small:
            count, share, bar = "fewer than 5", "", ""
        else:
            count, share, bar = "not shown", "", ""
        rows.append(
            f"<tr><td>{escape(group)}</td><td class='num'>{count}</td>"
            f"<td class='num'>{share}</td><td class='bar'>{bar}</td></tr>"
        )
    body = "".join(rows) or "<tr><td colspan='4'>No sessions in this period</td></tr>"
    return (
        "<section><h2>Sessions by visitor group</h2><table><tr><th>Who was visiting</th>"
        "<th class='num'>Sessions</th><th class='num'>Share</th><th></th></tr>"
        + body
        + "</table><p class='note'>From the optional “Who’s visiting today?” bar at the start"
        " of a session. A group with fewer than 5 sessions is shown as “fewer than 5”; where"
        " only one is, the next smallest is not shown either, so that its count cannot be"
        " worked out from the total. No visitor can be recognised.</p></section>"
    )


def _withheld_with(small: set[str], groups: dict[str, int]) -> set[str]:
    """The rows withheld so that a lone small count cannot be worked out by subtracting the
    others from the total (secondary suppression): the next smallest row, if there is one."""
    if len(small) != 1:
        return set()  # none, or two or more whose sum alone is known
    others = sorted((n, g) for g, n in groups.items() if g not in small)
    return {others[0][1]} if others else set()


def _named(item: str, titles: dict[str, str], key: str | None = None) -> str:
    """A project's or template's title with its id beneath it, or just the id."""
    title = titles.get(key or item)
    if not title:
        return escape(item)
    return f"{escape(title)}<br><span class='id'>{escape(item)}</span>"


def _projects(report: Report, titles: dict[str, str], limit: int = 15) -> str:
    ids = (
        set(report.projects_opened)
        | {k.split(":", 1)[1] for k in report.qr_shown if k.startswith("project:")}
        | {k for k in report.posters_shown if k != ABOUT}
    )

    def score(pid: str) -> tuple[int, int, float, str]:
        return (
            -report.projects_opened.get(pid, 0),
            -report.qr_shown.get(f"project:{pid}", 0),
            -report.poster_seconds.get(pid, 0.0),
            pid,
        )

    rows = [
        f"<tr><td>{_named(pid, titles)}</td>"
        f"<td class='num'>{_n(report.projects_opened.get(pid, 0))}</td>"
        f"<td class='num'>{_n(report.qr_shown.get(f'project:{pid}', 0))}</td>"
        f"<td class='num'>{_n(report.posters_shown.get(pid, 0))}</td>"
        f"<td class='num'>{_hours(report.poster_seconds.get(pid, 0.0))}</td></tr>"
        for pid in sorted(ids, key=score)[:limit]
    ]
    more = (
        f"<p class='note'>The top {limit} of {len(ids)} projects; the CSV files have them all.</p>"
        if len(ids) > limit
        else ""
    )
    body = "".join(rows) or "<tr><td colspan='5'>Nothing recorded in this period</td></tr>"
    return (
        "<section class='long'><h2>Top projects</h2><table><thead><tr><th>Project</th>"
        "<th class='num'>Opened</th><th class='num'>QR code shown</th>"
        "<th class='num'>Posters shown</th><th class='num'>On screen</th></tr></thead><tbody>"
        + body
        + "</tbody></table>"
        + more
        + "</section>"
    )


def _tool_qr(report: Report, tool: str) -> str:
    """How often a tool's own QR code (the plan's "Take it with you") was shown; blank for a
    tool without one."""
    shown = report.qr_shown.get(f"tool:{tool}", 0)
    return _n(shown) if shown else ""


def _templates(report: Report, titles: dict[str, str]) -> str:
    rows = [
        f"<tr><td>Template</td><td>{_named(tid, titles, f'template:{tid}')}</td>"
        f"<td class='num'>{_n(n)}</td>"
        f"<td class='num'>{_n(report.qr_shown.get(f'template:{tid}', 0))}</td></tr>"
        for tid, n in sorted(report.templates_chosen.items(), key=lambda kv: (-kv[1], kv[0]))
    ]
    rows += [
        f"<tr><td>Tool</td><td>{escape(tool)}</td><td class='num'>{_n(n)}</td>"
        f"<td class='num'>{_tool_qr(report, tool)}</td></tr>"
        for tool, n in sorted(report.tools_used.items(), key=lambda kv: (-kv[1], kv[0]))
    ]
    if report.plans_sent:
        rows.append(
            f"<tr><td>Plans sent</td><td></td><td class='num'>{_n(report.plans_sent)}</td>"
            "<td></td></tr>"
        )
    filters = ", ".join(
        f"{escape(kind)} {_n(n)}"
        for kind, n in sorted(report.filters_used.items(), key=lambda kv: (-kv[1], kv[0]))
    )
    body = "".join(rows) or "<tr><td colspan='4'>None chosen in this period</td></tr>"
    return (
        "<section><h2>Templates and tools</h2><table><tr><th></th><th>Name</th>"
        "<th class='num'>Chosen</th><th class='num'>QR code shown</th></tr>"
        + body
        + "</table>"
        + f"<p class='note'>Searches: {_n(report.searches)}. Filters used: {filters or 'none'}."
        " Search words are never recorded.</p></section>"
    )


def _heat(report: Report) -> str:
    if not report.hours:
        return ""
    hours = sorted({h for _, h in report.hours})
    span = list(range(hours[0], hours[-1] + 1))
    top = max(report.hours.values())
    head = "".join(f"<th>{h:02d}</th>" for h in span)
    rows = []
    for d, name in enumerate(WEEKDAYS):
        cells = []
        for h in span:
            n = report.hours.get((d, h), 0)
            alpha = 0 if not n else 0.12 + 0.88 * n / top
            ink = "#fff" if alpha > 0.55 else INK
            cells.append(
                f"<td style='background: rgba(0, 94, 184, {alpha:.2f}); color: {ink}'>"
                f"{_n(n) if n else ''}</td>"
            )
        rows.append(f"<tr><th>{name}</th>{''.join(cells)}</tr>")
    return (
        "<section><h2>Busiest hours</h2><table class='heat'><tr><th></th>"
        + head
        + "</tr>"
        + "".join(rows)
        + "</table><p class='note'>Touch sessions started in each hour of each weekday, on the"
        " hub's clock.</p></section>"
    )


def _screens(report: Report) -> str:
    rows = [
        f"<tr><td>{escape(name)}</td><td class='num'>{_n(play.posters_shown)}</td>"
        f"<td class='num'>{_hours(play.poster_seconds)}</td>"
        f"<td class='num'>{_n(play.sessions)}</td>"
        f"<td class='num'>{escape(play.first_day)}</td><td class='num'>{escape(play.last_day)}</td>"
        "</tr>"
        for name, play in sorted(report.screens.items())
    ]
    body = "".join(rows) or "<tr><td colspan='6'>No screen recorded anything</td></tr>"
    return (
        "<section class='long'><h2>Proof of play, by screen</h2><table><thead><tr>"
        "<th>Screen</th><th class='num'>Posters shown</th><th class='num'>On screen</th>"
        "<th class='num'>Sessions</th><th class='num'>First day</th>"
        "<th class='num'>Last day</th></tr></thead><tbody>" + body + "</tbody></table></section>"
    )


def report_html(
    report: Report,
    *,
    title: str = "QI hub uptake",
    generated: dt.date,
    titles: dict[str, str] | None = None,
) -> str:
    """The page; `titles` names projects (by id) and templates (by ``template:<id>``)."""
    titles = titles or {}
    screens = len(report.screens)
    parts = [
        "<!DOCTYPE html><html lang='en-GB'><head><meta charset='utf-8'>",
        f"<title>{escape(title)}: {escape(_period(report))}</title>",
        "<meta name='viewport' content='width=device-width, initial-scale=1'>",
        f"<style>{CSS}</style></head><body><main>",
        f"<header><h1>{escape(title)}</h1><div class='muted'>{escape(_period(report))}"
        f" · {screens} screen{'s' if screens != 1 else ''}</div></header>",
        _figures(report),
        _weekly(report),
        _groups(report),
        _projects(report, titles),
        _templates(report, titles),
        _heat(report),
        _screens(report),
        "<footer>Recorded anonymously by the QI hub screens: no names, no search words, no"
        " device or personal identifiers. Made by qi-kiosk "
        f"{escape(__version__)} on {escape(_date(generated.isoformat()))}.</footer>",
        "</main></body></html>",
    ]
    return "\n".join(parts)
