"""Trouble while parsing: the feed unusable as a whole, an element skipped, a part warned about."""

from __future__ import annotations

from kiosk.feed.model import Problem


class FeedError(Exception):
    """The feed is unusable as a whole. ``str(error)`` is one line for logs and the status file."""


class Skip(Exception):
    """Internal: the element being parsed cannot be used."""

    def __init__(self, path: str, message: str) -> None:
        super().__init__(message)
        self.problem = Problem(path, message)


class Context:
    def __init__(self, base_url: str) -> None:
        self.base_url = base_url
        self.warnings: list[Problem] = []

    def warn(self, path: str, message: str) -> None:
        self.warnings.append(Problem(path, message))
