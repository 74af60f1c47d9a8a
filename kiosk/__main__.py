"""``python -m kiosk`` runs the CLI."""

import sys

from kiosk.cli import main

sys.exit(main())
