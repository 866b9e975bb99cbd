"""Centre lines and process limits from average moving ranges, exactly rounded."""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass

from kiosk.spc.vocabulary import LIMIT_FACTOR, MR_SCREEN_FACTOR, TWO_SIGMA_FACTOR


def exact_mean(xs: Sequence[float]) -> float:
    """The correctly rounded mean of ``xs`` (``sum(xs) / n`` can be 1 ulp off)."""
    ratios = [x.as_integer_ratio() for x in xs]
    # Denominators of floats are powers of two, so the largest is a common multiple.
    den = max(d for _, d in ratios)
    num = sum(p * (den // d) for p, d in ratios)
    return num / (den * len(xs))  # int / int is correctly rounded


@dataclass(frozen=True)
class Lines:
    mean: float | None
    amr: float | None
    lpl: float | None
    upl: float | None
    l2: float | None
    u2: float | None


def section_lines(fixed: Sequence[float | None], screen: bool) -> Lines:
    present = [y for y in fixed if y is not None]
    mean = exact_mean(present) if present else None
    ranges = [abs(b - a) for a, b in itertools.pairwise(fixed) if a is not None and b is not None]
    amr = exact_mean(ranges) if ranges else None
    if screen and amr is not None:
        threshold = MR_SCREEN_FACTOR * amr
        ranges = [r for r in ranges if r < threshold]
        amr = exact_mean(ranges) if ranges else None
    if mean is None or amr is None:
        return Lines(mean, amr, None, None, None, None)
    return Lines(
        mean=mean,
        amr=amr,
        lpl=mean - LIMIT_FACTOR * amr,
        upl=mean + LIMIT_FACTOR * amr,
        l2=mean - TWO_SIGMA_FACTOR * amr,
        u2=mean + TWO_SIGMA_FACTOR * amr,
    )
