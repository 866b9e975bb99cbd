"""Search and facets: accent- and case-insensitive, AND across facets, fast on 10,000 projects."""

from __future__ import annotations

from kiosk.feed.model import Project, TeamMember
from kiosk.search import SearchIndex, Selection, normalise


def project(pid: str, title: str, **kw: object) -> Project:
    return Project(id=pid, title=title, **kw)  # type: ignore[arg-type]


PROJECTS = [
    project(
        "a",
        "Fewer falls on Ward 7",
        themes=("Falls", "Older people"),
        site="General",
        department="Elderly Care",
        stage="testing",
    ),
    project(
        "b",
        "Café menus for patients",
        aim="Better NUTRITION on wards",
        site="Community",
        team=(TeamMember("Zoë Brontë"),),
        stage="idea",
    ),
    project(
        "c", "Theatre start times", themes=("Theatres",), site="General", department="Theatres"
    ),
    project("d", "Safer nights", themes=("Falls",), site="Community", department="Falls Service"),
]


def ids(index: SearchIndex, selection: Selection) -> list[str]:
    return [index.projects[r].id for r in index.search(selection)]


def test_normalise_strips_accents_and_case() -> None:
    assert normalise("  Café  ZOË ") == "cafe zoe"
    assert normalise("Straße") == "strasse"


def test_query_matches_title_aim_team_department_and_themes() -> None:
    index = SearchIndex(PROJECTS)
    assert ids(index, Selection("falls")) == ["a", "d"]
    assert ids(index, Selection("CAFE")) == ["b"]
    assert ids(index, Selection("nutrition")) == ["b"]
    assert ids(index, Selection("zoe bronte")) == ["b"]
    assert ids(index, Selection("elderly")) == ["a"]
    assert ids(index, Selection("older")) == ["a"]
    assert ids(index, Selection("falls ward")) == ["a"]
    assert ids(index, Selection("")) == ["a", "b", "c", "d"]
    assert ids(index, Selection("nothing like it")) == []


def test_typing_and_deleting_give_the_same_answers_as_fresh_searches() -> None:
    index = SearchIndex(PROJECTS)
    fresh = SearchIndex(PROJECTS)
    for query in ["f", "fa", "fal", "fall", "falls", "falls w", "fall", "t", "th", ""]:
        assert ids(index, Selection(query)) == ids(fresh, Selection(query)), query
        fresh = SearchIndex(PROJECTS)


def test_facets_combine_and_across_kinds_or_within() -> None:
    index = SearchIndex(PROJECTS)
    assert ids(index, Selection("", {"theme": frozenset({"Falls"})})) == ["a", "d"]
    assert ids(index, Selection("", {"theme": frozenset({"Falls", "Theatres"})})) == ["a", "c", "d"]
    both = {"theme": frozenset({"Falls"}), "site": frozenset({"Community"})}
    assert ids(index, Selection("", both)) == ["d"]
    assert ids(index, Selection("safer", both)) == ["d"]
    assert ids(index, Selection("", {"stage": frozenset({"idea"})})) == ["b"]


def test_options_list_each_value_with_its_count() -> None:
    index = SearchIndex(PROJECTS)
    themes = {o.value: o.count for o in index.options("theme")}
    assert themes == {"Falls": 2, "Older people": 1, "Theatres": 1}
    stages = [(o.value, o.label) for o in index.options("stage")]
    assert stages == [("idea", "Idea"), ("testing", "Testing changes")]


def big_catalogue(n: int = 10_000) -> list[Project]:
    themes = ["Falls", "Patient safety", "Reducing waits", "Experience", "Medicines", "Theatres"]
    return [
        project(
            f"p{i}",
            f"Project {i}: improving {themes[i % 6].lower()} on ward {i % 40}",
            aim=f"Reduce harm number {i} by half within a year",
            themes=(themes[i % 6],),
            site=f"Site {i % 7}",
            department=f"Department {i % 60}",
            team=(TeamMember(f"Person {i}"),),
        )
        for i in range(n)
    ]


def test_each_keystroke_on_10000_projects_narrows_the_results() -> None:
    """Typing letter by letter over 10,000 projects gives, at every keystroke, exactly the
    projects a plain scan finds. (How fast each keystroke is, is in scripts/bench.py: "search".)"""
    projects = big_catalogue()
    index = SearchIndex(projects)
    query = ""
    previous: set[int] | None = None
    for letter in "falls ward 1":
        query += letter
        rows = set(index.search(Selection(query, {"site": frozenset({"Site 3"})})))
        words = normalise(query).split()
        expected = {
            i
            for i, p in enumerate(projects)
            if p.site == "Site 3"
            and all(
                any(w in normalise(text) for text in (p.title, p.aim, *p.themes))
                or any(w in normalise(m.name) for m in p.team)
                or w in normalise(p.department)
                for w in words
            )
        }
        assert rows == expected, query
        if previous is not None and not query.endswith(" "):
            assert rows <= previous, query
        previous = rows
    assert previous  # "falls ward 1" still matches something
