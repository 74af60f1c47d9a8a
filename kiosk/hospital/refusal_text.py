"""What may be kept of a hospital's refusal sentence: a masked summary, never the text.

A hospital answering 422 may write a sentence naming the patient ("Bệnh nhân
Trần Văn Bình (CCCD 0790…) đã có lượt khám …, địa chỉ …"). Only its reason
code and a masked summary may reach an error's text, and so the queue's
``reason``/``last_error``, logs, stderr and ``kiosk queue list``; the raw
sentence travels on the exception as ``server_text`` and is sealed with the
item's personal data (the queue's AES-GCM vault), where retention erases it.

The summary masks what the redactor knows (digit runs, dates, card codes, the
values of the registration itself, in any case or accents), then every word
that holds a digit or a capital letter — names and place names in Vietnamese
are capitalised — so what is left are the sentence's ordinary words.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from kiosk.redaction import Redactor

MAX_SUMMARY = 160
_WORD = re.compile(r"\w+", re.UNICODE)


def _mask_word(m: re.Match) -> str:
    word = m.group(0)
    if any(ch.isdigit() for ch in word):
        return "#"
    if any(ch.isupper() for ch in word):
        return word[0] + "."
    return word


def masked_summary(text: str, known: Iterable[str] = ()) -> str:
    """``text`` with personal data masked, cut to :data:`MAX_SUMMARY` characters."""
    redactor = Redactor()
    redactor.remember(*[k for k in known if isinstance(k, str)])
    masked = _WORD.sub(_mask_word, redactor.text(" ".join(text.split())))
    masked = re.sub(r"[*#]+", "…", masked)
    masked = re.sub(r"…(?:[/.\-]?…)+", "…", masked)
    if len(masked) > MAX_SUMMARY:
        masked = masked[:MAX_SUMMARY - 1].rstrip() + "…"
    return masked


def known_values(wire: dict) -> list[str]:
    """The personal strings of a registration body (its ``xml0`` fields), to mask exactly."""
    out: list[str] = []
    for value in (wire.get("xml0") or {}).values():
        if isinstance(value, str) and len(value.strip()) >= 3:
            out.append(value)
            out.extend(part for part in re.split(r"[,;]", value) if len(part.strip()) >= 3)
    return out
