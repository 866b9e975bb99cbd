"""A workbook's rows → a feed document, with every problem pointing at its cell.

The feed is then checked by the kiosk's own feed parser (:func:`kiosk.feed.schema.parse_feed`),
whose findings are mapped back to the cells they came from, so what passes here is exactly
what a screen will show. Images are verified, scaled and named by their content hash with the
kiosk's own image code (:meth:`kiosk.feed.media.MediaCache.prepare`).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kiosk.feed.media import MediaCache, MediaProblem
from kiosk.feed.model import IMPROVEMENTS, PDSA_STATUSES, STAGES, TEMPLATE_ICONS
from kiosk.feed.schema import FeedError, parse_feed
from kiosk.workbook import cells
from kiosk.workbook.cells import CellError
from kiosk.workbook.layout import HUB_KEYS
from kiosk.workbook.problems import Problems, did_you_mean
from kiosk.workbook.reader import Book, SheetRows

FEED_VERSION = 1
MAX_IMAGE_BYTES = 15_000_000
MAX_IMAGE_SIDE = 1920
IMAGES = "images"
_WEB = re.compile(r"^https?://", re.IGNORECASE)


@dataclass
class PreparedImage:
    name: str
    """``<sha256>.<jpg|png>``: the file's name in the feed's images folder."""
    data: bytes


@dataclass
class Built:
    """The feed document and the prepared images it refers to (nothing written yet)."""

    feed: dict[str, Any]
    images: dict[str, PreparedImage] = field(default_factory=dict)
    """By file name in the images folder."""
    projects: int = 0
    templates: int = 0


class _Where:
    """Which cell each part of the feed came from, to point the parser's findings at it."""

    def __init__(self) -> None:
        self.cells: dict[str, str] = {}

    def add(self, path: str, ref: str) -> None:
        self.cells.setdefault(path, ref)

    def find(self, path: str) -> str:
        probe = path
        while probe:
            if probe in self.cells:
                return self.cells[probe]
            cut = max(probe.rfind("."), probe.rfind("["))
            probe = probe[:cut] if cut > 0 else ""
        return path


def build(book: Book, images_dir: Path, problems: Problems, *, now: dt.datetime) -> Built:
    """The feed from the sheets read; every problem goes to `problems`."""
    where = _Where()
    builder = _Builder(book, images_dir, problems, where)
    feed: dict[str, Any] = {"feed_version": FEED_VERSION, "generated_at": _utc(now)}
    hub = builder.hub()
    if hub:
        feed["hub"] = hub
    feed["projects"] = builder.projects()
    feed["templates"] = builder.templates()
    built = Built(feed, builder.images)
    _check(built, where, problems)
    return built


