"""What the web pages show, worked out from the catalogue (no Qt, no HTTP).

Everything here is plain data for the templates, which escape every text; the only markup made
here is SVG (charts, icons, QR codes) whose texts are escaped as it is built.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from urllib.parse import urlencode, urlsplit

from markupsafe import Markup

from kiosk import spc
from kiosk.catalogue import Catalogue
from kiosk.chart.svg import chart_svg, icon_svg
from kiosk.feed.model import DEFAULT_HOW_TO_START, Feed, Project
from kiosk.qr import QUIET_ZONE, QrPolicy, matrix
from kiosk.recognition import celebration
from kiosk.search import FACET_LABELS, FACETS, SearchIndex, Selection
from kiosk.spc_reading import icon_text
from kiosk.tools.chart_data import DIRECTIONS, EXPLAINER, MAX_TEXT, chart_values
from kiosk.tools.plan import (
    LIMITS,
    Plan,
    aim_statement,
    hints,
    mailto_link,
    month_choices,
    month_name,
    plan_lines,
)

MAX_QUERY = 200
"""Characters of a search that are used (the rest is ignored)."""
MAX_CARDS = 120
"""Cards on one catalogue page; a wider choice asks to narrow the search."""
CHART_SIZE = (760.0, 330.0)


def selection_from(params: Mapping[str, Sequence[str]], index: SearchIndex) -> Selection:
    """The search and filters a query string asks for; unknown filter values are ignored."""
    query = " ".join((params.get("q") or [""])[0].split())[:MAX_QUERY]
    facets: dict[str, frozenset[str]] = {}
    for kind in FACETS:
        known = {option.value for option in index.options(kind)}
        chosen = frozenset(v for v in params.get(kind, ()) if v in known)
        if chosen:
            facets[kind] = chosen
    return Selection(query, facets)


def query_string(selection: Selection) -> str:
    """The query string of a selection, in a stable order ("" for none), with its ``?``."""
    pairs: list[tuple[str, str]] = []
    if selection.query:
        pairs.append(("q", selection.query))
    for kind in FACETS:
        pairs += [(kind, v) for v in sorted(selection.facets.get(kind, ()))]
    return "?" + urlencode(pairs) if pairs else ""


CHOSE = "chose"
"""The query parameter a chip that adds a filter carries: the server counts the filter used
(as touch mode counts a chip tapped on) and redirects to the address without it."""


def chip_href(selection: Selection, kind: str, selected: bool) -> str:
    href = "/" + query_string(selection)
    if selected:
        return href  # taking a filter off is not counted
    return href + ("&" if "?" in href else "?") + urlencode({CHOSE: kind})


def _toggled(selection: Selection, kind: str, value: str) -> Selection:
    facets = dict(selection.facets)
    chosen = set(facets.get(kind, ()))
    chosen ^= {value}
    facets[kind] = frozenset(chosen)
    return Selection(selection.query, {k: v for k, v in facets.items() if v})


@dataclass(frozen=True)
class Chip:
    label: str
    count: int
    selected: bool
    href: str


@dataclass(frozen=True)
class FacetGroup:
    kind: str
    label: str
    chips: tuple[Chip, ...]


@dataclass(frozen=True)
class Card:
    id: str
    title: str
    summary: str
    stage: str
    where: str
    themes: tuple[str, ...]


@dataclass(frozen=True)
class CataloguePage:
    selection: Selection
    cards: tuple[Card, ...]
    matched: int
    total: int
    groups: tuple[FacetGroup, ...]
    hidden: tuple[tuple[str, str], ...]
    """The filters as hidden form fields, so that a new search keeps them."""
    clear_href: str


def card(project: Project) -> Card:
    where = ", ".join(part for part in (project.department, project.site) if part)
    return Card(
        project.id, project.title, project.summary, project.stage_label, where, project.themes
    )


def catalogue_page(index: SearchIndex, selection: Selection) -> CataloguePage:
    rows = index.search(selection)
    projects = index.projects
    groups = []
    for kind in FACETS:
        chosen = selection.facets.get(kind, frozenset())
        chips = tuple(
            Chip(
                option.label,
                option.count,
                option.value in chosen,
                chip_href(_toggled(selection, kind, option.value), kind, option.value in chosen),
            )
            for option in index.options(kind)
        )
        if chips:
            groups.append(FacetGroup(kind, FACET_LABELS[kind], chips))
    hidden = tuple(
        (kind, value) for kind in FACETS for value in sorted(selection.facets.get(kind, ()))
    )
    return CataloguePage(
        selection=selection,
        cards=tuple(card(projects[i]) for i in rows[:MAX_CARDS]),
        matched=len(rows),
        total=len(projects),
        groups=tuple(groups),
        hidden=hidden,
        clear_href="/",
    )


@dataclass(frozen=True)
class ChartView:
    name: str
    unit: str
    svg: Markup
    icons: Markup
    reading: str
    rules_label: str


@dataclass(frozen=True)
class ProjectPage:
    project: Project
    charts: tuple[ChartView, ...]
    qr_svg: Markup
    qr_link: str
    link: str
    """The project's page to open (http/https only), or ""."""


