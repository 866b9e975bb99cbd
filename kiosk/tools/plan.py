"""Plan a project: a visitor's plan, its aim statement, gentle hints, and ways to take it away.

The plan is built from parts (what will improve, how much, by when) so that the aim comes out
SMART without the visitor having to know the word. Nothing here blocks: a missing part gets a
friendly hint and the plan can still be taken away or sent.
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
from dataclasses import asdict, dataclass, fields, replace
from typing import Any
from urllib.parse import quote

from kiosk.feed.schema import clean_text

CHANGES = ("reduce", "increase", "improve")
MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
KIND = "project_plan"

LIMITS = {
    "problem": 240,
    "aim_change": 10,
    "aim_what": 120,
    "aim_how_much": 12,
    "aim_unit": 24,
    "aim_by_when": 7,
    "outcome_measure": 120,
    "process_measure": 120,
    "balancing_measure": 120,
    "test_plan": 240,
    "prediction": 240,
    "team": 120,
    "contact_name": 60,
    "contact_email": 120,
}
"""The longest text each field keeps: enough for a sentence, short enough for a QR code."""

MAX_MAILTO_BYTES = 700
"""The longest "Take it with you" link: at error correction M a QR code of at most version 21
(101 modules), about 5 screen pixels a module when drawn half a 1080p screen high, which a
phone camera reads from a metre away."""

_NUMBER_RE = re.compile(r"^\d{1,7}([.,]\d{1,3})?$")
_MONTH_RE = re.compile(r"^(\d{4})-(\d{2})$")


@dataclass(frozen=True)
class Plan:
    problem: str = ""
    aim_change: str = ""
    aim_what: str = ""
    aim_how_much: str = ""
    aim_unit: str = "%"
    aim_by_when: str = ""
    """A month, ``YYYY-MM``."""
    outcome_measure: str = ""
    process_measure: str = ""
    balancing_measure: str = ""
    test_plan: str = ""
    prediction: str = ""
    team: str = ""
    contact_name: str = ""
    contact_email: str = ""

    def with_field(self, name: str, value: str) -> Plan:
        """This plan with one field set to tidy, clamped text (unknown fields are refused)."""
        if name not in LIMITS:
            raise KeyError(f"no plan field {name!r}")
        text = tidy(value, LIMITS[name])
        if name == "aim_change" and text not in CHANGES:
            text = ""
        return replace(self, **{name: text})

    @property
    def empty(self) -> bool:
        return all(getattr(self, f.name) in ("", Plan.aim_unit) for f in fields(self))


# Bidirectional embeddings, overrides and isolates: invisible, and able to reverse or reorder
# what the QI team reads in an email. Right-to-left text itself needs none of them.
_BIDI_CONTROLS = dict.fromkeys(map(ord, "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"))


def tidy(value: object, limit: int) -> str:
    """Visitor text made safe to show, send and encode: no control characters (nor bidi
    overrides), one line per paragraph, at most ``limit`` characters."""
    if not isinstance(value, str):
        value = "" if value is None else str(value)
    return clean_text(value.replace("\r", "\n").translate(_BIDI_CONTROLS), limit)


def month_name(month: str) -> str:
    """``2027-03`` → ``March 2027`` (empty for anything else)."""
    match = _MONTH_RE.match(month)
    if not match or not 1 <= int(match.group(2)) <= 12:
        return ""
    return f"{MONTHS[int(match.group(2)) - 1]} {match.group(1)}"


def month_choices(today: dt.date, count: int = 24) -> list[tuple[str, str]]:
    """The next ``count`` months, this one first, as (``YYYY-MM``, ``Mar 2027``) pairs: the
    choices for "by when"."""
    out = []
    for k in range(count):
        year, month = today.year + (today.month - 1 + k) // 12, (today.month - 1 + k) % 12 + 1
        out.append((f"{year:04d}-{month:02d}", f"{MONTHS[month - 1][:3]} {year}"))
    return out


def how_much_text(plan: Plan) -> str:
    amount = plan.aim_how_much.strip()
    if not amount:
        return ""
    unit = plan.aim_unit.strip()
    if not unit:
        return amount
    return f"{amount}{unit}" if unit == "%" else f"{amount} {unit}"


def aim_statement(plan: Plan) -> str:
    """The aim in one sentence: "Reduce falls on Ward 7 by 30% by March 2027" (… for gaps)."""
    verb = (plan.aim_change or "improve").capitalize()
    what = plan.aim_what.strip().rstrip(".") or "…"
    if what[:1].isupper() and not what[:2].isupper():
        what = what[0].lower() + what[1:]
    amount = how_much_text(plan) or "…"
    when = month_name(plan.aim_by_when) or "…"
    return f"{verb} {what} by {amount} by {when}"


def hints(plan: Plan, today: dt.date) -> dict[str, str]:
    """Friendly nudges, by field, for what would make the plan stronger. Never an error."""
    out: dict[str, str] = {}
    if not plan.problem:
        out["problem"] = "What's the problem? One sentence is plenty."
    if not plan.aim_what:
        out["aim_what"] = "What will get better? For example: falls on Ward 7."
    amount = plan.aim_how_much.strip()
    if not amount:
        out["aim_how_much"] = "How much? A number makes your aim measurable, e.g. 30%."
    elif not _NUMBER_RE.match(amount):
        out["aim_how_much"] = "Try a number here, like 30 (and a unit, like % or minutes)."
    match = _MONTH_RE.match(plan.aim_by_when)
    if not match:
        out["aim_by_when"] = "By when? Pick a month: a date keeps a project moving."
    elif (int(match.group(1)), int(match.group(2))) < (today.year, today.month):
        out["aim_by_when"] = "That month has passed: pick one ahead."
    if not plan.outcome_measure:
        out["outcome_measure"] = "How will you know it's better? Name one thing you can count."
    if not plan.test_plan:
        out["test_plan"] = "What small change will you try first, with one patient, one shift?"
    if plan.contact_email and "@" not in plan.contact_email:
        out["contact_email"] = "That doesn't look like an email address."
    return out


def plan_lines(plan: Plan) -> list[tuple[str, str]]:
    """The plan as labelled lines, in charter order, leaving out what is empty."""
    contact = plan.contact_name
    if plan.contact_email:
        contact = f"{contact} <{plan.contact_email}>" if contact else plan.contact_email
    rows = [
        ("Problem", plan.problem),
        ("Aim", aim_statement(plan)),
        ("Outcome measure", plan.outcome_measure),
        ("Process measure", plan.process_measure),
        ("Balancing measure", plan.balancing_measure),
        ("First test of change", plan.test_plan),
        ("Prediction", plan.prediction),
        ("Team", plan.team),
        ("Contact", contact),
    ]
    return [(label, text) for label, text in rows if text]


def plan_text(plan: Plan) -> str:
    """The plan as plain text: what an email, a printout or the QI team's inbox shows."""
    body = "\n".join(f"{label}: {text}" for label, text in plan_lines(plan))
    return f"My QI project plan\n\n{body}\n"


