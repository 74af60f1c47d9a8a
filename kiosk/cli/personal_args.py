"""Personal data for a command without putting it on the command line.

A process's arguments are visible to every local user (``ps``, ``/proc``), so
options that carry a name, a birth date, an ID number or a card's QR text
also accept ``-`` (read the value from standard input, one line per option,
in the order the options are listed) or ``@FILE`` (read it from that file).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TextIO

from kiosk.errors import InputError

FROM_STDIN = "-"
FILE_PREFIX = "@"
HELP = "; '-' reads it from stdin, '@FILE' from a file (arguments are visible to other users in ps)"
EPILOG = ("Personal data (QR text, names, dates, ID numbers) can be given as '-' to read it from stdin "
          "(one line per option) or as '@FILE' to read it from a file, so it never shows in ps.")

MAX_VALUE = 4096    # a card's QR text is a few hundred characters: anything longer is not a value


def resolve(args, names: list[str], stdin: TextIO | None = None) -> None:
    """Replace each ``-`` / ``@FILE`` value among ``names`` on ``args`` with what it points to."""
    stdin = stdin if stdin is not None else sys.stdin
    for name in names:
        value = getattr(args, name, None)
        if not isinstance(value, str):
            continue
        option = "--" + name.replace("_", "-")
        if value == FROM_STDIN:
            line = stdin.readline(MAX_VALUE + 1)
            if not line.strip():
                raise InputError(f"{option} -: there was no line to read on standard input.",
                                 code="argument_stdin_empty")
            setattr(args, name, _checked(line.rstrip("\r\n"), option))
        elif value.startswith(FILE_PREFIX) and len(value) > 1:
            path = Path(value[1:]).expanduser()
            try:
                with path.open(encoding="utf-8-sig") as f:
                    text = f.read(MAX_VALUE + 1)
            except (OSError, UnicodeDecodeError) as e:
                raise InputError(f"{option}: the file {path} cannot be read ({e.__class__.__name__}).",
                                 code="argument_file_unreadable") from None
            text = text.rstrip("\r\n")
            if not text.strip():
                raise InputError(f"{option}: the file {path} is empty.", code="argument_file_unreadable")
            setattr(args, name, _checked(text, option))


def _checked(value: str, option: str) -> str:
    if len(value) > MAX_VALUE:
        raise InputError(f"{option}: the value is longer than {MAX_VALUE} characters.", code="argument_too_long")
    return value
