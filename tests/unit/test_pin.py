"""The admin PIN: scrypt hashes and the lock after five wrong PINs."""

from __future__ import annotations

import datetime as dt

import pytest

from kiosk.config import ConfigError, parse_config
from kiosk.pin import LOCK_SECONDS, MAX_WRONG, PinError, PinGate, hash_pin, parse_pin_hash

T0 = dt.datetime(2026, 3, 1, 9, 0, tzinfo=dt.UTC)


def test_hash_round_trip_and_salt() -> None:
    made = hash_pin("1357")
    again = parse_pin_hash(str(made))
    assert again == made and again.matches("1357") and not again.matches("1358")
    assert str(hash_pin("1357")) != str(made)
    assert str(made).startswith("scrypt$16384$8$1$")


@pytest.mark.parametrize("pin", ["123", "12345678901234", "12a4", ""])
def test_pins_are_4_to_12_digits(pin: str) -> None:
    with pytest.raises(PinError):
        hash_pin(pin)


@pytest.mark.parametrize(
    "text", ["1234", "scrypt$3$8$1$AAAAAAAAAAA=$AAAAAAAAAAAAAAAAAAAAAA==", "scrypt$16384$8$1$a$b"]
)
def test_bad_hashes_are_refused(text: str) -> None:
    with pytest.raises(PinError):
        parse_pin_hash(text)


def test_config_reports_a_bad_hash_on_one_line() -> None:
    with pytest.raises(ConfigError) as info:
        parse_config("admin:\n  pin_hash: '1234'\n")
    assert info.value.problems == [
        "admin.pin_hash: not a PIN hash: make one with 'qi-kiosk hash-pin' (line 2)"
    ]
    assert parse_config("").admin.pin_hash is None


def test_five_wrong_pins_lock_for_five_minutes() -> None:
    gate = PinGate(hash_pin("2468"))
    for _ in range(MAX_WRONG - 1):
        assert gate.try_pin("1111", T0) == "wrong"
    assert gate.try_pin("1111", T0) == "locked"
    # While locked, even the right PIN is refused.
    assert gate.try_pin("2468", T0 + dt.timedelta(seconds=LOCK_SECONDS - 1)) == "locked"
    assert gate.locked_until(T0) == T0 + dt.timedelta(seconds=LOCK_SECONDS)
    later = T0 + dt.timedelta(seconds=LOCK_SECONDS)
    assert not gate.is_locked(later)
    assert gate.try_pin("1111", later) == "wrong"  # a fresh count after the lock
    assert gate.try_pin("2468", later) == "ok"
    assert gate.wrong == 0


def test_a_right_pin_resets_the_count() -> None:
    gate = PinGate(hash_pin("2468"))
    for _ in range(MAX_WRONG - 1):
        gate.try_pin("0000", T0)
    assert gate.try_pin("2468", T0) == "ok"
    assert gate.try_pin("0000", T0) == "wrong"
