"""Problems with a workbook, each pointing at its cell (``Projects!E7``), sheet or file."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass, field

from kiosk.workbook.layout import column_letter

MAX_PROBLEMS = 500
"""More than this many are summarised: nobody reads past the first few hundred."""


class WorkbookError(Exception):
    """The workbook cannot be read at all (not a workbook, damaged, hostile): one line."""


def cell_ref(sheet: str, row: int, column: int) -> str:
    """``Projects!E7`` for row 7, column index 4 (0-based)."""
    return f"{sheet}!{column_letter(column)}{row}"


def did_you_mean(word: str, options: Iterable[str]) -> str:
    """`` (did you mean 'x'?)`` for the closest of `options`, or nothing."""
    close = difflib.get_close_matches(word, sorted(options), n=1, cutoff=0.75)
    return f" (did you mean '{close[0]}'?)" if close else ""


@dataclass(frozen=True, slots=True)
class Problem:
    where: str
    """``Sheet!A1``, ``Sheet!A1:B3``, ``Sheet`` or empty for the whole workbook."""
    message: str
    error: bool = True

    def __str__(self) -> str:
        return f"{self.where}: {self.message}" if self.where else self.message


@dataclass
class Problems:
    """Every problem found, errors and warnings, in the order found."""

    items: list[Problem] = field(default_factory=list)
    errors: int = 0
    warnings: int = 0

    def error(self, where: str, message: str) -> None:
        self._add(Problem(where, message, error=True))

    def warn(self, where: str, message: str) -> None:
        self._add(Problem(where, message, error=False))

    def _add(self, problem: Problem) -> None:
        if problem.error:
            self.errors += 1
        else:
            self.warnings += 1
        if len(self.items) < MAX_PROBLEMS:
            self.items.append(problem)

    def error_cells(self) -> set[str]:
        return {p.where for p in self.items if p.error}

    @property
    def ok(self) -> bool:
        return self.errors == 0

    def lines(self) -> list[str]:
        out = [f"{'error' if p.error else 'warning'}: {p}" for p in self.items]
        left = self.errors + self.warnings - len(self.items)
        if left > 0:
            out.append(f"... and {left:,} more")
        return out
