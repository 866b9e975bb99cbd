"""The supervisor that starts the kiosk again after a crash (Windows): real child processes."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from kiosk.args import UsageError, parse_args
from kiosk.sdnotify import HEARTBEAT_ENV, FileNotifier, Notifier
from kiosk.supervisor import SUPERVISED_ENV, kiosk_argv, supervise

CHILD = """
import os, sys
log = sys.argv[1]
codes = [int(c) for c in sys.argv[2].split(",")]
with open(log, "a") as f:
    f.write(os.environ.get("{env}", "-") + "\\n")
with open(log) as f:
    starts = len(f.read().splitlines())
sys.exit(codes[min(starts, len(codes)) - 1])
""".replace("{env}", SUPERVISED_ENV)


def run(tmp_path: Path, codes: str) -> tuple[int, list[str], list[float]]:
    log = tmp_path / "starts.log"
    waits: list[float] = []
    code = supervise(
        [sys.executable, "-c", CHILD, str(log), codes], restart_seconds=5, sleep=waits.append
    )
    return code, log.read_text().splitlines(), waits


def test_a_crash_is_followed_by_a_restart_and_exit_0_ends_it(tmp_path: Path) -> None:
    code, starts, waits = run(tmp_path, "1,-9,0")
    assert code == 0
    assert starts == ["1", "1", "1"]  # three starts, each told it is supervised
    assert waits == [5, 5]  # a pause after each failure


def test_restart_asked_for_is_at_once(tmp_path: Path) -> None:
    code, starts, waits = run(tmp_path, "75,75,0")
    assert code == 0 and len(starts) == 3 and waits == []


def test_exit_0_at_once_is_one_run(tmp_path: Path) -> None:
    assert run(tmp_path, "0") == (0, ["1"], [])


def test_a_command_that_cannot_start_is_tried_again(tmp_path: Path) -> None:
    waits: list[float] = []

    def sleep(seconds: float) -> None:
        waits.append(seconds)
        if len(waits) == 3:
            raise KeyboardInterrupt  # stop the test's supervisor

    with pytest.raises(KeyboardInterrupt):
        supervise([str(tmp_path / "no-such-program")], sleep=sleep)
    assert waits == [5.0, 5.0, 5.0]


def test_the_child_runs_this_command_without_supervise() -> None:
    argv = ["--supervise", "--config", "C:\\kiosk.yaml"]
    assert kiosk_argv(argv) == [sys.executable, "-m", "kiosk", "--config", "C:\\kiosk.yaml"]
    assert parse_args(argv).supervise
    with pytest.raises(UsageError, match="--supervise runs the kiosk itself"):
        parse_args(["--supervise", "check-config", "x.yaml"])


HANGS_FIRST = """
import os, sys, time
log = sys.argv[1]
with open(log, "a") as f:
    f.write("start\\n")
with open(log) as f:
    starts = len(f.read().splitlines())
if starts > 1:
    sys.exit(0)
for beat in range(int(sys.argv[2])):  # a heartbeat or two, as a kiosk that drew its poster
    with open(os.environ["{env}"], "w") as f:
        f.write(f"{beat + 1}\\n")
    time.sleep(0.1)
time.sleep(3600)  # then the display thread hangs
""".replace("{env}", HEARTBEAT_ENV)


@pytest.mark.parametrize(("beats", "limit"), [(3, "watchdog_seconds"), (0, "start_seconds")])
def test_a_kiosk_that_stops_answering_is_killed_and_started_again(
    tmp_path: Path, beats: int, limit: str
) -> None:
    log = tmp_path / "starts.log"
    waits: list[float] = []
    limits = {"start_seconds": 60.0, "watchdog_seconds": 60.0, limit: 1.0}
    code = supervise(
        [sys.executable, "-c", HANGS_FIRST, str(log), str(beats)],
        sleep=waits.append,
        poll_seconds=0.1,
        **limits,
    )
    assert code == 0 and log.read_text().splitlines() == ["start", "start"]
    assert waits == [5.0]  # killed, then started again after the usual pause


def test_the_heartbeat_file_counts_readiness_and_pings(tmp_path: Path) -> None:
    path = tmp_path / "heartbeat"
    notifier = Notifier.from_env({HEARTBEAT_ENV: str(path)})
    assert isinstance(notifier, FileNotifier) and notifier.enabled
    assert notifier.watchdog_interval_ms == 10_000
    assert not path.exists()
    assert notifier.ready("showing content") and path.read_text() == "1\n"
    assert notifier.watchdog() and path.read_text() == "2\n"
    assert not notifier.status("anything")  # not needed by the supervisor
    assert notifier.stopping() and path.read_text() == "stopping\n"
    # Under systemd the socket wins.
    both = Notifier.from_env({HEARTBEAT_ENV: str(path), "NOTIFY_SOCKET": "/run/x"})
    assert not isinstance(both, FileNotifier)
