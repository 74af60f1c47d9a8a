"""The dev kit's commands for the ``kiosk`` CLI (entry point ``vn_checkin_kiosk.commands``)."""

from __future__ import annotations

# name → (module with register(subparsers), the line `kiosk --help` shows).
# `kiosk` reads this dict without importing the modules; it imports one only
# when its command runs (or is asked for its own --help).
COMMAND_MODULES = {
    "simulator": ("devkit.simulator.command", "serve the simulated insurance gateway and hospital system"),
    "virtual-card": ("devkit.virtual_card.command", "plug a synthetic citizen's card into the vpcd virtual reader"),
    "demo": ("devkit.demo.command", "run sample check-ins against an in-process simulator"),
}
