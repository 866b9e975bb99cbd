"""Burn-in protection: a slow orbit for the parts of the screen that never change (no Qt).

The header, body and footer move by whole pixels over a square of offsets up to ``RADIUS``
either way, one step every ``STEP_SECONDS``, walking the square row by row in a snake and
back again, so each step is one pixel (never a visible jump) and every offset comes round
every few hours.
No static edge or letter stays on the same pixels for more than a few minutes at a time.
"""

from __future__ import annotations

import datetime as dt

RADIUS = 4
"""The largest offset, in steps of one pixel at 1080p (the screen scales it)."""
STEP_SECONDS = 180


def orbit_path(radius: int = RADIUS) -> list[tuple[int, int]]:
    """Every offset in the square, in snake order: each next to the one before."""
    path = []
    for row, y in enumerate(range(-radius, radius + 1)):
        xs = range(-radius, radius + 1)
        for x in xs if row % 2 == 0 else reversed(xs):
            path.append((x, y))
    return path


def orbit_offset(
    moment: dt.datetime, *, radius: int = RADIUS, step_seconds: int = STEP_SECONDS
) -> tuple[int, int]:
    """Where the static parts stand at ``moment``: out along the snake, then back."""
    path = orbit_path(radius)
    cycle = 2 * len(path) - 2
    step = int(moment.timestamp() // step_seconds) % cycle
    return path[step] if step < len(path) else path[cycle - step]


def seconds_to_next_step(moment: dt.datetime, step_seconds: int = STEP_SECONDS) -> float:
    return step_seconds - moment.timestamp() % step_seconds
