"""``kiosk run``: open the Qt application (patient kiosk, or the reception station).

The window lives in ``ui/``; it is loaded with ``importlib`` only when this
command runs, so the core and every other command stay free of Qt.
"""

from __future__ import annotations

import importlib

from kiosk.config import Config


def register(sub) -> None:
    """Add the ``run`` command."""
    p = sub.add_parser("run", help="open the kiosk window (or the reception station)",
                       description="Open the patient kiosk full screen, or the reception station.")
    p.add_argument("--station", action="store_true", help="the reception station instead of the kiosk")
    p.add_argument("--windowed", action="store_true", help="a normal window instead of full screen")
    p.add_argument("--smoke-test", action="store_true",
                   help="start, wait for the idle screen, print how long it took, exit (for IT after an install)")
    p.set_defaults(run=run, on_config_error=config_unusable)


def run(args, config: Config) -> int:
    """Hand over to ``ui.app.run``."""
    return importlib.import_module("ui.app").run(args, config)


def config_unusable(args, error) -> int:
    """The config could not be loaded (``error``, already printed): a station started from the desktop
    shows its not-set-up notice (a desktop user sees no terminal); the kiosk just exits (its service logs it)."""
    if not getattr(args, "station", False):
        return error.exit_code
    from kiosk.setup_state import Problem
    ui_app = importlib.import_module("ui.app")
    if not ui_app.has_display():
        return error.exit_code
    return ui_app.run_not_set_up(args, Config(), [Problem("config", "cannot be loaded")])
