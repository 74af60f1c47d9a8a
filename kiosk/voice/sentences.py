"""The core's patient sentences that may be spoken, and how a shown text is cut into them.

Only sentences written in the kiosk's own code are recorded (the gateway's
result table, the errors' plain sentences, the benefit and pending
sentences): a text the core builds at run time from outside data (a gateway
note, a date) is simply not in the catalogue and is never spoken. The
benefit sentence carries a percentage, so it is joined from clips instead
(:data:`BENEFIT_PATTERN`).
"""

from __future__ import annotations

import hashlib
import re
from datetime import date, datetime

SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
"""Where one sentence ends and the next starts ("… hết hạn. Vui lòng …")."""

BENEFIT_PATTERN = {
    "vi": re.compile(r"Bảo hiểm y tế chi trả (\d{1,3}) % chi phí trong phạm vi quyền lợi\."),
    "en": re.compile(r"Health insurance pays (\d{1,3}) % of the costs within your benefits\."),
}
"""The benefit sentence with a whole percentage (kiosk.rules.benefit.Benefit.patient_vi/en)."""


def split_sentences(text: str) -> list[str]:
    """``text`` cut at each sentence end, each stripped; empty parts dropped."""
    return [s.strip() for s in SENTENCE_END.split(text or "") if s.strip()]


def sentence_key(language: str, sentence: str) -> str:
    """The clip key of one recorded sentence: a digest of its exact words (ASCII, a file name)."""
    digest = hashlib.sha1(f"{language}\n{sentence}".encode()).hexdigest()[:12]
    return f"s.{digest}"


def core_sentences() -> dict[str, list[str]]:
    """Every fixed patient sentence of the core, per language, cut into sentences, sorted, unique."""
    pairs: list[tuple[str, str]] = []
    pairs += _gateway_code_sentences()
    pairs += _error_sentences()
    pairs += _outcome_sentences()
    found: dict[str, set[str]] = {"vi": set(), "en": set()}
    for vi, en in pairs:
        found["vi"].update(split_sentences(vi))
        found["en"].update(split_sentences(en))
    return {lang: sorted(s for s in texts if not BENEFIT_PATTERN[lang].fullmatch(s))
            for lang, texts in found.items()}


def _gateway_code_sentences() -> list[tuple[str, str]]:
    from kiosk.gateway import codes
    infos = list(codes.CODES.values()) + [v for v in vars(codes).values() if isinstance(v, codes.CodeInfo)]
    infos.append(codes.info_for("unknown"))
    return [(i.patient_vi, i.patient_en) for i in infos]


def _error_sentences() -> list[tuple[str, str]]:
    import importlib

    from kiosk.errors import KioskError
    for module in ("kiosk.gateway.errors", "kiosk.printing.errors"):   # their classes join the tree
        importlib.import_module(module)
    pairs, todo = [], [KioskError]
    while todo:
        cls = todo.pop()
        todo += cls.__subclasses__()
        pairs.append((cls.patient_vi, cls.patient_en))
    return pairs


def _outcome_sentences() -> list[tuple[str, str]]:
    from kiosk.checkin.flow import pending_result
    from kiosk.checkin.state import CounterOutcome
    from kiosk.domain import Identity, IdentitySource
    from kiosk.rules import benefit
    nobody = Identity(card_number="", full_name="", birth="", source=IdentitySource.TYPED)
    pending = pending_result(nobody, "", datetime.combine(date(2026, 1, 1), datetime.min.time()))
    gone = CounterOutcome.gateway_unavailable("")
    chose = CounterOutcome.patient_choice(pending)
    return [(pending.patient_vi, pending.patient_en), (gone.patient_vi, gone.patient_en),
            (chose.patient_vi, chose.patient_en), (benefit.CONFIRM_VI, benefit.CONFIRM_EN)]
