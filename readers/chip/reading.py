"""Read whole elementary files with an adaptive READ BINARY block size.

Starts large (256 bytes, what the CCCD answers under SM), steps down when a
card answers ``6700`` (wrong length) or ``6Cxx`` (use xx), remembers the
block size for the rest of the session, and switches to odd-INS ``B1``
past offset 32767. The file length comes from its outer TLV header and is
bounded, so a header that lies (past the end, absurd size) fails cleanly.
"""

from __future__ import annotations

import logging

from readers.chip import tlv
from readers.chip.commands import CardChannel, check_file_status
from readers.chip.errors import MalformedData

log = logging.getLogger("readers.chip.reading")

BLOCK_LADDER = (256, 0xE0, 0xDF, 0xA0, 0x80, 0x40, 0x20)
MAX_FILE_SIZE = 512 * 1024   # far above any LDS1 file we read; bounds a lying header
B0_LIMIT = 0x7FFF            # READ BINARY B0 addresses at most 15 bits


class FileReader:
    """Reads files through a :class:`CardChannel`; one instance per card session."""

    def __init__(self, channel: CardChannel, block_size: int = 256) -> None:
        self.channel = channel
        self.block_size = block_size

    def _step_down(self, hint: int | None = None) -> None:
        smaller = [b for b in BLOCK_LADDER if b < self.block_size]
        if hint and 0 < hint < self.block_size:
            self.block_size = hint
        elif smaller:
            self.block_size = smaller[0]
        else:
            raise MalformedData("The card refuses every READ BINARY length.")
        log.debug("READ BINARY block size now %d", self.block_size)

    def _read_at(self, fid: int, offset: int, length: int) -> tuple[bytes, bool]:
        """Up to ``length`` bytes at ``offset``; also whether the card hinted a limit."""
        for _ in range(len(BLOCK_LADDER) + 2):  # bounded: each retry shrinks the request
            if offset > B0_LIMIT:
                r = self.channel.read_binary_odd(offset, length)
            else:
                r = self.channel.read_binary(offset, length)
            if r.sw == 0x6700:
                self._step_down()
                length = min(length, self.block_size)
                continue
            if r.sw1 == 0x6C:
                exact = r.sw2 or 256
                if exact >= length:
                    raise MalformedData(f"File {fid:04X}: the card gives contradictory read lengths.")
                return self._read_exact(fid, offset, exact), True
            if r.sw in (0x6B00, 0x6282) and not r.data:
                return b"", False  # offset at or past the end of the file
            check_file_status(r, fid)
            return r.data, False
        raise MalformedData(f"File {fid:04X}: the card refuses every READ BINARY length.")

    def _read_exact(self, fid: int, offset: int, length: int) -> bytes:
        read = self.channel.read_binary_odd if offset > B0_LIMIT else self.channel.read_binary
        r = read(offset, length)
        check_file_status(r, fid)
        return r.data

    def read_file(self, fid: int) -> bytes:
        """SELECT ``fid`` and return its whole content (outer TLV exactly)."""
        self.channel.select_file(fid)
        first, limited = self._read_at(fid, 0, self.block_size)
        if not first:
            raise MalformedData(f"File {fid:04X} is empty.")
        _tag, _c, length, value_offset = tlv.read_header(first)
        total = value_offset + length
        if total > MAX_FILE_SIZE:
            raise MalformedData(f"File {fid:04X} claims an absurd size ({total} bytes).")
        if limited and total > len(first):
            self._step_down(len(first))
        data = bytearray(first[:total])
        while len(data) < total:
            want = min(self.block_size, total - len(data))
            chunk, limited = self._read_at(fid, len(data), want)
            if not chunk:
                raise MalformedData(f"File {fid:04X} is shorter than its header says "
                                    f"({len(data)} of {total} bytes).")
            if limited:
                self._step_down(len(chunk))
            data += chunk[:want]
        return bytes(data)