def _mailto(recipient: str, subject: str, body: str) -> str:
    address = quote(recipient, safe="@.+-_")
    body = body.replace("\n", "\r\n")
    return f"mailto:{address}?subject={quote(subject, safe='')}&body={quote(body, safe='')}"


def mailto_link(plan: Plan, recipient: str = "", limit: int = MAX_MAILTO_BYTES) -> str:
    """A ``mailto:`` link whose subject and body hold the plan, within ``limit`` bytes.

    A phone that scans it opens a ready email with no server involved. When the plan is too
    long for a readable QR code the longest texts are shortened, with an ellipsis, until it fits.
    """
    what = plan.aim_what or "a new idea"
    subject = tidy(f"QI project plan: {what}", 80)
    lines = [[label, text] for label, text in plan_lines(plan)]

    def build() -> str:
        body = "\n".join(f"{label}: {text}" for label, text in lines)
        return _mailto(recipient, subject, f"{body}\n\n(from the QI hub)")

    link = build()
    while len(link.encode("utf-8")) > limit:
        # The aim is the heart of the plan: shorten everything else first, then drop lines
        # from the end, and only then shorten the aim and the subject.
        others = [row for row in lines if row[0] != "Aim"]
        longest = max(others, key=lambda row: len(row[1]), default=None)
        if longest is not None and len(longest[1]) > 12:
            longest[1] = _shorten(longest[1])
        elif others:
            lines.remove(others[-1])
        elif lines and len(lines[0][1]) > 1:
            lines[0][1] = _shorten(lines[0][1])
        elif len(subject) > 1:
            subject = _shorten(subject)
        else:
            lines = []
            subject = ""
            link = build()
            break
        link = build()
    return link


def _shorten(text: str) -> str:
    """About four fifths of ``text``, ending in an ellipsis (always shorter than it was)."""
    body = text.rstrip("…")
    cut = max(0, min(len(body) - 1, int(len(body) * 0.8)))
    return body[:cut].rstrip() + "…"


def plan_document(plan: Plan, *, screen_id: str, now: dt.datetime) -> dict[str, Any]:
    """The submission for the QI team's intake (see config/submission.schema.json)."""
    return {
        "kind": KIND,
        "id": str(uuid.uuid4()),
        "created_at": now.astimezone(dt.UTC).isoformat(timespec="seconds"),
        "screen_id": screen_id,
        "plan": {
            "problem": plan.problem,
            "aim": {
                "statement": aim_statement(plan),
                "change": plan.aim_change or "improve",
                "what": plan.aim_what,
                "how_much": plan.aim_how_much,
                "unit": plan.aim_unit,
                "by_when": plan.aim_by_when if _MONTH_RE.match(plan.aim_by_when) else "",
            },
            "measures": {
                "outcome": plan.outcome_measure,
                "process": plan.process_measure,
                "balancing": plan.balancing_measure,
            },
            "first_test": {"plan": plan.test_plan, "prediction": plan.prediction},
            "team": plan.team,
            "contact": {"name": plan.contact_name, "email": plan.contact_email},
            "text": plan_text(plan),
        },
    }


def plan_fields(plan: Plan) -> dict[str, str]:
    return asdict(plan)
