"""``build-feed``: read a workbook, check it, and write ``feed.json`` with its images.

Nothing is written unless the whole workbook is valid. Then the images go first (each by its
content hash, so one already there is the same picture), ``feed.json`` last, each file
atomically: a screen or web server reading the folder meanwhile sees the old feed or the new
one, each with its images. Images no longer used are removed after that.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass
from pathlib import Path

from kiosk.atomic import write_atomic
from kiosk.workbook.build import IMAGES, Built, build
from kiosk.workbook.problems import Problems, WorkbookError
from kiosk.workbook.reader import read_book

FEED_FILE = "feed.json"
PUBLISHED_MODE = 0o644
"""The feed and its images are read by a web server or by every screen on a file share."""
_STORED_RE = re.compile(r"^[0-9a-f]{64}\.(jpg|png)$")


@dataclass
class Outcome:
    problems: Problems
    built: Built | None
    written: Path | None = None

    @property
    def ok(self) -> bool:
        return self.built is not None and self.problems.ok

    def report(self, source: Path) -> list[str]:
        lines = self.problems.lines()
        p = self.problems
        counts = f"{p.errors} error(s), {p.warnings} warning(s)"
        if self.written is not None and self.built is not None:
            lines.append(
                f"wrote {self.written}: {self.built.projects} projects,"
                f" {self.built.templates} templates, {len(self.built.images)} images ({counts})"
            )
        elif self.ok and self.built is not None:
            lines.append(
                f"valid: {self.built.projects} projects, {self.built.templates} templates,"
                f" {len(self.built.images)} images ({counts})"
            )
        else:
            lines.append(f"invalid: {source}: {counts}; nothing written")
        return lines


def default_images_dir(source: Path) -> Path:
    """Pictures are looked for next to the workbook (in the CSV folder itself)."""
    return source if source.is_dir() else source.parent


def check_workbook(
    source: Path, images_dir: Path | None = None, *, now: dt.datetime | None = None
) -> Outcome:
    """Read and check a workbook (nothing written)."""
    problems = Problems()
    try:
        book = read_book(source, problems)
    except WorkbookError as exc:
        problems.error("", str(exc))
        return Outcome(problems, None)
    built = build(
        book,
        images_dir or default_images_dir(source),
        problems,
        now=now or dt.datetime.now(dt.UTC),
    )
    return Outcome(problems, built)


def feed_bytes(built: Built) -> bytes:
    return (json.dumps(built.feed, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def build_feed(
    source: Path, out_dir: Path, images_dir: Path | None = None, *, now: dt.datetime | None = None
) -> Outcome:
    """Check the workbook and, if it is valid, write `out_dir`/feed.json and its images."""
    outcome = check_workbook(source, images_dir, now=now)
    if not outcome.ok or outcome.built is None:
        return outcome
    built = outcome.built
    images = out_dir / IMAGES
    try:
        for name, image in built.images.items():
            target = images / name
            if not (target.is_file() and target.stat().st_size == len(image.data)):
                write_atomic(target, image.data, mode=PUBLISHED_MODE)
        write_atomic(out_dir / FEED_FILE, feed_bytes(built), mode=PUBLISHED_MODE)
    except OSError as exc:
        outcome.problems.error("", f"cannot write to {out_dir}: {exc.strerror or exc}")
        return outcome
    _prune(images, set(built.images))
    outcome.written = out_dir / FEED_FILE
    return outcome


def _prune(images: Path, keep: set[str]) -> None:
    try:
        entries = list(images.iterdir())
    except OSError:
        return  # no images folder: nothing to prune
    for entry in entries:
        if _STORED_RE.match(entry.name) and entry.name not in keep:
            try:
                entry.unlink()
            except OSError:
                continue  # removed by someone else, or not ours to remove: left alone
