"""Ways a virtual card can misbehave on purpose (for tests and demos)."""

from __future__ import annotations

from dataclasses import dataclass

FAULT_NAMES = ("wrong-mac", "truncated", "remove-mid-read", "slow", "mute", "tamper-dg13",
               "malformed-com")


@dataclass(frozen=True)
class Faults:
    """One card's misbehaviour; the default misbehaves in no way.

    - ``wrong_mac``: protected answers carry a corrupted MAC (from the 3rd on).
    - ``truncate_fid``: this file ends halfway though its header claims it all.
    - ``remove_after_reads``: the card leaves the reader at this READ BINARY.
    - ``delay``: seconds to wait before each answer (slow card).
    - ``mute_after``: stop answering entirely after this many APDUs.
    - ``tamper_dg13``: change one byte of DG13 after EF.SOD was signed.
    - ``malformed_com``: EF.COM lists its data groups as ASCII hex text
      (``5C 02`` then "6175"), as an independent chip emulator was seen to do.
    """

    wrong_mac: bool = False
    truncate_fid: int | None = None
    remove_after_reads: int | None = None
    delay: float = 0.0
    mute_after: int | None = None
    tamper_dg13: bool = False
    malformed_com: bool = False

    @classmethod
    def parse(cls, names: list[str] | None, delay: float = 0.5) -> Faults:
        """Faults from CLI names (see :data:`FAULT_NAMES`)."""
        names = names or []
        unknown = [n for n in names if n not in FAULT_NAMES]
        if unknown:
            raise ValueError(f"unknown fault {unknown[0]!r} (known: {', '.join(FAULT_NAMES)})")
        return cls(wrong_mac="wrong-mac" in names,
                   truncate_fid=0x010D if "truncated" in names else None,
                   remove_after_reads=5 if "remove-mid-read" in names else None,
                   delay=delay if "slow" in names else 0.0,
                   mute_after=4 if "mute" in names else None,
                   tamper_dg13="tamper-dg13" in names,
                   malformed_com="malformed-com" in names)
