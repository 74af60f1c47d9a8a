"""The ``kiosk`` command: one entry point, one module per command group.

Each module in ``COMMAND_MODULES`` has ``register(subparsers)`` which adds its
sub-commands with ``set_defaults(run=fn)``; ``fn(args, config) -> int``.
Errors become one sentence on stderr and a distinct exit code (see
:mod:`kiosk.cli.exit_codes`); a traceback only with ``--debug``.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import sys

from kiosk import __version__
from kiosk.cli.exit_codes import ExitCode
from kiosk.config import load_config
from kiosk.errors import KioskError
from kiosk.logging_setup import configure_logging, remove_handlers

COMMAND_MODULES = [
    "kiosk.cli.config_cmd",
    "kiosk.cli.checkin_cmd",
    "kiosk.cli.qr_cmd",
    "kiosk.cli.doctor_cmd",
    "kiosk.cli.printer_cmd",
    "kiosk.cli.chip_cmd",
    "kiosk.cli.queue_cmd",
    "kiosk.cli.key_cmd",
    "kiosk.cli.run_cmd",
    "kiosk.cli.rules_cmd",
]

log = logging.getLogger("kiosk.cli")


def _exit_code_for_reader_error(err: Exception) -> int:
    code = getattr(err, "code", "")
    if code.startswith("qr"):
        return ExitCode.BAD_INPUT
    return ExitCode.READER


def plugin_command_modules() -> list[str]:
    """Command modules other installed distributions add (the dev kit's ``simulator``, ``demo`` …).

    Each entry point of the group ``vn_checkin_kiosk.commands`` names a dict
    of command name → module. An installed kiosk has none: the dev kit is
    never part of the product.
    """
    from importlib.metadata import entry_points
    modules: list[str] = []
    for ep in entry_points(group="vn_checkin_kiosk.commands"):
        try:
            modules += list(ep.load().values())
        except ImportError as e:  # a half-removed dev kit must not break the product's CLI
            log.warning("command plug-in %s not loaded: %s", ep.name, e)
    return modules


def build_parser() -> argparse.ArgumentParser:
    """The full argument parser, with every registered command group."""
    parser = argparse.ArgumentParser(prog="kiosk", description="Hospital check-in kiosk (Vietnam).")
    parser.add_argument("--version", action="version", version=f"kiosk {__version__}")
    parser.add_argument("--config", metavar="FILE", help="kiosk.toml (default: the embedded default)")
    parser.add_argument("--debug", action="store_true", help="verbose logs and tracebacks")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES + plugin_command_modules():
        importlib.import_module(name).register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the CLI; returns the exit code (also used as the process status)."""
    # Redacted logging from the first line on (stderr only until the config
    # names the data folder, then the rotating JSON file as well). Before the
    # command modules are imported: a library logging through the root logger
    # at import time would otherwise trigger logging.basicConfig's own handler.
    configure_logging()
    try:
        parser = build_parser()
        args = parser.parse_args(argv)  # may raise SystemExit (--help, bad arguments)
        configure_logging(debug=args.debug)
        if not getattr(args, "run", None):
            parser.print_help()
            return ExitCode.BAD_INPUT
        return _run(args)
    finally:
        remove_handlers()  # in-process callers (tests, the UI) get a clean root logger back


def _run(args: argparse.Namespace) -> int:
    from readers.errors import ReaderError
    try:
        config = load_config(args.config)
        # the redactor masks what sessions learn (names, numbers): commands pass it to KioskServices
        args.redactor = configure_logging(config, debug=args.debug)
        return int(args.run(args, config))
    except KioskError as e:
        log.warning("command failed", extra={"command": args.command, "code": e.code, "detail": e.detail,
                                                "_file_only": True})
        print(f"kiosk: {e.detail}", file=sys.stderr)
        if args.debug:
            raise
        return e.exit_code
    except ReaderError as e:
        log.warning("command failed", extra={"command": args.command, "code": e.code, "detail": str(e),
                                                "_file_only": True})
        print(f"kiosk: {e}", file=sys.stderr)
        if args.debug:
            raise
        return _exit_code_for_reader_error(e)
    except KeyboardInterrupt:
        return ExitCode.INTERRUPTED
    except BrokenPipeError:  # output piped into `head` and closed: not an error
        sys.stderr.close()
        return ExitCode.OK
    except Exception as e:  # last line of defence: one sentence, never a traceback
        log.error("internal error", exc_info=True, extra={"command": args.command, "_file_only": True})
        if args.debug:
            raise
        print(f"kiosk: internal error ({e.__class__.__name__}); run again with --debug for detail",
              file=sys.stderr)
        return ExitCode.INTERNAL


if __name__ == "__main__":
    sys.exit(main())
