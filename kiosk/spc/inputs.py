"""Checking and cleaning the caller's values, target, baseline and recalculation points."""

from __future__ import annotations

import math
from collections.abc import Iterable
from decimal import Decimal
from numbers import Real

from kiosk.spc.vocabulary import MIN_BASELINE


def check_choice(name: str, value: object, choices: tuple[str, ...]) -> str:
    if not isinstance(value, str) or value not in choices:
        raise ValueError(f"unknown {name} {value!r}: expected one of {', '.join(choices)}")
    return value


def is_number(value: object) -> bool:
    return isinstance(value, (Real, Decimal)) and not isinstance(value, bool)


def clean_values(values: Iterable[object], allow_missing: bool, rules: str) -> list[float | None]:
    if isinstance(values, (str, bytes)):
        raise ValueError("values must be a sequence of numbers, not a string")
    cleaned: list[float | None] = []
    for i, value in enumerate(values):
        if type(value) is float and math.isfinite(value):
            cleaned.append(value)
            continue
        if value is None:
            if not allow_missing:
                raise ValueError(
                    f"value {i} is missing: the {rules} rules need a value for every "
                    "period (leave the period out instead)"
                )
            cleaned.append(None)
            continue
        if not is_number(value):
            raise ValueError(f"value {i} is not a number: {value!r}")
        number = float(value)  # type: ignore[arg-type]  # Real is float-convertible
        if math.isnan(number):
            raise ValueError(f"value {i} is not a number (NaN); use None for a missing value")
        if math.isinf(number):
            raise ValueError(f"value {i} is infinite")
        cleaned.append(number)
    return cleaned


def clean_target(target: object) -> float | None:
    if target is None:
        return None
    if not is_number(target):
        raise ValueError(f"target is not a number: {target!r}")
    number = float(target)  # type: ignore[arg-type]  # Real is float-convertible
    if not math.isfinite(number):
        raise ValueError(f"target must be a finite number, not {number!r}")
    return number


def clean_baseline(baseline: object) -> int | None:
    if baseline is None:
        return None
    if not isinstance(baseline, int) or isinstance(baseline, bool):
        raise ValueError(f"baseline must be a whole number of points, not {baseline!r}")
    if baseline < MIN_BASELINE:
        raise ValueError(f"baseline must be at least {MIN_BASELINE} points, not {baseline}")
    return baseline


def clean_rebase(rebase: Iterable[object] | None, n: int) -> list[int]:
    if rebase is None:
        return []
    if isinstance(rebase, (str, bytes)):
        raise ValueError("rebase must be a sequence of point indices")
    indices: set[int] = set()
    for index in rebase:
        if not isinstance(index, int) or isinstance(index, bool):
            raise ValueError(f"rebase index must be a whole number, not {index!r}")
        if not 0 <= index < n:
            raise ValueError(f"rebase index {index} is out of range for {n} points")
        indices.add(index)
    return sorted(indices)
