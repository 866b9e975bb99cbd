from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest


@pytest.fixture
def make_kiosk(qapp, tmp_path: Path) -> Iterator[Callable[..., object]]:
    """Build kiosks exactly as the command line does; each is closed at the end of the test."""
    from kiosk.app import create

    made = []

    def make(*argv: str, size: str = "1280x720", clock=None):
        args = ["--windowed", "--size", size, *argv]
        if "--state-dir" not in args:
            args += ["--state-dir", str(tmp_path / "state")]
        kiosk = create(args, clock=clock)
        made.append(kiosk)
        return kiosk

    yield make
    for kiosk in made:
        kiosk.close()
