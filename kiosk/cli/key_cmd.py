"""``kiosk key``: the per-installation key that protects personal data at rest.

Installers call ``kiosk key init --file`` as the kiosk's own user so the key
exists before the first patient (Linux .deb postinst). Without ``--file`` the
OS keyring is preferred when one is usable, as at the kiosk's first start.
The key itself is never printed.
"""

from __future__ import annotations

import json

from kiosk.cli.exit_codes import ExitCode
from kiosk.config import Config
from kiosk.errors import QueueStorageError
from offline_cache import KeyUnavailable
from offline_cache.keys import KEY_FILE_NAME, load_or_create_key


def register(sub) -> None:
    """Add the ``key`` command group."""
    p = sub.add_parser("key", help="the data-at-rest encryption key: create it, or say where it is")
    ksub = p.add_subparsers(dest="key_command", metavar="SUBCOMMAND", required=True)
    s = ksub.add_parser("init", help="create the key if there is none (idempotent)")
    s.add_argument("--file", action="store_true",
                   help=f"keep it in a 0600 file ({KEY_FILE_NAME} in the data folder), never the OS keyring")
    s.set_defaults(run=run_init)
    for parser in ksub.choices.values():
        parser.add_argument("--json", action="store_true", help="machine-readable output")


def run_init(args, config: Config) -> int:
    """Find or create the key; print where it lives."""
    try:
        key = load_or_create_key(config.data_path(), prefer_keyring=not args.file)
    except KeyUnavailable as e:
        raise QueueStorageError(str(e), retryable=False) from None
    where = str(config.data_path() / KEY_FILE_NAME) if key.source == "file" else "OS keyring"
    if args.json:
        print(json.dumps({"source": key.source, "where": where}))
    else:
        print(f"key ready ({key.source}: {where})")
    return ExitCode.OK
