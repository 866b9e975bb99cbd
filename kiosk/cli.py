"""The ``qi-kiosk`` command: run the kiosk, or check a config or a feed, or render posters.

Usage and config errors print one clear line (or, for a config, one line per problem) on
stderr and exit 2, never a traceback.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from kiosk.args import (
    EXIT_INVALID_FEED,
    EXIT_OK,
    EXIT_RESTART,
    EXIT_USAGE,
    UsageError,
    parse_args,
)
from kiosk.atomic import write_atomic

if TYPE_CHECKING:
    from kiosk.config import FeedConfig

__all__ = ["EXIT_INVALID_FEED", "EXIT_OK", "EXIT_USAGE", "UsageError", "main"]


def _check_config(path: Path) -> int:
    from kiosk.config import ConfigError, load_config

    try:
        load_config(path)
    except ConfigError as exc:
        print(exc.report(), file=sys.stderr)
        return EXIT_USAGE
    print(f"{path}: valid")
    return EXIT_OK


def _check_feed(source: str, config_path: Path | None) -> int:
    from kiosk.config import ConfigError, FeedConfig, load_config
    from kiosk.feed.check import check_feed

    feed_config = FeedConfig()
    if config_path is not None:
        try:
            feed_config = load_config(config_path).feed
        except ConfigError as exc:
            print(exc.report(), file=sys.stderr)
            return EXIT_USAGE
    report = check_feed(source, feed_config)
    for line in report.lines:
        print(line)
    return EXIT_OK if report.valid else EXIT_INVALID_FEED


def _schema() -> int:
    from kiosk.feed.jsonschema import feed_schema

    print(json.dumps(feed_schema(), indent=2, ensure_ascii=False))
    return EXIT_OK


def _hash_pin() -> int:
    import getpass

    from kiosk.pin import PinError, check_pin_format, hash_pin

    try:
        if sys.stdin.isatty():
            pin = getpass.getpass("Admin PIN (4 to 12 digits): ")
            check_pin_format(pin)
            if getpass.getpass("The same PIN again: ") != pin:
                raise UsageError("qi-kiosk hash-pin: the two PINs differ; nothing was made")
        else:
            pin = sys.stdin.readline().strip()
        print(hash_pin(check_pin_format(pin)))
    except PinError as exc:
        raise UsageError(f"qi-kiosk hash-pin: {exc}") from None
    except EOFError:
        raise UsageError("qi-kiosk hash-pin: no PIN given") from None
    print("Put this line in the config as admin.pin_hash.", file=sys.stderr)
    return EXIT_OK


def _install_autostart(args: argparse.Namespace) -> int:
    import subprocess

    from kiosk.autostart import build, current_platform
    from kiosk.config import ConfigError, load_config

    platform = args.platform or current_platform()
    if platform != current_platform() and not args.print_only:
        raise UsageError(
            f"qi-kiosk install-autostart: a {platform} file can only be printed here (add --print)"
        )
    config_path = args.autostart_config.resolve() if args.autostart_config else None
    state_dir = None
    if config_path is not None:
        try:
            state_dir = load_config(config_path).state_dir
        except ConfigError as exc:
            print(exc.report(), file=sys.stderr)
            return EXIT_USAGE
    else:
        print("note: no --config given: the kiosk will show the built-in demo", file=sys.stderr)
    plan = build(platform, config_path, python=args.python, state_dir=state_dir)
    if args.print_only:
        print(plan.text, end="")
        return EXIT_OK
    try:
        plan.path.parent.mkdir(parents=True, exist_ok=True)
        if plan.platform == "windows":
            plan.path.write_text(plan.text, encoding="utf-16")
        else:
            write_atomic(plan.path, plan.text.encode("utf-8"))
    except OSError as exc:
        raise UsageError(
            f"qi-kiosk install-autostart: cannot write {plan.path}: {exc.strerror or exc}"
        ) from None
    print(f"wrote {plan.path}")
    if plan.platform == "windows":
        done = subprocess.run(plan.next_steps[0], shell=True, check=False)
        if done.returncode != 0:
            print(f"schtasks failed (exit {done.returncode}); run: {plan.next_steps[0]}")
            return EXIT_INVALID_FEED
        print("registered the scheduled task; it starts at the next log-on")
        return EXIT_OK
    print("to start it now and at every log-on, run:")
    for step in plan.next_steps:
        print(f"  {step}")
    return EXIT_OK


def _new_workbook(out: Path) -> int:
    from kiosk.workbook.template import new_workbook

    try:
        new_workbook(out)
    except OSError as exc:
        print(f"qi-kiosk new-workbook: cannot write {out}: {exc.strerror or exc}", file=sys.stderr)
        return EXIT_INVALID_FEED
    print(f"wrote {out}: fill in the Projects sheet (see its Instructions sheet)")
    return EXIT_OK


def _build_feed(workbook: Path, out: Path, images: Path | None) -> int:
    from kiosk.workbook.publish import build_feed

    outcome = build_feed(workbook, out, images)
    for line in outcome.report(workbook):
        print(line)
    return EXIT_OK if outcome.written else EXIT_INVALID_FEED


def _export_workbook(feed: Path, out: Path) -> int:
    from kiosk.workbook.export import export_workbook
    from kiosk.workbook.problems import WorkbookError

    try:
        exported = export_workbook(feed, out)
    except WorkbookError as exc:
        print(f"error: {exc}")
        return EXIT_INVALID_FEED
    for line in exported.notes:
        print(f"warning: {line}")
    print(
        f"wrote {out}: {exported.projects} projects, {exported.templates} templates; pictures"
        f" are named relative to {feed.resolve().parent} (build with --images there)"
    )
    return EXIT_OK


def _titles(source: str, feed_config: FeedConfig) -> dict[str, str]:
    """Project and template titles from a feed, to name them in the report (ids otherwise)."""
    from kiosk.feed.schema import FeedError
    from kiosk.feed.updater import check_source

    try:
        feed = check_source(source, feed_config)
    except FeedError as exc:
        print(f"warning: projects are shown by id: {exc}", file=sys.stderr)
        return {}
    titles = {f"template:{t.id}": t.title for t in feed.templates}
    titles.update({p.id: p.title for p in feed.projects})
    return titles


def _report(args: argparse.Namespace) -> int:
    import datetime as dt

    from kiosk.config import ConfigError, FeedConfig, default_state_dir, load_config
    from kiosk.uptake.report import build_report, write_csv
    from kiosk.uptake.report_html import report_html
    from kiosk.uptake.store import StoreError

    places = list(args.report_places)
    feed_source, feed_config = args.report_feed, FeedConfig()
    if args.report_config is not None:
        try:
            config = load_config(args.report_config)
        except ConfigError as exc:
            print(exc.report(), file=sys.stderr)
            return EXIT_USAGE
        if not places:
            places = [config.state_dir]
        feed_source = feed_source or config.feed.source
        feed_config = config.feed
    if not places:
        places = [default_state_dir()]
    try:
        report = build_report(
            places,
            start=args.report_from,
            end=args.report_to,
            daily=args.report_csv is not None,
        )
    except StoreError as exc:
        raise UsageError(f"qi-kiosk report: {exc}") from None
    for warning in report.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    try:
        if args.report_csv is not None:
            for path in write_csv(report, args.report_csv):
                print(f"wrote {path}", file=sys.stderr)
        if args.report_format == "json":
            text = json.dumps(report.to_json(), indent=2, ensure_ascii=False)
            if args.report_out is None:
                print(text)
            else:
                write_atomic(args.report_out, (text + "\n").encode("utf-8"))
        elif args.report_out is not None:
            titles = _titles(feed_source, feed_config) if feed_source else {}
            page = report_html(
                report, title=args.report_title, generated=dt.date.today(), titles=titles
            )
            write_atomic(args.report_out, page.encode("utf-8"))
            print(f"wrote {args.report_out}", file=sys.stderr)
    except OSError as exc:
        raise UsageError(f"qi-kiosk report: cannot write: {exc.strerror or exc}") from None
    return EXIT_OK


def main(argv: Sequence[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    try:
        args = parse_args(argv)
        if args.command == "check-config":
            return _check_config(args.file)
        if args.command == "check-feed":
            return _check_feed(args.source, args.feed_config)
        if args.command == "schema":
            return _schema()
        if args.command == "hash-pin":
            return _hash_pin()
        if args.command == "report":
            return _report(args)
        if args.command == "install-autostart":
            return _install_autostart(args)
        if args.command == "new-workbook":
            return _new_workbook(args.workbook_out)
        if args.command == "build-feed":
            return _build_feed(args.workbook, args.feed_out, args.images)
        if args.command == "export-workbook":
            return _export_workbook(args.feed_file, args.workbook_out)
        if args.command == "preview":
            from kiosk.ui.preview import run_preview

            return run_preview(args)
        if args.command == "outbox":
            from kiosk.outbox.command import outbox_command

            return outbox_command(args)
        if args.command == "serve":
            from kiosk.web.serve import serve_command

            return serve_command(args)
        if args.command == "posters":
            from kiosk.ui.render import render_posters

            return render_posters(args)
        if args.command == "print-posters":
            from kiosk.app import prepare_platform
            from kiosk.ui.print_pdf import print_posters

            prepare_platform(args)
            return print_posters(args)
        if args.supervise:
            from kiosk.supervisor import kiosk_argv, supervise

            return supervise(kiosk_argv(argv))
        from kiosk.app import create_from_args
        from kiosk.supervisor import SUPERVISED_ENV

        code = create_from_args(args).run()
        if code == EXIT_RESTART and not os.environ.get(SUPERVISED_ENV):
            # Asked for on the admin screen: the same command again, in this same process
            # (so systemd keeps watching the same main process).
            sys.stdout.flush()
            sys.stderr.flush()
            os.execv(sys.executable, [sys.executable, "-m", "kiosk", *argv])
        return code
    except UsageError as exc:
        print(exc, file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
