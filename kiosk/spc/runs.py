"""Runs, trends and windows over a series: the building blocks of the rules."""

from __future__ import annotations

import itertools
from collections.abc import Sequence


def sign(d: float) -> int:
    return 1 if d > 0 else -1 if d < 0 else 0


def run_ends(keys: Sequence[int | None], length: int) -> list[int]:
    """The key at each position that ends ``length`` equal non-zero keys in a row, else 0."""
    out = [0] * len(keys)
    count = 0
    previous: int | None = None
    for i, key in enumerate(keys):
        count = count + 1 if key == previous else 1
        previous = key
        if key and count >= length:
            out[i] = key
    return out


def spread(ends: Sequence[int], length: int) -> list[bool]:
    """Flag the ``length`` positions up to and including each non-zero end."""
    out = [False] * len(ends)
    next_end: int | None = None
    for i in range(len(ends) - 1, -1, -1):
        if ends[i]:
            next_end = i
        out[i] = next_end is not None and next_end - i < length
    return out


def steps(ys: Sequence[float | None]) -> list[int | None]:
    """Sign of each step y[i] - y[i-1] (index i), ``None`` where either value is missing."""
    steps: list[int | None] = [None] if ys else []
    for a, b in itertools.pairwise(ys):
        steps.append(None if a is None or b is None else sign(b - a))
    return steps


def trend_ends(ys: Sequence[float | None], length: int) -> list[int]:
    """+1 / -1 at the last point of ``length`` strictly rising / falling points, else 0.

    A tie or a missing value breaks a trend.
    """
    return run_ends(steps(ys), length - 1)


def two_in_three(close: Sequence[int], side: Sequence[int]) -> list[bool]:
    """Points in a window of 3 with at least 2 close to a limit, all 3 on one side."""
    n = len(close)
    out = [False] * n
    for k in range(n - 2):
        if (
            close[k] + close[k + 1] + close[k + 2] >= 2
            and abs(side[k] + side[k + 1] + side[k + 2]) == 3
        ):
            out[k] = out[k + 1] = out[k + 2] = True
    return out
