"""Logging: to stderr and to a size-capped rotating file in the state folder; Qt's messages too."""

from __future__ import annotations

import logging
import logging.handlers
from pathlib import Path

from kiosk.config import LogConfig

FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
_previous_level: int | None = None


def setup_logging(config: LogConfig, state_dir: Path) -> Path | None:
    """Configure the root logger; return the log file's path, or None if it cannot be written."""
    global _previous_level  # noqa: PLW0603 (logging is process-wide)
    root = logging.getLogger()
    remove_handlers()
    _previous_level = root.level
    root.setLevel(config.level)
    console = logging.StreamHandler()
    console.setFormatter(logging.Formatter(FORMAT))
    console._kiosk = True  # type: ignore[attr-defined]
    root.addHandler(console)
    path = config.file or state_dir / "kiosk.log"
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handler = logging.handlers.RotatingFileHandler(
            path,
            maxBytes=config.max_kb * 1024,
            backupCount=config.backups,
            encoding="utf-8",
            delay=True,
        )
    except OSError as exc:
        logging.getLogger(__name__).warning("no log file (%s): %s", path, exc.strerror or exc)
        return None
    handler.setFormatter(logging.Formatter(FORMAT))
    handler._kiosk = True  # type: ignore[attr-defined]
    root.addHandler(handler)
    return path


def remove_handlers() -> None:
    """Undo :func:`setup_logging`: its handlers go and the root level is as it was."""
    global _previous_level  # noqa: PLW0603 (logging is process-wide)
    root = logging.getLogger()
    for handler in list(root.handlers):
        if getattr(handler, "_kiosk", False):
            root.removeHandler(handler)
            handler.close()
    if _previous_level is not None:
        root.setLevel(_previous_level)
        _previous_level = None
