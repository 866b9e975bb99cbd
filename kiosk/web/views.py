"""What the web pages show, worked out from the catalogue (no Qt, no HTTP).

Everything here is plain data for the templates, which escape every text; the only markup made
here is SVG (charts, icons, QR codes) whose texts are escaped as it is built.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from urllib.parse import urlencode, urlsplit

from markupsafe import Markup

from kiosk.catalogue import Catalogue
from kiosk.chart.svg import chart_svg, icon_svg
from kiosk.feed.model import Project
from kiosk.qr import QUIET_ZONE, QrPolicy, matrix
from kiosk.search import FACET_LABELS, FACETS, SearchIndex, Selection
from kiosk.spc_reading import icon_text

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
                "/" + query_string(_toggled(selection, kind, option.value)),
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


def chart_views(catalogue: Catalogue, project: Project) -> tuple[ChartView, ...]:
    views = []
    for i, measure in enumerate(project.measures):
        chart = catalogue.chart(project, i)
        if chart is None:
            continue
        svg, icons = Markup(""), Markup("")
        analysis = chart.analysis
        if analysis is not None:
            width, height = CHART_SIZE
            title = f"{measure.name}: XmR chart. {chart.reading}"
            svg = Markup(  # chart_svg escapes every text it draws
                chart_svg(analysis, width, height, pixel_size=15, unit=measure.unit, title=title)
            )
            parts = []
            if analysis.variation:
                text = icon_text(analysis.variation)
                parts.append(icon_svg("variation", analysis.variation, 56, title=text))
            if analysis.assurance:
                text = icon_text(analysis.assurance)
                parts.append(icon_svg("assurance", analysis.assurance, 56, title=text))
            icons = Markup("".join(parts))  # icon_svg escapes its title
        views.append(
            ChartView(measure.name, measure.unit, svg, icons, chart.reading, chart.rules_label)
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
