"""The two rule sets, Making Data Count (mdc) and plot-the-dots (ptd), flagging each point."""

from __future__ import annotations

from collections.abc import Sequence

from kiosk.spc.limits import Lines
from kiosk.spc.runs import run_ends, sign, spread, trend_ends, two_in_three
from kiosk.spc.vocabulary import SIGNALS, Profile


def section_bounds(n: int, starts: list[int]) -> list[tuple[int, int]]:
    bounds = sorted({0, *starts}) if n else []
    return [(a, b) for a, b in zip(bounds, [*bounds[1:], n], strict=False)]


def members(ends: Sequence[int], length: int, key: int) -> list[bool]:
    return spread([e if e == key else 0 for e in ends], length)


def mdc_signals(ys: list[float], lines: list[Lines], profile: Profile) -> list[tuple[str, ...]]:
    """Every rule that fires on every point, run across the whole chart."""
    n = len(ys)
    rel = [0 if ln.mean is None else sign(y - ln.mean) for y, ln in zip(ys, lines, strict=True)]
    shift_ends = run_ends(rel, profile.shift_length)
    shift_high = members(shift_ends, profile.shift_length, 1)
    shift_low = members(shift_ends, profile.shift_length, -1)
    rise_fall = trend_ends(ys, profile.trend_length)
    trend_up = members(rise_fall, profile.trend_length, 1)
    trend_down = members(rise_fall, profile.trend_length, -1)
    two_high = [False] * n
    two_low = [False] * n
    for k in range(n - 2):
        side = rel[k]
        if side == 0 or rel[k + 1] != side or rel[k + 2] != side:
            continue
        near = []
        for j in (k, k + 1, k + 2):
            ln, y = lines[j], ys[j]
            if ln.lpl is None or ln.upl is None or ln.l2 is None or ln.u2 is None:
                continue
            # A point beyond the process limit does not count towards the two.
            if (side > 0 and ln.u2 < y <= ln.upl) or (side < 0 and ln.lpl <= y < ln.l2):
                near.append(j)
        if len(near) >= 2:
            marks = two_high if side > 0 else two_low
            for j in near:
                marks[j] = True
    out: list[tuple[str, ...]] = []
    for i, (y, ln) in enumerate(zip(ys, lines, strict=True)):
        flags = (
            ln.upl is not None and y > ln.upl,
            trend_up[i],
            two_high[i],
            shift_high[i],
            ln.lpl is not None and y < ln.lpl,
            trend_down[i],
            two_low[i],
            shift_low[i],
        )
        out.append(
            tuple(name for name, on in zip(SIGNALS, flags, strict=True) if on) if any(flags) else ()
        )
    return out


def ptd_signals(ys: list[float | None], ln: Lines, profile: Profile) -> list[tuple[str, ...]]:
    """One label per point of one rebase group."""
    rel: list[int | None] = []
    outside: list[bool | None] = []
    close: list[bool | None] = []
    for y in ys:
        rel.append(None if y is None or ln.mean is None else sign(y - ln.mean))
        if y is None or ln.lpl is None or ln.upl is None or ln.l2 is None or ln.u2 is None:
            outside.append(None)
            close.append(None)
        else:
            beyond = y > ln.upl or y < ln.lpl
            outside.append(beyond)
            close.append((not beyond) and (y < ln.l2 or y > ln.u2))
    return ptd_labels(ys, rel, close, outside, profile.shift_length, profile.trend_length)


def ptd_labels(
    ys: Sequence[float | None],
    rel: Sequence[int | None],
    close: Sequence[bool | None],
    outside: Sequence[bool | None],
    shift_length: int = 7,
    trend_length: int = 7,
) -> list[tuple[str, ...]]:
    """Label each point by precedence: outside limits > trend > two-in-three > shift."""
    n = len(ys)
    in_trend = spread(trend_ends(ys, trend_length), trend_length)
    in_shift = spread(run_ends(rel, shift_length), shift_length)
    c = [1 if flag else 0 for flag in close]
    two = two_in_three(c, [r or 0 for r in rel])
    out: list[tuple[str, ...]] = []
    for i in range(n):
        side = rel[i] or 0
        if outside[i]:
            out.append(("above_upl",) if side == 1 else ("below_lpl",))
        elif in_trend[i]:
            # A point shared by a rising and a falling trend takes the later direction.
            if i + 1 < n and in_trend[i + 1]:
                a, b = ys[i], ys[i + 1]
            else:
                a, b = (ys[i - 1], ys[i]) if i > 0 else (None, None)
            rising = a is not None and b is not None and b > a
            out.append(("trend_up",) if rising else ("trend_down",))
        elif two[i] and c[i]:
            out.append(("two_of_three_high",) if side > 0 else ("two_of_three_low",))
        elif in_shift[i]:
            out.append(("shift_high",) if side > 0 else ("shift_low",))
        else:
            out.append(())
    return out
