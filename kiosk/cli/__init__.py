"""The ``kiosk`` command: one entry point, one module per command group.

The registry (:data:`COMMANDS`) knows every command's name, one-line help and
module without importing the module: ``kiosk --help`` lists them all from the
registry, and a command's module (with whatever it needs: OpenCV, escpos, the
chip stack, Qt) is imported only when that command runs or is asked for its
own ``--help``. A module has ``register(subparsers)`` which adds its
sub-commands with ``set_defaults(run=fn)``; ``fn(args, config) -> int``.
Errors become one sentence on stderr and a distinct exit code (see
:mod:`kiosk.cli.exit_codes`); a traceback only with ``--debug``.
"""

from __future__ import annotations

import argparse
import gc
import importlib
import logging
import sys
from dataclasses import dataclass

from kiosk import __version__
from kiosk.cli.exit_codes import ExitCode
from kiosk.config import load_config
from kiosk.errors import KioskError
from kiosk.logging_setup import configure_logging, remove_handlers

PLUGIN_GROUP = "vn_checkin_kiosk.commands"


@dataclass(frozen=True)
class Command:
    """One ``kiosk`` sub-command as the registry knows it, before its module is imported.

    ``module`` must register a sub-command called ``name`` (a module may
    register several, e.g. ``decode-qr`` and ``cameras``); ``help`` is the
    line ``kiosk --help`` shows for it.
    """

    name: str
    module: str
    help: str


# Order is the order of `kiosk --help`. A test checks that each module
# registers its names with exactly this help, so the two cannot drift apart.
COMMANDS: tuple[Command, ...] = (
    Command("config", "kiosk.cli.config_cmd", "check the configuration and print the effective values"),
    Command("checkin", "kiosk.cli.checkin_cmd",
            "check one patient in and print the ticket or the counter outcome"),
    Command("decode-qr", "kiosk.cli.qr_cmd", "read the ID / insurance card QR code in image files"),
    Command("cameras", "kiosk.cli.qr_cmd", "list the cameras that can be opened, and at what resolution"),
    Command("doctor", "kiosk.cli.doctor_cmd", "check reader, camera, printer, gateway, hospital, queue, disk, clock"),
    Command("print-test", "kiosk.cli.printer_cmd", "print a sample ticket and/or save its PNG preview"),
    Command("readers", "kiosk.cli.chip_cmd", "list PC/SC card readers and whether a card is on them"),
    Command("read-card", "kiosk.cli.chip_cmd",
            "read the chip ID card on a reader (PACE-CAN or BAC, passive authentication)"),
    Command("verify-face", "kiosk.cli.face_cmd", "compare live face pictures with the chip photo (1:1)"),
    Command("queue", "kiosk.cli.queue_cmd", "offline queue: status, list, retry, purge"),
    Command("key", "kiosk.cli.key_cmd", "the data-at-rest encryption key: create it, or say where it is"),
    Command("run", "kiosk.cli.run_cmd", "open the kiosk window (or the reception station)"),
    Command("setup", "kiosk.cli.setup_cmd",
            "set up an installed kiosk: service URLs, secrets, kiosk id, staff PIN"),
    Command("rules", "kiosk.cli.rules_cmd", "the insurance benefit rules in force and their legal sources"),
    Command("lobby", "kiosk.cli.lobby_cmd", "today's lobby and the kiosk fleet, from the hospital system"),
)

log = logging.getLogger("kiosk.cli")


def _exit_code_for_reader_error(err: Exception) -> int:
    code = getattr(err, "code", "")
    if code.startswith("qr"):
        return ExitCode.BAD_INPUT
    return ExitCode.READER


def plugin_commands() -> list[Command]:
    """Commands other installed distributions add (the dev kit's ``simulator``, ``demo`` …).

    Each entry point of the group ``vn_checkin_kiosk.commands`` names a dict
    of command name → ``(module, one-line help)`` (a bare module name is
    accepted too, with no help line). Loading it imports only that small
    dict, never the command modules. An installed kiosk has none: the dev
    kit is never part of the product.
    """
    from importlib.metadata import entry_points
    commands: list[Command] = []
    for ep in entry_points(group=PLUGIN_GROUP):
        try:
            table = ep.load()
        except ImportError as e:  # a half-removed dev kit must not break the product's CLI
            log.warning("command plug-in %s not loaded: %s", ep.name, e)
            continue
        for name, spec in table.items():
            module, help_text = (spec, "") if isinstance(spec, str) else spec
            commands.append(Command(name, module, help_text))
    return commands


def all_commands() -> list[Command]:
    """The product's commands, then the plug-ins' (a plug-in cannot shadow a product command)."""
    own = {c.name for c in COMMANDS}
    return list(COMMANDS) + [c for c in plugin_commands() if c.name not in own]


