"""Exit codes of the `kiosk` process (CLI commands and the window alike), documented in the README."""

import enum


class ExitCode(enum.IntEnum):
    """Every exit code the CLI uses; each failure kind has its own."""

    OK = 0                    # done; for check-in: registered and insured
    INTERNAL = 1              # a bug: one line on stderr (traceback only with --debug)
    BAD_INPUT = 2             # bad arguments, QR text, ID, date, image, unknown department
    CONFIG = 3                # configuration file or environment invalid
    GATEWAY = 4               # insurance gateway unusable (down, garbage, auth refused)
    HOSPITAL = 5              # hospital system refused or unreachable, nothing registered
    READER = 6                # card reader / card / camera problem
    STORAGE = 7               # offline queue database problem (damaged, disk full)
    HEALTH_FAILED = 8         # `kiosk doctor`: at least one part is failing
    PENDING = 10              # check-in registered, eligibility pending (gateway offline)
    COUNTER = 11              # patient sent to the counter (not covered / needs staff)
    INTERRUPTED = 130
