"""The developers' kit: what only developers, tests and the demo run.

The gateway + hospital simulator (:mod:`devkit.simulator`), the virtual chip
card with the card-side halves of PACE and secure messaging
(:mod:`devkit.virtual_card`), the demo (:mod:`devkit.demo`), the screenshots
(:mod:`devkit.screenshots`) and the log audit (:mod:`devkit.log_audit`).

It is a separate distribution (``devkit/pyproject.toml``). It may import
anything of the product; nothing of the product imports it, and the frozen
bundle and the .deb leave it out. Its CLI commands (``simulator``,
``virtual-card``, ``demo``) reach ``kiosk`` through the
``vn_checkin_kiosk.commands`` entry point, so an installed kiosk has none of
them.
"""
