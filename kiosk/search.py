"""Finding projects as you type, and narrowing them by facet (no Qt).

Each project's searchable text (title, aim, team, department and themes) is normalised once,
when the index is built: case-folded and stripped of accents, so "cafe" finds "Café" and
"FALLS" finds "falls". A query is split into words; a project matches when every word occurs
in its text. Facets (theme, stage, site, department) combine with AND across kinds and OR
within a kind: "Falls or Older people, at Castleford".
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from kiosk.feed.model import STAGE_LABELS, STAGES, Project

FACETS = ("theme", "stage", "site", "department")
"""The kinds of filter a person can combine, in the order they are offered."""

FACET_LABELS = {"theme": "Theme", "stage": "Stage", "site": "Site", "department": "Department"}


@lru_cache(maxsize=65_536)
def normalise(text: str) -> str:
    """Text as the search compares it: accents removed, case folded, spaces collapsed.

    Cached: departments, themes and names repeat across thousands of projects.
    """
    if text.isascii():
        return " ".join(text.casefold().split())  # nothing to decompose: the common case
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(bare.casefold().split())


def facet_values(project: Project, kind: str) -> tuple[str, ...]:
    """The values a project has for one facet (a project may have several themes)."""
    if kind == "theme":
        return project.themes
    if kind == "stage":
        return (project.stage,) if project.stage else ()
    if kind == "site":
        return (project.site,) if project.site else ()
    if kind == "department":
        return (project.department,) if project.department else ()
    raise ValueError(f"unknown facet {kind!r}")


def facet_label(kind: str, value: str) -> str:
    """What a chip says: stages by their readable name, everything else as the feed has it."""
    return STAGE_LABELS.get(value, value) if kind == "stage" else value


@dataclass(frozen=True)
class FacetOption:
    value: str
    label: str
    count: int
    """Projects in the whole catalogue with this value."""


@dataclass(frozen=True)
class Selection:
    """What a person has asked for: a query and, per facet, the values chosen."""

    query: str = ""
    facets: Mapping[str, frozenset[str]] = field(default_factory=dict)

    @property
    def empty(self) -> bool:
        return not self.query.strip() and not any(self.facets.values())


class SearchIndex:
    """Normalised text and facet values of every project, for fast filtering."""

    def __init__(self, projects: Sequence[Project]) -> None:
        self.projects = tuple(projects)
        self._text = [self._haystack(p) for p in self.projects]
        self._facets: dict[str, list[frozenset[str]]] = {
            kind: self._facet_sets(kind) for kind in FACETS
        }
        self._options = {kind: self._build_options(kind) for kind in FACETS}
        self._last: tuple[str, tuple[int, ...]] = ("", tuple(range(len(self.projects))))

    @staticmethod
    def _haystack(project: Project) -> str:
        parts: list[str] = [project.title, project.aim, project.department]
        parts.extend(project.themes)
        parts.extend([m.name for m in project.team])
        # A separator no query word can contain keeps words of different fields apart.
        return "\n".join(map(normalise, filter(None, parts)))

    def _facet_sets(self, kind: str) -> list[frozenset[str]]:
        """Each project's values of one facet. Projects with the same values share one set:
        10,000 projects have a few hundred different ones."""
        shared: dict[tuple[str, ...], frozenset[str]] = {}
        sets = []
        for project in self.projects:
            values = facet_values(project, kind)
            found = shared.get(values)
            if found is None:
                found = shared[values] = frozenset(values)
            sets.append(found)
        return sets

    def _build_options(self, kind: str) -> tuple[FacetOption, ...]:
        counts: Counter[str] = Counter()
        for values, times in Counter(self._facets[kind]).items():
            for value in values:
                counts[value] += times
        if kind == "stage":
            ordered = [s for s in STAGES if s in counts]
        else:
            ordered = sorted(counts, key=lambda v: (-counts[v], normalise(v)))
        return tuple(FacetOption(v, facet_label(kind, v), counts[v]) for v in ordered)

    def __len__(self) -> int:
        return len(self.projects)

    def options(self, kind: str) -> tuple[FacetOption, ...]:
        """Every value of a facet in the catalogue, most common first (stages in their order)."""
        return self._options[kind]

    def _matching_text(self, query: str) -> tuple[int, ...]:
        words = normalise(query).split()
        if not words:
            return tuple(range(len(self.projects)))
        # Typing extends the query one letter at a time: search within the last answer.
        last_query, last_rows = self._last
        last_words = last_query.split()
        if (
            last_words
            and len(words) >= len(last_words)
            and all(
                w.startswith(lw) if i == len(last_words) - 1 else w == lw
                for i, (w, lw) in enumerate(zip(words, last_words, strict=False))
            )
        ):
            candidates: Iterable[int] = last_rows
        else:
            candidates = range(len(self.projects))
        text = self._text
        if len(words) == 1:  # the common case, as a person starts typing: the tightest loop
            word = words[0]
            rows = tuple([i for i in candidates if word in text[i]])
        else:
            rows = tuple([i for i in candidates if all([w in text[i] for w in words])])
        self._last = (" ".join(words), rows)
        return rows

    def search(self, selection: Selection) -> list[int]:
        """Rows (positions in the catalogue, ascending) that match the query and every facet."""
        rows: Iterable[int] = self._matching_text(selection.query)
        for kind, chosen in selection.facets.items():
            if not chosen:
                continue
            values = self._facets[kind]
            rows = [i for i in rows if values[i] & chosen]
        return list(rows)