def _utc(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def _check(built: Built, where: _Where, problems: Problems) -> None:
    """Run the kiosk's own parser on the result and point what it finds at the cells."""
    try:
        feed = parse_feed(built.feed, base_url="file:///feed/", refuse_unusable=False)
    except FeedError as exc:  # cannot happen for a document built here; said plainly if it does
        problems.error("", f"the feed built is not valid: {exc}")
        return
    # A cell already reported is not reported again for what followed from it (a template
    # whose link was missing, then skipped for it).
    reported = problems.error_cells()
    for problem in feed.skipped:
        ref = where.find(problem.path)
        if ref not in reported:
            problems.error(ref, problem.message)
    for problem in feed.warnings:
        ref, message = where.find(problem.path), problem.message
        if "shortened" in message or "only the" in message:
            problems.warn(ref, message)
        elif ref not in reported:
            problems.error(ref, message.removesuffix("; left out"))
    built.projects = len(feed.projects)
    built.templates = len(feed.templates)


def _number_out(value: float) -> int | float:
    return int(value) if value.is_integer() and abs(value) < 2**53 else value


class _Builder:
    def __init__(self, book: Book, images_dir: Path, problems: Problems, where: _Where) -> None:
        self.book = book
        self.images_dir = images_dir
        self.problems = problems
        self.where = where
        self.images: dict[str, PreparedImage] = {}
        self._image_files: dict[Path, str | None] = {}
        self._media = MediaCache(images_dir / ".unused", max_size=(MAX_IMAGE_SIDE, MAX_IMAGE_SIDE))
        self._projects: dict[str, dict[str, Any]] = {}
        self._project_paths: dict[str, str] = {}

    # -- helpers -------------------------------------------------------------------------------

    def _cell(
        self,
        rows: SheetRows,
        number: int,
        values: tuple[Any, ...],
        column: str,
        read: Callable[[Any], Any],
    ) -> Any:
        """Read one cell with `read`; a CellError is recorded at the cell and gives None."""
        try:
            return read(rows.get(values, column))
        except CellError as exc:
            self.problems.error(rows.ref(number, column), str(exc))
            return None

    def _text(self, rows: SheetRows, values: tuple[Any, ...], column: str) -> str:
        return cells.text(rows.get(values, column))

    def _project_for(
        self, rows: SheetRows, number: int, values: tuple[Any, ...]
    ) -> tuple[dict[str, Any], str] | None:
        pid = self._text(rows, values, "project_id")
        ref = rows.ref(number, "project_id")
        if not pid:
            self.problems.error(ref, "no project_id: which project is this row for?")
            return None
        project = self._projects.get(pid)
        if project is None:
            hint = did_you_mean(pid, self._projects)
            self.problems.error(ref, f"no project with id {pid!r}{hint}")
            return None
        return project, self._project_paths[pid]

    def _project_rows(
        self, sheet: str
    ) -> Iterator[tuple[SheetRows, int, tuple[Any, ...], dict[str, Any], str]]:
        """The rows of a sheet about projects (Team, PDSA, …), each with the project it is for and
        that project's place in the feed; rows for no known project are reported and left out."""
        rows = self.book.get(sheet)
        if rows is None:
            return
        for number, values in rows.rows:
            found = self._project_for(rows, number, values)
            if found is not None:
                yield rows, number, values, *found

    # -- sheets --------------------------------------------------------------------------------

    def hub(self) -> dict[str, Any]:
        rows = self.book.get("Hub")
        hub: dict[str, Any] = {}
        if rows is None:
            return hub
        steps: list[str] = []
        seen: dict[str, int] = {}
        for number, values in rows.rows:
            key = self._text(rows, values, "key").lower().replace(" ", "_")
            value = self._text(rows, values, "value")
            ref = rows.ref(number, "key")
            if key not in HUB_KEYS:
                hint = did_you_mean(key, HUB_KEYS)
                self.problems.error(ref, f"key {key!r} is not one of {', '.join(HUB_KEYS)}{hint}")
                continue
            if key == "how_to_start":
                for line in value.splitlines():
                    if line.strip():
                        self.where.add(f"hub.how_to_start[{len(steps)}]", ref)
                        steps.append(line.strip())
                continue
            if key in seen:
                self.problems.error(ref, f"{key} is given twice (first on row {seen[key]})")
                continue
            seen[key] = number
            if not value:
                continue
            if key == "url" and not _WEB.match(value):
                self.problems.error(
                    rows.ref(number, "value"),
                    f"{cells.show(value)} is not a web address starting https://",
                )
                continue
            hub[key] = value
            self.where.add(f"hub.{key}", rows.ref(number, "value"))
        if steps:
            hub["how_to_start"] = steps
            self.where.add("hub.how_to_start", rows.ref(rows.rows[0][0], "key"))
        return hub

    def projects(self) -> list[dict[str, Any]]:
        rows = self.book.get("Projects")
        if rows is None:
            self.problems.error("", "no Projects sheet: the feed needs at least one project")
            return []
        for column in ("id", "title"):
            if column not in rows.columns:
                self.problems.error(f"{rows.title}!1:1", f"no '{column}' column")
        out: list[dict[str, Any]] = []
        first_row: dict[str, int] = {}
        for number, values in rows.rows:
            pid = self._text(rows, values, "id")
            if not pid:
                self.problems.error(rows.ref(number, "id"), "no id: every project needs one")
                continue
            if pid in first_row:
                self.problems.error(
                    rows.ref(number, "id"), f"id {pid!r} is already used on row {first_row[pid]}"
                )
                continue
            first_row[pid] = number
            path = f"projects[{len(out)}]"
            self.where.add(path, rows.ref(number, "id"))
            project = self._project(rows, number, values, pid, path)
            self._projects[pid] = project
            self._project_paths[pid] = path
            out.append(project)
        self._team()
        self._measures()
        self._pdsa()
        self._changes()
        self._recognition()
        return out

    def _project(
        self, rows: SheetRows, number: int, values: tuple[Any, ...], pid: str, path: str
    ) -> dict[str, Any]:
        project: dict[str, Any] = {"id": pid}
        for column in ("title", "summary", "aim", "department", "site", "results"):
            text = self._text(rows, values, column)
            if text:
                project[column] = text
            self.where.add(f"{path}.{column}", rows.ref(number, column))
        self.where.add(f"{path}.id", rows.ref(number, "id"))
        stage = self._cell(
            rows, number, values, "stage", lambda v: cells.choice(v, STAGES, "stage")
        )
        if stage:
            project["stage"] = stage
        themes = _split(self._text(rows, values, "themes"))
        if themes:
            project["themes"] = themes
            self.where.add(f"{path}.themes", rows.ref(number, "themes"))
        link = self._link(rows, number, values, "link")
        if link:
            project["link"] = link
            self.where.add(f"{path}.link", rows.ref(number, "link"))
        for column in ("started", "updated", "spotlight_until"):
            day = self._cell(rows, number, values, column, cells.date)
            if day is not None:
                project[column] = day.isoformat()
                self.where.add(f"{path}.{column}", rows.ref(number, column))
        image = self._image(rows, number, values, path)
        if image:
            project["image"] = image
        display = self._display(rows, number, values, path)
        if display:
            project["display"] = display
        return project

    def _link(self, rows: SheetRows, number: int, values: tuple[Any, ...], column: str) -> str:
        link = self._text(rows, values, column)
        if link and not _WEB.match(link):
            self.problems.error(
                rows.ref(number, column),
                f"{cells.show(link)} is not a web address starting https://",
            )
            return ""
        return link

    def _display(
        self, rows: SheetRows, number: int, values: tuple[Any, ...], path: str
    ) -> dict[str, Any]:
        display: dict[str, Any] = {}
        window: dict[str, dt.datetime] = {}
        for column in ("from", "until"):
            moment = self._cell(rows, number, values, column, cells.moment)
            if moment is not None:
                window[column] = moment
                display[column] = cells.iso_moment(moment)
                self.where.add(f"{path}.display.{column}", rows.ref(number, column))
        if "from" in window and "until" in window and window["until"] <= window["from"]:
            self.problems.error(rows.ref(number, "until"), "until is not after from")
        screens = _split(self._text(rows, values, "screens"))
        if screens:
            display["screens"] = screens
        weight = self._cell(rows, number, values, "weight", lambda v: cells.whole(v, 1, 10))
        if weight is not None:
            display["weight"] = weight
        dwell = self._cell(rows, number, values, "dwell_seconds", lambda v: cells.whole(v, 5, 600))
        if dwell is not None:
            display["dwell_seconds"] = dwell
        self.where.add(f"{path}.display", rows.ref(number, "weight"))
        return display

    def _image(
        self, rows: SheetRows, number: int, values: tuple[Any, ...], path: str
    ) -> dict[str, Any] | None:
        name = self._text(rows, values, "image")
        alt = self._text(rows, values, "image_alt")
        ref = rows.ref(number, "image")
        self.where.add(f"{path}.image", ref)
        self.where.add(f"{path}.image.alt", rows.ref(number, "image_alt"))
        if not name:
            return None
        if not alt:
            self.problems.warn(
                rows.ref(number, "image_alt"),
                "no image_alt: say what the picture shows, for people who cannot see it",
            )
        if _WEB.match(name):
            self.problems.warn(
                ref, "a picture on the web is not checked here: the screens fetch it"
            )
            return {"url": name, "alt": alt} if alt else {"url": name}
        stored = self._prepare(ref, name)
        if stored is None:
            return None
        image = {"url": f"{IMAGES}/{stored}", "sha256": stored.split(".", 1)[0]}
        if alt:
            image["alt"] = alt
        return image

    def _prepare(self, ref: str, name: str) -> str | None:
        """The stored name of a picture file in the images folder, checked and scaled."""
        folder = self.images_dir.resolve()
        candidate = (folder / name.replace("\\", "/")).resolve()
        if not candidate.is_relative_to(folder):
            self.problems.error(ref, f"{cells.show(name)} must be a file in {self.images_dir}")
            return None
        if candidate in self._image_files:
            return self._image_files[candidate]
        self._image_files[candidate] = None
        try:
            size = candidate.stat().st_size
            if size > MAX_IMAGE_BYTES:
                raise MediaProblem(f"is {size:,} bytes, over the {MAX_IMAGE_BYTES:,}-byte limit")
            data = candidate.read_bytes()
        except FileNotFoundError:
            hint = ""
            if candidate.parent.is_dir():
                hint = did_you_mean(candidate.name, (p.name for p in candidate.parent.iterdir()))
            self.problems.error(ref, f"no picture {cells.show(name)} in {self.images_dir}{hint}")
            return None
        except (OSError, MediaProblem) as exc:
            reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
            self.problems.error(ref, f"picture {cells.show(name)} {reason}")
            return None
        try:
            prepared, ext = self._media.prepare(data)
        except MediaProblem as exc:
            self.problems.error(ref, f"picture {cells.show(name)} {exc}")
            return None
        stored = _already_prepared(candidate.name, data)
        if stored is None:
            stored = f"{hashlib.sha256(prepared).hexdigest()}.{ext}"
            data = prepared
        self.images[stored] = PreparedImage(stored, data)
        self._image_files[candidate] = stored
        return stored

    def _team(self) -> None:
        for rows, number, values, project, path in self._project_rows("Team"):
            name = self._text(rows, values, "name")
            if not name:
                self.problems.error(rows.ref(number, "name"), "no name for this team member")
                continue
            team = project.setdefault("team", [])
            member = {"name": name}
            role = self._text(rows, values, "role")
            if role:
                member["role"] = role
            self.where.add(f"{path}.team[{len(team)}].name", rows.ref(number, "name"))
            self.where.add(f"{path}.team[{len(team)}].role", rows.ref(number, "role"))
            self.where.add(f"{path}.team", rows.ref(number, "project_id"))
            team.append(member)

    def _pdsa(self) -> None:
        for rows, number, values, project, path in self._project_rows("PDSA"):
            title = self._text(rows, values, "title")
            if not title:
                self.problems.error(rows.ref(number, "title"), "no title for this PDSA cycle")
                continue
            cycles = project.setdefault("pdsa", [])
            cycle: dict[str, Any] = {"title": title}
            status = self._cell(
                rows, number, values, "status", lambda v: cells.choice(v, PDSA_STATUSES, "status")
            )
            if status:
                cycle["status"] = status
            day = self._cell(rows, number, values, "date", cells.date)
            if day is not None:
                cycle["date"] = day.isoformat()
            learning = self._text(rows, values, "learning")
            if learning:
                cycle["learning"] = learning
            here = f"{path}.pdsa[{len(cycles)}]"
            self.where.add(here, rows.ref(number, "title"))
            for column in ("title", "learning"):
                self.where.add(f"{here}.{column}", rows.ref(number, column))
            self.where.add(f"{path}.pdsa", rows.ref(number, "project_id"))
            cycles.append(cycle)

    def _changes(self) -> None:
        for rows, number, values, project, path in self._project_rows("Changes"):
            change = self._text(rows, values, "change")
            if not change:
                self.problems.error(rows.ref(number, "change"), "no change written on this row")
                continue
            changes = project.setdefault("changes", [])
            self.where.add(f"{path}.changes", rows.ref(number, "project_id"))
            changes.append(change)

    def _recognition(self) -> None:
        for rows, number, values, project, path in self._project_rows("Recognition"):
            title = self._text(rows, values, "title")
            if not title:
                self.problems.error(rows.ref(number, "title"), "no title for this recognition")
                continue
            listed = project.setdefault("recognition", [])
            award: dict[str, Any] = {"title": title}
            year = self._cell(rows, number, values, "year", lambda v: cells.whole(v, 1900, 2200))
            if year is not None:
                award["year"] = year
            link = self._link(rows, number, values, "link")
            if link:
                award["link"] = link
            here = f"{path}.recognition[{len(listed)}]"
            for column in ("title", "year", "link"):
                self.where.add(f"{here}.{column}", rows.ref(number, column))
            self.where.add(here, rows.ref(number, "title"))
            self.where.add(f"{path}.recognition", rows.ref(number, "project_id"))
            listed.append(award)

    def _measures(self) -> None:
        measures: dict[tuple[str, str], _MeasureRows] = {}
        for rows, number, values, project, path in self._project_rows("Measures"):
            name = self._text(rows, values, "measure")
            if not name:
                self.problems.error(rows.ref(number, "measure"), "no measure name on this row")
                continue
            key = (project["id"], name)
            measure = measures.get(key)
            if measure is None:
                listed = project.setdefault("measures", [])
                here = f"{path}.measures[{len(listed)}]"
                measure = measures[key] = _MeasureRows({"name": name}, here)
                listed.append(measure.doc)
                self.where.add(here, rows.ref(number, "measure"))
                self.where.add(f"{here}.name", rows.ref(number, "measure"))
                self.where.add(f"{path}.measures", rows.ref(number, "measure"))
            self._measure_row(rows, number, values, measure)
        for measure in measures.values():
            if measure.doc.get("rules") != "ptd":
                for ref, day in measure.missing:
                    self.problems.error(ref, f"no value for {day.isoformat()}")
            measure.doc["points"] = [
                {"date": day.isoformat(), "value": value}
                for day, value in measure.points
                if value is not None or measure.doc.get("rules") == "ptd"
            ]
            if measure.rebase:
                measure.doc["rebase"] = [day.isoformat() for day in measure.rebase]

    def _measure_row(
        self, rows: SheetRows, number: int, values: tuple[Any, ...], measure: _MeasureRows
    ) -> None:
        readers: dict[str, Callable[[Any], Any]] = {
            "unit": cells.text,
            "improvement": lambda v: cells.choice(v, IMPROVEMENTS, "improvement"),
            "target": cells.number,
            "baseline": lambda v: cells.whole(v, 12, 10_000),
            "rules": lambda v: cells.choice(v, ("mdc", "ptd"), "rules"),
        }
        for column, read in readers.items():
            value = self._cell(rows, number, values, column, read)
            if value is None or value == "":
                continue
            if isinstance(value, float):
                value = _number_out(value)
            if column in measure.doc:
                if measure.doc[column] != value:
                    self.problems.error(
                        rows.ref(number, column),
                        f"{column} {cells.show(cells.text(value))} differs from"
                        f" {cells.show(cells.text(measure.doc[column]))} on row"
                        f" {measure.set_on[column]} for the same measure",
                    )
                continue
            measure.doc[column] = value
            measure.set_on[column] = number
            self.where.add(f"{measure.path}.{column}", rows.ref(number, column))
        day = self._cell(rows, number, values, "date", cells.date)
        value = self._cell(rows, number, values, "value", cells.number)
        rebase = self._cell(rows, number, values, "rebase", cells.yes_no)
        raw_date, raw_value = rows.get(values, "date"), rows.get(values, "value")
        if day is None:
            if not cells.is_blank(raw_value) and cells.is_blank(raw_date):
                self.problems.error(rows.ref(number, "date"), "a value with no date")
            elif rebase and cells.is_blank(raw_date):
                self.problems.error(rows.ref(number, "date"), "rebase: yes needs a date")
            return
        if rebase:
            measure.rebase.append(day)
        if value is None and cells.is_blank(raw_value) and rebase:
            return  # a recalculation date alone, between points
        if day in measure.dates:
            self.problems.error(
                rows.ref(number, "date"),
                f"a second value for {day.isoformat()} (the first is on row {measure.dates[day]})",
            )
            return
        measure.dates[day] = number
        if value is None:
            if cells.is_blank(raw_value):
                measure.missing.append((rows.ref(number, "value"), day))
                measure.points.append((day, None))
            return
        self.where.add(f"{measure.path}.points[{len(measure.points)}]", rows.ref(number, "date"))
        measure.points.append((day, _number_out(value)))

    def templates(self) -> list[dict[str, Any]]:
        rows = self.book.get("Templates")
        if rows is None:
            return []
        out: list[dict[str, Any]] = []
        for number, values in rows.rows:
            path = f"templates[{len(out)}]"
            template: dict[str, Any] = {}
            for column in ("id", "title", "description"):
                text = self._text(rows, values, column)
                if text:
                    template[column] = text
                self.where.add(f"{path}.{column}", rows.ref(number, column))
            self.where.add(path, rows.ref(number, "id"))
            link = self._link(rows, number, values, "link")
            if link:
                template["link"] = link
            elif not self._text(rows, values, "link"):
                self.problems.error(rows.ref(number, "link"), "no link: where is the template?")
            self.where.add(f"{path}.link", rows.ref(number, "link"))
            icon = self._cell(
                rows, number, values, "icon", lambda v: cells.choice(v, TEMPLATE_ICONS, "icon")
            )
            if icon:
                template["icon"] = icon
            out.append(template)
        return out


@dataclass
class _MeasureRows:
    doc: dict[str, Any]
    path: str
    points: list[tuple[dt.date, int | float | None]] = field(default_factory=list)
    dates: dict[dt.date, int] = field(default_factory=dict)
    rebase: list[dt.date] = field(default_factory=list)
    missing: list[tuple[str, dt.date]] = field(default_factory=list)
    set_on: dict[str, int] = field(default_factory=dict)


def _split(text: str) -> list[str]:
    return [part.strip() for part in text.split(",") if part.strip()]


_STORED_RE = re.compile(r"^[0-9a-f]{64}\.(jpg|png)$")


def _already_prepared(name: str, data: bytes) -> str | None:
    """A picture this tool stored before (named by its own hash, and checked again): kept byte
    for byte, so that exporting a feed and building it again gives the same feed."""
    if _STORED_RE.match(name) and hashlib.sha256(data).hexdigest() == name.split(".", 1)[0]:
        return name
    return None
