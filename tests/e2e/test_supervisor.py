"""``qi-kiosk --supervise`` as the Windows task runs it: real processes."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import pytest

from tests.helpers import REPO


def children(pid: int) -> list[int]:
    path = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(p) for p in path.read_text().split()] if path.exists() else []


def wait_for(condition, timeout: float) -> bool:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if condition():
            return True
        time.sleep(0.1)
    return False


def kiosk_env() -> dict[str, str]:
    return {**os.environ, "QT_QPA_PLATFORM": "offscreen"}


def test_supervised_kiosk_that_exits_0_ends_the_supervisor(tmp_path: Path) -> None:
    state = tmp_path / "state"
    result = subprocess.run(
        [sys.executable, "-m", "kiosk", "--supervise", "--demo", "--windowed",
         "--exit-after", "1", "--state-dir", str(state)],
        cwd=REPO, env=kiosk_env(), capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-2000:]
    assert json.loads((state / "status.json").read_text())["feed"]["state"] == "demo"


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="reads children from /proc")
def test_a_killed_kiosk_is_started_again_and_stopping_the_supervisor_stops_it(
    tmp_path: Path,
) -> None:
    state = tmp_path / "state"
    log_file = tmp_path / "supervisor.log"
    with log_file.open("wb") as log_out:
        supervisor = subprocess.Popen(
            [sys.executable, "-m", "kiosk", "--supervise", "--demo", "--windowed",
             "--state-dir", str(state)],
            cwd=REPO, env=kiosk_env(), stdout=subprocess.DEVNULL, stderr=log_out,
        )  # fmt: skip
    try:
        assert wait_for(lambda: len(children(supervisor.pid)) == 1, 20)
        first = children(supervisor.pid)[0]
        assert wait_for((state / "status.json").exists, 30)
        # Its display thread tells the supervisor it is alive, once the poster is drawn.
        heartbeat = Path(tempfile.gettempdir()) / f"qi-kiosk-heartbeat-{supervisor.pid}"
        assert wait_for(lambda: heartbeat.exists() and heartbeat.read_text().strip(), 30)
        assert int(heartbeat.read_text()) >= 1
        os.kill(first, signal.SIGKILL)  # a crash
        assert wait_for(lambda: children(supervisor.pid) not in ([], [first]), 20)
        second = children(supervisor.pid)[0]
        assert second != first
        supervisor.send_signal(signal.SIGTERM)
        assert supervisor.wait(30) == 128 + signal.SIGTERM
        assert not Path(f"/proc/{second}").exists() or wait_for(
            lambda: not Path(f"/proc/{second}").exists(), 5
        )
        log = log_file.read_text()
        assert f"exit code -{signal.SIGKILL}; starting it again in 5 s" in log
    finally:
        if supervisor.poll() is None:
            supervisor.kill()
            supervisor.wait(10)


@pytest.mark.slow
@pytest.mark.skipif(not hasattr(signal, "SIGSTOP"), reason="hangs the kiosk with SIGSTOP")
def test_a_hung_kiosk_is_killed_and_started_again(tmp_path: Path) -> None:
    from kiosk.supervisor import supervise

    state = tmp_path / "state"
    command = [sys.executable, "-m", "kiosk", "--demo", "--windowed", "--exit-after", "12",
               "--state-dir", str(state)]  # fmt: skip
    heartbeat = Path(tempfile.gettempdir()) / f"qi-kiosk-heartbeat-{os.getpid()}"
    hung: list[int] = []

    def hang_the_first() -> None:  # once it has drawn its poster, its display freezes
        if wait_for(lambda: heartbeat.exists() and heartbeat.read_text().strip(), 60):
            kiosks = [p for p in children(os.getpid()) if str(state) in cmdline(p)]
            if len(kiosks) == 1:
                os.kill(kiosks[0], signal.SIGSTOP)
                hung.append(kiosks[0])

    watcher = threading.Thread(target=hang_the_first)
    watcher.start()
    waits: list[float] = []
    try:
        code = supervise(
            command, env=kiosk_env(), watchdog_seconds=12, poll_seconds=0.2, sleep=waits.append
        )
    finally:
        watcher.join(70)
    assert len(hung) == 1
    assert code == 0  # the second kiosk ran its 12 s and ended normally
    assert waits == [5.0]  # the hung one was killed, then started again after the usual pause
    assert not Path(f"/proc/{hung[0]}").exists()


def cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_text().replace("\0", " ")
    except OSError:
        return ""
