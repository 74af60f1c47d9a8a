"""One call for the core: connect to the reader, read the card, release it.

``read_card`` is what the check-in flow (on its PC/SC worker thread) and the
CLI use; it bounds every command by ``command_timeout`` and always releases
the card, so a failed attempt can be retried at once.
"""

from __future__ import annotations

from collections.abc import Sequence

from readers.chip.keys import AccessKey
from readers.chip.service import ChipDocument, ChipReader
from readers.chip.trust import TrustStore
from readers.pcsc.system import connect


def load_trust(csca_dir: str | None) -> TrustStore | None:
    """The CSCA store configured in ``reader.csca_dir`` (None when empty)."""
    return TrustStore.from_path(csca_dir) if csca_dir else None


def read_card(keys: Sequence[AccessKey], *, reader: str = "", command_timeout: float = 5.0,
              trust: TrustStore | None = None, photo: bool = True) -> tuple[ChipDocument, str]:
    """Read the card on ``reader`` (substring; empty = first with a card): (document, reader name)."""
    with connect(reader, command_timeout) as transport:
        return ChipReader(transport, trust=trust).read(keys, photo=photo), transport.reader
