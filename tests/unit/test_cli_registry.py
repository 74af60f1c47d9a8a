"""The CLI registry: help lines without imports, and the same commands the modules register."""

from __future__ import annotations

import argparse
import importlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from kiosk.cli import COMMANDS, all_commands, build_parser, main

ROOT = Path(__file__).resolve().parents[2]
# What `kiosk --help` must never pay for: the camera, the printer, the GUI and the chip's crypto.
HEAVY = ("cv2", "PySide6", "escpos", "cryptography.hazmat.backends")


def _registered(module: str) -> dict[str, str]:
    """name → help line of every sub-command ``module.register`` adds."""
    sub = argparse.ArgumentParser().add_subparsers()
    importlib.import_module(module).register(sub)
    return {a.dest: a.help for a in sub._choices_actions}


@pytest.mark.parametrize("command", all_commands(), ids=lambda c: c.name)
def test_registry_matches_what_the_module_registers(command):
    assert _registered(command.module).get(command.name) == command.help


def test_every_registered_command_is_in_the_registry():
    names = {c.name for c in all_commands()}
    for module in {c.module for c in COMMANDS}:
        assert set(_registered(module)) <= names, module


def test_dev_kit_commands_come_in_through_the_entry_point():
    names = [c.name for c in all_commands()]
    assert {"simulator", "virtual-card", "demo"} <= set(names)
    assert not {"simulator", "virtual-card", "demo"} & {c.name for c in COMMANDS}


def test_stage_one_parser_holds_placeholders_only():
    parser = build_parser()
    args, rest = parser.parse_known_args(["checkin", "--qr-text", "x"])
    assert args.command == "checkin" and rest == ["--qr-text", "x"] and not hasattr(args, "run")


def test_command_help_is_the_real_parser(capsys):
    with pytest.raises(SystemExit) as e:
        main(["config", "--help"])
    assert e.value.code == 0
    assert "--json" in capsys.readouterr().out


def test_unknown_command_is_one_error_and_exit_2(capsys):
    with pytest.raises(SystemExit) as e:
        main(["no-such-command"])
    assert e.value.code == 2
    assert "invalid choice: 'no-such-command'" in capsys.readouterr().err


# The child runs the real CLI entry point and then writes sys.modules to a file. (`-X importtime`
# would miss the command modules: importlib.import_module bypasses the import statement's timer.)
_CHILD = """
import json, sys
from kiosk.cli import main
try:
    code = main(sys.argv[2:])
except SystemExit as e:
    code = e.code
with open(sys.argv[1], "w") as f:
    json.dump(sorted(sys.modules), f)
sys.exit(code or 0)
"""


def _imported_by(tmp_path, *argv: str) -> set[str]:
    """Every module a fresh ``kiosk ARGV`` process has loaded when the command returns."""
    out = tmp_path / "modules.json"
    env = {k: v for k, v in os.environ.items() if not k.startswith("KIOSK_")}
    r = subprocess.run([sys.executable, "-c", _CHILD, str(out), *argv], capture_output=True,
                       text=True, timeout=60, cwd=ROOT, env=env)
    assert r.returncode == 0, r.stderr[-500:]
    return set(json.loads(out.read_text()))


def _heavy(modules: set[str]) -> list[str]:
    return sorted(m for m in modules if any(m == h or m.startswith(h + ".") for h in HEAVY))


def test_kiosk_help_imports_no_heavy_module(tmp_path):
    modules = _imported_by(tmp_path, "--help")
    assert "kiosk.cli" in modules  # the parse really saw the imports
    assert _heavy(modules) == []
    # nor any command module: the registry alone answers --help
    assert not [m for m in modules if m.startswith("kiosk.cli.") and m.endswith("_cmd")]


def test_config_command_imports_no_heavy_module(tmp_path):
    modules = _imported_by(tmp_path, "config", "--json")
    assert "kiosk.cli.config_cmd" in modules
    assert _heavy(modules) == []


# What a one-shot check-in must not pay for either: besides HEAVY, the metrics library (nothing
# scrapes a CLI process), the lobby client, the printer, the QR image decoder and numpy, the face model,
# the chip stack (a check-in without --chip).
# the lobby's client and words are the desks'; a check-in queues referrals with the Qt-free model only
CHECKIN_HEAVY = HEAVY + ("prometheus_client", "kiosk.lobby.client", "kiosk.lobby.words", "kiosk.printing",
                         "readers.qr.decode", "numpy", "kiosk.face", "kiosk.chip", "smartcard")
# ... and what a check-in that ends with a ticket does not use either: the queue speaks sqlite3 itself
# (sqlite-utils brought click, dateutil and pluggy), the lobby's model is read only for a counter
# referral's reason, the QR image decoder, voice, the chip readers and pydantic are other paths'.
# HTTP is the standard library's http.client (requests and urllib3 cost ~230 M instructions); the
# screens' journey and the health report model are not the check-in's.
TICKET_PATH_UNUSED = CHECKIN_HEAVY + ("sqlite_utils", "click", "dateutil", "pluggy", "kiosk.lobby.model",
                                      "zxingcpp", "cv2", "kiosk.voice", "readers.chip", "readers.pcsc",
                                      "pydantic", "escpos", "PIL", "qrcode", "requests", "urllib3",
                                      "kiosk.checkin.journey", "kiosk.health.model", "kiosk.health.registry")


def test_checkin_json_imports_only_what_the_check_in_uses(tmp_path, simulator):
    from devkit.kiosk_config import dev_kit_environ
    from devkit.simulator.citizens import by_key
    env = {**dev_kit_environ(simulator), "KIOSK_DATA_DIR": str(tmp_path / "data")}
    out = tmp_path / "modules.json"
    r = subprocess.run([sys.executable, "-c", _CHILD, str(out), "checkin", "--qr-text", by_key("valid").qr_text(),
                        "--json"], capture_output=True, text=True, timeout=60, cwd=ROOT,
                       env={**{k: v for k, v in os.environ.items() if not k.startswith("KIOSK_")}, **env})
    assert r.returncode == 0, r.stderr[-500:]
    assert json.loads(r.stdout)["outcome"] == "ticket"   # the whole path ran: gateway, queue, hospital
    modules = set(json.loads(out.read_text()))
    assert {"kiosk.cli.checkin_cmd", "http.client", "offline_cache.sqlite_db"} <= modules
    assert sorted(m for m in modules if any(m == h or m.startswith(h + ".") for h in TICKET_PATH_UNUSED)) == []


@pytest.mark.parametrize("argv, name", [
    (["checkin", "--json"], "checkin"),
    (["--config", "k.toml", "--debug", "queue", "status"], "queue"),
    (["--config=k.toml", "run"], "run"),
    (["--help"], None), (["--conf", "k.toml", "run"], None), ([], None),
])
def test_named_command_only_past_known_global_options(argv, name):
    from kiosk.cli import _named_command
    assert _named_command(argv) == name


def test_product_command_skips_the_plug_in_scan(tmp_path):
    modules = _imported_by(tmp_path, "config", "--json")
    assert "devkit.commands" not in modules
    assert "devkit.commands" in _imported_by(tmp_path, "--help")
