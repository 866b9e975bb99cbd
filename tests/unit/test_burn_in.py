"""The burn-in orbit: small, smooth, and never still for long."""

from __future__ import annotations

import datetime as dt
import itertools
from collections import Counter

from kiosk.burn_in import RADIUS, STEP_SECONDS, orbit_offset, orbit_path, seconds_to_next_step

T0 = dt.datetime(2026, 6, 1, tzinfo=dt.UTC)


def offsets(hours: float) -> list[tuple[int, int]]:
    steps = int(hours * 3600 // STEP_SECONDS)
    return [orbit_offset(T0 + dt.timedelta(seconds=i * STEP_SECONDS)) for i in range(steps)]


def test_offsets_stay_within_a_few_pixels() -> None:
    assert all(abs(x) <= RADIUS and abs(y) <= RADIUS for x, y in offsets(48))
    assert len(set(orbit_path())) == (2 * RADIUS + 1) ** 2


def test_each_step_moves_one_pixel_at_most() -> None:
    seen = offsets(48)
    for a, b in itertools.pairwise(seen):
        assert max(abs(a[0] - b[0]), abs(a[1] - b[1])) <= 1, (a, b)
        assert a != b  # it always moves


def test_no_offset_holds_for_long_and_all_come_round_in_a_day() -> None:
    day = offsets(24)
    counts = Counter(day)
    assert set(counts) == set(orbit_path())
    # Over a day, no position gets more than a twentieth of the time.
    assert max(counts.values()) / len(day) < 1 / 20


def test_next_step() -> None:
    moment = T0 + dt.timedelta(seconds=STEP_SECONDS * 10 + 30)
    assert seconds_to_next_step(moment) == STEP_SECONDS - 30
