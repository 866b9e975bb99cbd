"""The ``qi-kiosk`` command: run the kiosk, or check a config or a feed, or render posters.

Usage and config errors print one clear line (or, for a config, one line per problem) on
stderr and exit 2, never a traceback.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from pathlib import Path

from kiosk.args import EXIT_INVALID_FEED, EXIT_OK, EXIT_USAGE, UsageError, parse_args

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
        if args.command == "posters":
            from kiosk.ui.render import render_posters

            return render_posters(args)
        if args.command == "print-posters":
            from kiosk.app import prepare_platform
            from kiosk.ui.print_pdf import print_posters

            prepare_platform(args)
            return print_posters(args)
        from kiosk.app import create_from_args

        return create_from_args(args).run()
    except UsageError as exc:
        print(exc, file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
