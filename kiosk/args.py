"""The ``qi-kiosk`` command line: its options and sub-commands, parsed into a namespace.

Plain Python: the command (`kiosk.cli`) and the app (`kiosk.app`) both read it; it imports
neither.
"""

from __future__ import annotations

import argparse
import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import NoReturn

from kiosk import __version__

EXIT_OK = 0
EXIT_INVALID_FEED = 1
EXIT_USAGE = 2
EXIT_RESTART = 75
"""The kiosk asked to be restarted (the admin screen): the command starts it again."""


class UsageError(Exception):
    """A command-line or configuration problem: shown as is, exit 2."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise UsageError(f"{self.prog}: {message} (see {self.prog.split()[0]} --help)")


def _size(text: str) -> tuple[int, int]:
    try:
        w, h = (int(v) for v in text.lower().split("x"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a size like 1920x1080: {text!r}") from None
    if not (320 <= w <= 7680 and 240 <= h <= 4320):
        raise argparse.ArgumentTypeError(f"size out of range (320x240 to 7680x4320): {text!r}")
    return w, h


def _seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of seconds: {text!r}") from None
    if not 0 < value <= 7 * 24 * 3600:
        raise argparse.ArgumentTypeError(f"must be between 0 and a week: {text!r}")
    return value


PAPERS = ("A4", "A3", "A2", "A1")


def _paper(text: str) -> str:
    paper = text.strip().upper()
    if paper not in PAPERS:
        raise argparse.ArgumentTypeError(f"not a paper size (A4, A3, A2 or A1): {text!r}")
    return paper


def _port(text: str) -> int:
    try:
        port = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a port number: {text!r}") from None
    if not 0 <= port <= 65_535:
        raise argparse.ArgumentTypeError(f"must be between 0 and 65535: {text!r}")
    return port


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date like 2026-04-01: {text!r}") from None


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="qi-kiosk", description="QI Hub Kiosk: QI project posters for hub screens."
    )
    parser.add_argument("--version", action="version", version=f"qi-kiosk {__version__}")
    parser.add_argument("--config", type=Path, help="the YAML configuration file")
    parser.add_argument("--demo", action="store_true", help="show the built-in demo feed")
    parser.add_argument("--mode", choices=("display", "touch"), help="override the configured mode")
    parser.add_argument("--windowed", action="store_true", help="run in a window, not fullscreen")
    parser.add_argument(
        "--state-dir", type=Path, help="folder for the offline copy, status file and log"
    )
    parser.add_argument(
        "--exit-after", type=_seconds, metavar="SECONDS", help="quit cleanly after this long"
    )
    parser.add_argument(
        "--screenshot",
        type=Path,
        metavar="FILE.png",
        help="save what the window shows to this file just before quitting",
    )
    parser.add_argument(
        "--size", type=_size, metavar="WxH", help="window size with --windowed (default 1280x720)"
    )
    parser.add_argument(
        "--supervise",
        action="store_true",
        help="run the kiosk in a child process and start it again whenever it ends with an"
        " error (what the Windows task runs; systemd does this itself)",
    )

    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    check_config = sub.add_parser(
        "check-config", help="validate a configuration file (exit 0 or 2)"
    )
    check_config.add_argument("file", type=Path)
    check_feed = sub.add_parser("check-feed", help="validate a feed file or URL (exit 0 or 1)")
    check_feed.add_argument("source")
    check_feed.add_argument(
        "--config",
        dest="feed_config",
        type=Path,
        help="use this config's feed settings (CA bundle, proxy, headers)",
    )
    posters = sub.add_parser("posters", help="render every poster to a PNG file")
    posters.add_argument("--out", type=Path, required=True, metavar="DIR")
    posters.add_argument(
        "--size", dest="poster_size", type=_size, default=(1920, 1080), metavar="WxH"
    )
    posters.add_argument("--config", dest="poster_config", type=Path)
    posters.add_argument("--demo", dest="poster_demo", action="store_true")
    posters.add_argument("--state-dir", dest="poster_state_dir", type=Path)
    printing = sub.add_parser(
        "print-posters", help="print posters to a PDF file, one page per project"
    )
    printing.add_argument(
        "--out",
        dest="pdf_out",
        type=Path,
        required=True,
        metavar="FILE.pdf",
        help="the PDF to write",
    )
    printing.add_argument(
        "--paper", type=_paper, default="A4", metavar="A4|A3|A2|A1", help="paper size (A4)"
    )
    printing.add_argument(
        "--orientation",
        choices=("portrait", "landscape"),
        default="portrait",
        help="portrait (the default) or landscape",
    )
    printing.add_argument(
        "--project",
        dest="project_ids",
        action="append",
        nargs="+",
        metavar="ID",
        help="only these projects (default: every project in the feed)",
    )
    printing.add_argument(
        "--config", dest="poster_config", type=Path, metavar="FILE", help="print this config's feed"
    )
    printing.add_argument(
        "--demo", dest="poster_demo", action="store_true", help="print the built-in demo feed"
    )
    printing.add_argument(
        "--state-dir",
        dest="poster_state_dir",
        type=Path,
        metavar="DIR",
        help="where the kiosk keeps its last good feed (printed if the source cannot be read)",
    )
    report = sub.add_parser(
        "report",
        help="uptake report of one or many screens: HTML, JSON totals or daily CSV files",
    )
    report.add_argument(
        "--config", dest="report_config", type=Path, help="read this config's state_dir"
    )
    report.add_argument(
        "--state-dir",
        dest="report_places",
        type=Path,
        action="append",
        nargs="+",
        metavar="DIR",
        help="a screen's state folder, a folder of exported stores, or a store file (repeatable)",
    )
    report.add_argument("--from", dest="report_from", type=_date, metavar="DATE")
    report.add_argument("--to", dest="report_to", type=_date, metavar="DATE")
    report.add_argument("--out", dest="report_out", type=Path, metavar="FILE")
    report.add_argument("--format", dest="report_format", choices=("html", "json"), default="html")
    report.add_argument("--csv", dest="report_csv", type=Path, metavar="DIR")
    report.add_argument("--title", dest="report_title", default="QI hub uptake")
    report.add_argument(
        "--feed",
        dest="report_feed",
        metavar="SOURCE",
        help="name projects and templates from this feed (default: --config's feed)",
    )
    sub.add_parser("schema", help="print the feed's JSON schema")
    sub.add_parser(
        "hash-pin",
        help="ask for an admin PIN and print its hash for admin.pin_hash in the config",
    )
    autostart = sub.add_parser(
        "install-autostart",
        help="start the kiosk at log-on: a systemd user unit (Linux) or a scheduled task (Windows)",
    )
    autostart.add_argument(
        "--config", dest="autostart_config", type=Path, help="the configuration the kiosk runs with"
    )
    autostart.add_argument(
        "--print", dest="print_only", action="store_true", help="print the file, change nothing"
    )
    autostart.add_argument(
        "--platform",
        choices=("linux", "windows"),
        help="the other system's file (with --print); default: this system",
    )
    autostart.add_argument(
        "--python", metavar="PATH", help="the Python to start (default: the one running this)"
    )
    new_workbook = sub.add_parser(
        "new-workbook", help="write a template workbook for the QI team's projects"
    )
    new_workbook.add_argument("workbook_out", type=Path, metavar="OUT.xlsx")
    build_feed = sub.add_parser(
        "build-feed",
        help="check a workbook (or a folder of CSV files) and build the feed from it (exit 0 or 1)",
    )
    build_feed.add_argument("workbook", type=Path, metavar="WORKBOOK")
    build_feed.add_argument(
        "--images",
        type=Path,
        metavar="DIR",
        help="folder of the pictures (default: the workbook's)",
    )
    build_feed.add_argument(
        "--out",
        dest="feed_out",
        type=Path,
        required=True,
        metavar="DIR",
        help="folder to write feed.json and images/ to",
    )
    preview = sub.add_parser(
        "preview", help="the kiosk on the feed a workbook builds (posters as PNG with no display)"
    )
    preview.add_argument("workbook", type=Path, metavar="WORKBOOK")
    preview.add_argument(
        "--images",
        type=Path,
        metavar="DIR",
        help="folder of the pictures (default: the workbook's)",
    )
    preview.add_argument(
        "--out",
        dest="preview_out",
        type=Path,
        metavar="DIR",
        help="render every poster to a PNG file in DIR instead of opening a window",
    )
    preview.add_argument(
        "--size", dest="preview_size", type=_size, default=(1920, 1080), metavar="WxH"
    )
    preview.add_argument(
        "--config",
        dest="preview_config",
        type=Path,
        help="preview as this screen shows it (its QR hosts, SPC rules, mode)",
    )
    export = sub.add_parser("export-workbook", help="write a feed as a workbook, for editing")
    export.add_argument("feed_file", type=Path, metavar="FEED")
    export.add_argument("workbook_out", type=Path, metavar="OUT.xlsx")
    outbox = sub.add_parser(
        "outbox", help="list the plans waiting to reach the QI team; --retry the refused ones"
    )
    outbox.add_argument("--config", dest="outbox_config", type=Path)
    outbox.add_argument("--state-dir", dest="outbox_state_dir", type=Path)
    outbox.add_argument(
        "--retry", action="store_true", help="try the refused (failed) submissions again"
    )
    serve = sub.add_parser(
        "serve",
        help="serve the touch experience (projects, Start your own and its QI tools, the "
        "celebration page) as a web app for the hub's tablets",
    )
    serve.add_argument(
        "--config", dest="serve_config", type=Path, metavar="FILE", help="the YAML configuration"
    )
    serve.add_argument(
        "--demo", dest="serve_demo", action="store_true", help="serve the built-in demo feed"
    )
    serve.add_argument(
        "--host", dest="serve_host", metavar="H", help="address to listen on (web.host)"
    )
    serve.add_argument(
        "--port", dest="serve_port", type=_port, metavar="P", help="port (web.port; 0: any free)"
    )
    serve.add_argument(
        "--state-dir",
        dest="serve_state_dir",
        type=Path,
        metavar="DIR",
        help="folder for the offline copy of the feed and the log",
    )
    return parser


def parse_args(argv: Sequence[str]) -> argparse.Namespace:
    args = build_parser().parse_args(list(argv))
    if args.supervise and args.command is not None:
        raise UsageError(f"qi-kiosk: --supervise runs the kiosk itself, not {args.command}")
    if args.screenshot is not None and args.screenshot.suffix.lower() != ".png":
        raise UsageError(f"qi-kiosk: --screenshot must name a .png file (got {args.screenshot})")
    if args.command in ("posters", "print-posters") and args.poster_config and args.poster_demo:
        raise UsageError(f"qi-kiosk {args.command}: give --config or --demo, not both")
    if args.command == "print-posters":
        if args.pdf_out.suffix.lower() != ".pdf":
            raise UsageError(
                f"qi-kiosk print-posters: --out must name a .pdf file (got {args.pdf_out})"
            )
        args.project_ids = [pid for group in args.project_ids or () for pid in group]
    out = getattr(args, "workbook_out", None)
    if out is not None and out.suffix.lower() != ".xlsx":
        raise UsageError(f"qi-kiosk {args.command}: the workbook must be a .xlsx file (got {out})")
    if args.command == "serve" and args.serve_config and args.serve_demo:
        raise UsageError("qi-kiosk serve: give --config or --demo, not both")
    if args.command == "report":
        args.report_places = [p for group in args.report_places or () for p in group]
        if args.report_format == "html" and args.report_out is None and args.report_csv is None:
            raise UsageError("qi-kiosk report: give --out report.html, --format json or --csv DIR")
        if args.report_from and args.report_to and args.report_to < args.report_from:
            raise UsageError("qi-kiosk report: --to is before --from")
    return args
