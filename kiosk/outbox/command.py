"""``qi-kiosk outbox``: what is waiting to reach the QI team, and retrying what was refused.

It lists submissions by id, kind, age, state and last error only: never their content, which may
hold a visitor's name and email.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from kiosk.args import EXIT_OK, EXIT_USAGE, UsageError
from kiosk.outbox.store import Outbox, OutboxError

OUTBOX_FILE = "outbox.sqlite3"


def outbox_path(state_dir: Path) -> Path:
    return state_dir / OUTBOX_FILE


def _state_dir(args: argparse.Namespace) -> Path:
    from kiosk.config import ConfigError, KioskConfig, load_config

    if args.outbox_state_dir is not None:
        return Path(args.outbox_state_dir)
    if args.outbox_config is None:
        return KioskConfig().state_dir
    try:
        return load_config(args.outbox_config).state_dir
    except ConfigError as exc:
        raise UsageError(exc.report()) from None


def outbox_command(args: argparse.Namespace) -> int:
    path = outbox_path(_state_dir(args))
    if not path.exists():
        print(f"{path}: no outbox yet (nothing has been sent from this kiosk)")
        return EXIT_OK
    try:
        outbox = Outbox(path)
        if args.retry:
            count = outbox.retry_parked()
            print(f"{count} refused submission(s) will be tried again by the running kiosk")
        entries = outbox.entries()
        counts = outbox.counts()
    except OutboxError as exc:
        print(f"qi-kiosk outbox: {exc}", file=sys.stderr)
        return EXIT_USAGE
    print(f"{path}: {counts.pending} pending, {counts.failed} failed")
    now = dt.datetime.now(dt.UTC)
    for entry in entries:
        try:
            age = now - dt.datetime.fromisoformat(entry.created_at)
            when = f"{int(age.total_seconds() // 3600)} h ago"
        except ValueError:
            when = entry.created_at
        line = f"  {entry.id}  {entry.kind}  {when}  {entry.state}  tries: {entry.attempts}"
        if entry.last_error:
            line += f"  last error: {entry.last_error}"
        print(line)
    return EXIT_OK
