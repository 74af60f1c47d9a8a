"""Application core of the check-in kiosk: domain, flow, clients, config, CLI.

Qt-free by design: ``ui/`` drives this package, never the other way round.
"""

__version__ = "0.1.0"
