"""Entry script of the frozen build: the same `kiosk` command as the wheel's."""

import multiprocessing
import sys

from kiosk.cli import main

if __name__ == "__main__":
    multiprocessing.freeze_support()  # Windows: child processes of a frozen app
    sys.exit(main())