def safe_link(url: str | None) -> str:
    """`url` if it is an http(s) link with a host, else "" (never ``javascript:`` and the like)."""
    if not url:
        return ""
    try:
        parts = urlsplit(url)
    except ValueError:
        return ""
    return url if parts.scheme in ("http", "https") and parts.hostname else ""


def chart_view(
    name: str, unit: str, analysis: spc.Analysis, reading: str, rules_label: str
) -> ChartView:
    """One measure's chart as SVG, with its icons: every text in them is escaped."""
    width, height = CHART_SIZE
    title = f"{name}: XmR chart. {reading}"
    svg = Markup(chart_svg(analysis, width, height, pixel_size=15, unit=unit, title=title))
    parts = []
    if analysis.variation:
        parts.append(
            icon_svg("variation", analysis.variation, 56, title=icon_text(analysis.variation))
        )
    if analysis.assurance:
        parts.append(
            icon_svg("assurance", analysis.assurance, 56, title=icon_text(analysis.assurance))
        )
    return ChartView(name, unit, svg, Markup("".join(parts)), reading, rules_label)


def chart_views(catalogue: Catalogue, project: Project) -> tuple[ChartView, ...]:
    views = []
    for i, measure in enumerate(project.measures):
        chart = catalogue.chart(project, i)
        if chart is None:
            continue
        if chart.analysis is None:
            views.append(
                ChartView(
                    measure.name,
                    measure.unit,
                    Markup(""),
                    Markup(""),
                    chart.reading,
                    chart.rules_label,
                )
            )
            continue
        views.append(
            chart_view(measure.name, measure.unit, chart.analysis, chart.reading, chart.rules_label)
        )
    return tuple(views)


def qr_svg(text: str, *, title: str = "") -> str:
    """A QR code of `text` as SVG: one path of dark modules on white, with the quiet zone."""
    modules = matrix(text)
    size = len(modules) + 2 * QUIET_ZONE
    runs = []
    for y, row in enumerate(modules):
        x = 0
        while x < len(row):
            if row[x]:
                start = x
                while x < len(row) and row[x]:
                    x += 1
                runs.append(f"M{start + QUIET_ZONE} {y + QUIET_ZONE}h{x - start}v1h-{x - start}z")
            else:
                x += 1
    label = f"<title>{Markup.escape(title)}</title>" if title else ""
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="qr" role="img" '
        f'viewBox="0 0 {size} {size}" shape-rendering="crispEdges">{label}'
        f'<rect width="{size}" height="{size}" fill="#fff"/>'
        f'<path fill="#000" d="{"".join(runs)}"/></svg>'
    )


def project_page(catalogue: Catalogue, project: Project, qr: QrPolicy) -> ProjectPage:
    qr_link = qr.link(project.link, project.id)
    code = Markup("")
    if qr_link:
        code = Markup(  # the only text in it is escaped
            qr_svg(qr_link, title=f"QR code: {project.title}")
        )
    return ProjectPage(
        project=project,
        charts=chart_views(catalogue, project),
        qr_svg=code,
        qr_link=qr_link,
        link=safe_link(project.link),
    )


# --- Start your own: the templates and the two QI tools ---------------------------------------