def _top_parser() -> tuple[argparse.ArgumentParser, argparse._SubParsersAction]:
    parser = argparse.ArgumentParser(prog="kiosk", description="Hospital check-in kiosk (Vietnam).")
    parser.add_argument("--version", action="version", version=f"kiosk {__version__}")
    parser.add_argument("--config", metavar="FILE", help="kiosk.toml (default: the embedded default)")
    parser.add_argument("--debug", action="store_true", help="verbose logs and tracebacks")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    return parser, sub


def build_parser(command: str | None = None,
                 commands: list[Command] | None = None) -> argparse.ArgumentParser:
    """The argument parser, importing at most one command module.

    Without ``command`` every command is a placeholder built from the
    registry (enough for ``kiosk --help`` and to find which command was
    asked for). With ``command`` the parser holds only that command's
    module, registered for real, so its arguments and ``--help`` are complete.
    """
    commands = all_commands() if commands is None else commands
    parser, sub = _top_parser()
    if command is None:
        for c in commands:
            # add_help=False: `kiosk NAME --help` reaches the real parser of stage two
            sub.add_parser(c.name, help=c.help, add_help=False)
        return parser
    modules = [c.module for c in commands if c.name == command]
    if not modules:
        parser.error(f"unknown command {command!r}")
    importlib.import_module(modules[0]).register(sub)
    return parser


def _named_command(argv: list[str]) -> str | None:
    """The command word of ``argv`` when the global options before it are all known ones, else None."""
    i = 0
    while i < len(argv):
        arg = argv[i]
        if arg == "--config":
            i += 2
        elif arg.startswith("--config=") or arg == "--debug":
            i += 1
        elif arg.startswith("-"):
            return None  # --help, --version, an abbreviation: let argparse see every command
        else:
            return arg
    return None


def parse_args(argv: list[str] | None) -> tuple[argparse.ArgumentParser, argparse.Namespace]:
    """Find the command with the registry alone, then parse with its real parser.

    When the first word after the known global options names a product
    command, the real parser is built straight away (the registry pass could
    only find the same name).
    """
    argv = sys.argv[1:] if argv is None else list(argv)
    # A product command needs no plug-in list: scanning the installed distributions' entry
    # points costs more than the rest of the parsing. --help and plug-in commands scan.
    named = _named_command(argv)
    if named in {c.name for c in COMMANDS}:
        # Stage one would only find this same name: skip its sixteen placeholder parsers (~2 % of a check-in).
        parser = build_parser(named, list(COMMANDS))
        return parser, parser.parse_args(argv)
    commands = all_commands()
    first, _ = build_parser(None, commands).parse_known_args(argv)  # may exit: --help, --version, bad name
    if not first.command:
        return build_parser(None, commands), first
    parser = build_parser(first.command, commands)
    return parser, parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    """Run the CLI; returns the exit code (also used as the process status)."""
    # Redacted logging from the first line on (stderr only until the config
    # names the data folder, then the rotating JSON file as well). Before the
    # command modules are imported: a library logging through the root logger
    # at import time would otherwise trigger logging.basicConfig's own handler.
    configure_logging()
    try:
        parser, args = parse_args(argv)  # may raise SystemExit (--help, bad arguments)
        configure_logging(debug=args.debug)
        if not getattr(args, "run", None):
            parser.print_help()
            return ExitCode.BAD_INPUT
        return _run(args, own_process=argv is None)
    finally:
        remove_handlers()  # in-process callers (tests, the UI) get a clean root logger back


def _run(args: argparse.Namespace, own_process: bool = False) -> int:
    from readers.errors import ReaderError
    config = None
    try:
        config = load_config(args.config)
        # the redactor masks what sessions learn (names, numbers): commands pass it to KioskServices
        args.redactor = configure_logging(config, debug=args.debug)
        if own_process:
            # What exists now (the modules, their classes and functions, the config) lives until the
            # process ends. Frozen, the cyclic collector no longer walks it: neither in the collections
            # the command's own allocations trigger nor in the one at exit (~26 M instructions, 3.5 % of
            # a `kiosk checkin`). Only when main() is the process (the console script, python -m kiosk):
            # in-process callers (tests, the UI) keep every object collectable.
            gc.freeze()
        return int(args.run(args, config))
    except KioskError as e:
        log.warning("command failed", extra={"command": args.command, "code": e.code, "detail": e.detail,
                                                "_file_only": True})
        print(f"kiosk: {e.detail}", file=sys.stderr)
        if args.debug:
            raise
        # a command started from a desktop (the station) shows its config problem in a window too
        on_config_error = getattr(args, "on_config_error", None)
        if on_config_error is not None and e.code == "config" and config is None:   # the file itself
            return int(on_config_error(args, e))
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
