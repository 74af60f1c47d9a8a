"""Logging for the kiosk: rotating JSON-lines files, personal data always masked.

``configure_logging`` installs (and on a second call replaces) our handlers on
the root logger: a short human format on stderr and, when ``[logging]
to_file`` is on, ``<data_dir>/logs/kiosk.log`` rotated by size with one JSON
object per line. Every handler carries a :class:`RedactingFilter`, so
records from any library (python-escpos, pyhanko-certvalidator…) are masked as well.
"""

from __future__ import annotations

import json
import logging
import logging.handlers
import sys
from datetime import UTC, datetime
from pathlib import Path

from kiosk.config import Config
from kiosk.redaction import Redactor

LOG_FILE_NAME = "kiosk.log"
_MARK = "_kiosk_handler"
_STANDARD = set(logging.LogRecord("", 0, "", 0, "", (), None).__dict__) | {"message", "asctime",
                                                                           "taskName"}


class RedactingFilter(logging.Filter):
    """Masks the message (with its arguments), the extras and the traceback of each record."""

    def __init__(self, redactor: Redactor) -> None:
        super().__init__()
        self.redactor = redactor

    def filter(self, record: logging.LogRecord) -> bool:
        """Rewrite ``record`` in place (every handler has this filter, so it is safe)."""
        if getattr(record, "_kiosk_redacted", False):
            return True
        try:
            message = record.getMessage()
        except Exception:  # a bad format string must not lose the record
            message = f"{record.msg!s} {record.args!r}"
        record.msg, record.args = self.redactor.text(message), None
        for key in [k for k in record.__dict__ if k not in _STANDARD and not k.startswith("_")]:
            record.__dict__[key] = self.redactor.value(key, record.__dict__[key])
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = self.redactor.text(record.exc_text)
        if record.stack_info:
            record.stack_info = self.redactor.text(record.stack_info)
        record._kiosk_redacted = True
        return True


def _not_file_only(record: logging.LogRecord) -> bool:
    """stderr filter: records logged with ``extra={"_file_only": True}`` go to the file only
    (the CLI already printed its one sentence for them)."""
    return not getattr(record, "_file_only", False)


class JsonLineFormatter(logging.Formatter):
    """One JSON object per line: ts, level, logger, msg, the extras, exc."""

    def format(self, record: logging.LogRecord) -> str:
        """The record as one line of JSON (UTF-8 text, no raw newlines)."""
        entry = {
            "ts": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "msg": record.getMessage(),
        }
        for key, value in record.__dict__.items():
            if key not in _STANDARD and not key.startswith("_") and key not in entry:
                entry[key] = value
        if record.exc_info and not record.exc_text:
            record.exc_text = self.formatException(record.exc_info)
        if record.exc_text:
            entry["exc"] = record.exc_text
        if record.stack_info:
            entry["stack"] = record.stack_info
        return json.dumps(entry, ensure_ascii=False, default=str)


class _LazyRotatingFileHandler(logging.handlers.RotatingFileHandler):
    """Creates the log folder on the first record, not when a command merely starts."""

    def _open(self):
        Path(self.baseFilename).parent.mkdir(parents=True, exist_ok=True, mode=0o750)
        return super()._open()


def log_dir(config: Config) -> Path:
    """The folder of the log files: ``<data_dir>/logs``."""
    return config.data_path() / "logs"


def _all_handlers() -> list[logging.Handler]:
    """Handlers of the root logger and of every named logger (some libraries attach their own)."""
    loggers = [logging.getLogger()] + [lg for lg in logging.root.manager.loggerDict.values()
                                       if isinstance(lg, logging.Logger)]
    return [h for lg in loggers for h in lg.handlers]


def remove_handlers() -> None:
    """Remove and close the handlers :func:`configure_logging` installed (and our filters on others)."""
    root = logging.getLogger()
    for h in list(root.handlers):
        if getattr(h, _MARK, False):
            root.removeHandler(h)
            h.close()
    for h in _all_handlers():
        for f in [f for f in h.filters if isinstance(f, RedactingFilter)]:
            h.removeFilter(f)


def quiet_stderr(level: int = logging.ERROR) -> None:
    """Raise the level of our stderr handler only (a command whose output says it all);
    the log file keeps its level."""
    for h in logging.getLogger().handlers:
        if getattr(h, _MARK, False) and not isinstance(h, logging.FileHandler):
            h.setLevel(max(h.level, level))


def configure_logging(config: Config | None = None, *, debug: bool = False,
                      redactor: Redactor | None = None) -> Redactor:
    """Install the stderr and (with ``config``) the rotating file handler; returns the redactor.

    The stderr handler is added only when nobody else (a test runner, an
    embedding application) has put a handler on the root logger, like
    ``logging.basicConfig``; those handlers get the redaction filter too. The
    root level is only ever lowered.
    """
    redactor = redactor or Redactor()
    remove_handlers()
    root = logging.getLogger()
    wanted: list[logging.Handler] = []
    if not root.handlers:
        err = logging.StreamHandler(sys.stderr)
        err.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        err.setLevel(logging.DEBUG if debug else logging.WARNING)
        err.addFilter(_not_file_only)
        wanted.append(err)
    if config is not None and config.logging.to_file:
        path = log_dir(config) / LOG_FILE_NAME
        fh = _LazyRotatingFileHandler(path, maxBytes=config.logging.max_bytes,
                                      backupCount=config.logging.backup_count, encoding="utf-8",
                                      delay=True)
        fh.setFormatter(JsonLineFormatter())
        fh.setLevel(logging.DEBUG if debug else getattr(logging, config.logging.level))
        wanted.append(fh)
    for h in wanted:
        h.addFilter(RedactingFilter(redactor))
        setattr(h, _MARK, True)
        root.addHandler(h)
    for h in _all_handlers():  # someone else's handlers (an embedding app, a test runner) redact too
        if not any(isinstance(f, RedactingFilter) for f in h.filters):
            h.addFilter(RedactingFilter(redactor))
    if wanted:
        root.setLevel(min([root.level or logging.WARNING] + [h.level for h in wanted]))
    logging.captureWarnings(True)
    return redactor
