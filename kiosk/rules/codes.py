"""The MA_DOITUONG_KCB code list (QĐ 3276/QĐ-BYT) as data, shared by the kiosk and the simulator."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from kiosk.errors import ConfigError
from kiosk.rules.table import PACKAGED, read_toml


@dataclass(frozen=True)
class CodeList:
    """The valid codes, the codes paid at half from a date, and where the list comes from."""

    codes: frozenset[str]
    half_from: dict[str, date] = field(default_factory=dict)
    source: str = ""

    def __contains__(self, code: object) -> bool:
        return code in self.codes


def load_code_list(path: str | Path | None = None) -> CodeList:
    """Read the code list (the packaged one when ``path`` is None or empty)."""
    p = Path(path).expanduser() if path else PACKAGED / "qd3276-codes.toml"
    data = read_toml(p, "code list")
    codes = data.get("codes")
    if (not isinstance(codes, list) or not codes
            or any(not isinstance(c, str) or not 0 < len(c) <= 4 for c in codes)):
        raise ConfigError(f"{p.name}: codes must be a list of texts of 1-4 characters")
    half = data.get("half_from", {})
    if not isinstance(half, dict) or any(k not in codes or not isinstance(v, date) for k, v in half.items()):
        raise ConfigError(f"{p.name}: half_from must map listed codes to dates")
    return CodeList(frozenset(codes), dict(half), str(data.get("source", "")))