@dataclass(frozen=True)
class TemplateView:
    id: str
    title: str
    description: str
    qr_svg: Markup
    qr_link: str


@dataclass(frozen=True)
class StartPage:
    templates: tuple[TemplateView, ...]
    guide: tuple[str, ...]


def start_page(feed: Feed, qr: QrPolicy) -> StartPage:
    """The feed's templates (each with a QR code of its link when the host is allowed) and the
    steps to start a project."""
    templates = []
    for template in feed.templates:
        link = qr.link(template.link, template.id)
        code = Markup(qr_svg(link, title=f"QR code: {template.title}")) if link else Markup("")
        templates.append(
            TemplateView(template.id, template.title, template.description, code, link)
        )
    return StartPage(tuple(templates), tuple(feed.hub.how_to_start or DEFAULT_HOW_TO_START))


PLAN_FIELDS = tuple(LIMITS)
"""The plan form's fields, in the plan's order."""


@dataclass(frozen=True)
class PlanView:
    plan: Plan
    aim: str
    hints: Mapping[str, str]
    lines: tuple[tuple[str, str], ...]
    months: tuple[tuple[str, str], ...]
    take_away_svg: Markup
    """A QR code of a ready email holding the plan ("" while the plan is empty)."""


def plan_from_form(form: Mapping[str, str]) -> Plan:
    """The plan a form posted: every known field tidied and clamped, anything else ignored."""
    plan = Plan()
    for name in PLAN_FIELDS:
        if name in form:
            plan = plan.with_field(name, form[name])
    return plan


def plan_view(plan: Plan, today: dt.date, recipient: str = "") -> PlanView:
    code = Markup("")
    if not plan.empty:
        code = Markup(qr_svg(mailto_link(plan, recipient), title="QR code: your plan as an email"))
    months = month_choices(today)
    if plan.aim_by_when and plan.aim_by_when not in {value for value, _ in months}:
        label = month_name(plan.aim_by_when)
        if label:  # a month chosen on an earlier day stays chosen
            months.insert(0, (plan.aim_by_when, label))
    return PlanView(
        plan=plan,
        aim=aim_statement(plan),
        hints=hints(plan, today),
        lines=tuple(plan_lines(plan)),
        months=tuple(months),
        take_away_svg=code,
    )


@dataclass(frozen=True)
class ChartToolView:
    values: str
    better: str
    target: str
    start: str
    hint: str
    chart: ChartView | None
    explainer: str


CHART_TOOL_FIELDS = ("values", "better", "target", "start")


def chart_tool_view(form: Mapping[str, str], rules: str = "mdc") -> ChartToolView:
    """The visitor's numbers as a Making Data Count chart, with its icons and reading."""
    values = form.get("values", "")[:MAX_TEXT]
    better = form.get("better", "neither")
    better = better if better in DIRECTIONS else "neither"
    target = form.get("target", "")[:24]
    start = form.get("start", "")[:7]
    chart, hint = chart_values(values, better=better, target=target, start=start, rules=rules)
    view = None
    if chart is not None and chart.analysis is not None:
        view = chart_view("Your data", "", chart.analysis, chart.reading, chart.rules_label)
    return ChartToolView(values, better, target, start, hint, view, EXPLAINER)


# --- Celebrating our improvers ----------------------------------------------------------------


@dataclass(frozen=True)
class HonourView:
    project_id: str
    title: str
    awards: tuple[str, ...]
    team: str
    place: str
    results: str
    spotlight: bool


@dataclass(frozen=True)
class CelebratePage:
    heading: str
    thank_you: str
    honours: tuple[HonourView, ...]


TEAM_SHOWN = 6


def team_line(names: Sequence[str]) -> str:
    if len(names) <= TEAM_SHOWN:
        return ", ".join(names)
    return ", ".join(names[:TEAM_SHOWN]) + f" and {len(names) - TEAM_SHOWN} more"


def celebrate_page(feed: Feed, today: dt.date) -> CelebratePage:
    page = celebration(feed, today)
    return CelebratePage(
        heading=page.heading,
        thank_you=page.thank_you,
        honours=tuple(
            HonourView(
                h.project_id, h.title, h.awards, team_line(h.team), h.place, h.results, h.spotlight
            )
            for h in page.honours
        ),
    )
