"""scripts/peer_bench.py: the kiosk's config is valid, and medians and ratios are right."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

from kiosk.config import load_config
from tests.helpers import REPO

spec = importlib.util.spec_from_file_location("peer_bench", REPO / "scripts" / "peer_bench.py")
assert spec is not None and spec.loader is not None
peer_bench = importlib.util.module_from_spec(spec)
sys.modules["peer_bench"] = peer_bench
spec.loader.exec_module(peer_bench)


def test_the_kiosk_runs_fullscreen_on_xcb_with_a_valid_config(tmp_path: Path) -> None:
    kiosk, chromium = peer_bench.subjects(tmp_path / "tools", tmp_path)
    config_path = Path(kiosk.command[kiosk.command.index("--config") + 1])
    config = load_config(config_path)
    assert config.display.fullscreen and not config.display.burn_in_shift
    assert config.rotation.seconds == 8  # as the peer's slideshow
    assert config.state_dir == tmp_path / "kiosk-state"
    assert "--demo" in kiosk.command and "--windowed" not in kiosk.command
    assert (kiosk.env["QT_QPA_PLATFORM"], kiosk.env["QT_QUICK_BACKEND"]) == ("xcb", "software")
    assert chromium.command == [str(tmp_path / "tools" / "chromium_peer.sh"), "8000"]


def run(first: float, pss: float, cpu: float) -> dict:
    return {"first_paint_ms": first, "pss_mb": pss, "n_procs": 1, "cpu_pct": cpu}


def test_medians_and_ratios() -> None:
    figures = peer_bench.summarise(
        {
            "kiosk": [run(300, 80, 0.5), run(340, 90, 0.7), run(900, 85, 0.6)],
            "chromium": [run(650, 400, 3.0), run(600, 390, 4.0), run(700, 410, 5.0)],
        }
    )
    first = figures["first_paint_ms"]
    assert (first["kiosk"]["median"], first["chromium"]["median"], first["ratio"]) == (
        340,
        650,
        0.52,
    )
    # Round by round: 300/650, 340/600, 900/700.
    assert first["paired_ratio"] == round(340 / 600, 2)
    assert figures["pss_mb"]["ratio"] == round(85 / 400, 2)
    assert figures["cpu_idle_est_pct"]["ratio"] is None  # not measured: no ratio
    table = peer_bench.table(figures)
    assert "| launch → poster visible | 340 ms | 650 ms | 0.52 | 0.57 |" in table
