"""The dev kit's commands for the ``kiosk`` CLI (entry point ``vn_checkin_kiosk.commands``)."""

from __future__ import annotations

# name → module with register(subparsers); imported only when the parser is built
COMMAND_MODULES = {
    "simulator": "devkit.simulator.command",
    "virtual-card": "devkit.virtual_card.command",
    "demo": "devkit.demo.command",
}
