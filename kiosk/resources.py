"""Files that ship with the kiosk: QML screens, fonts, the demo feed and example configs.

In an installed package they live inside ``kiosk/``; in a source checkout they sit beside it.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def _find(name: str, installed_name: str | None = None) -> Path:
    for candidate in (_PACKAGE / (installed_name or name), _PACKAGE.parent / name):
        if candidate.is_dir() and any(candidate.iterdir()):
            return candidate
    raise FileNotFoundError(f"the kiosk's {name}/ folder is missing from {_PACKAGE}")


def screens_dir() -> Path:
    return _find("screens")


def assets_dir() -> Path:
    return _find("assets")


def config_dir() -> Path:
    return _find("config", "config_files")


def demo_feed_path() -> Path:
    return assets_dir() / "demo" / "feed.json"


def demo_config_path() -> Path:
    return assets_dir() / "demo" / "demo.yaml"


def font_paths() -> list[Path]:
    return sorted((assets_dir() / "fonts").glob("*.ttf"))
