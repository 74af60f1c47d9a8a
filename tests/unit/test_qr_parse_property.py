"""Property: no text crashes the card QR parser, and no parsed identity fails validation."""

import re
from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from devkit.simulator.citizens import CITIZENS
from readers.errors import QrError
from readers.qr.parse import CccdQr, InsuranceCardQr, id_number_problem, name_problem, parse_card_qr

TODAY = date(2026, 11, 25)


def _check_invariants(text: str) -> None:
    try:
        doc = parse_card_qr(text, TODAY)
    except QrError as e:
        refused: QrError | None = e
    else:
        refused = None
    if refused is not None:
        assert str(refused) and refused.code.startswith("qr_")
        return
    if isinstance(doc, CccdQr):
        assert re.fullmatch(r"\d{12}", doc.id_number)
        assert id_number_problem(doc.id_number, doc.birth_date, doc.sex) is None
        assert date(TODAY.year - 130, 1, 1) <= doc.birth_date <= doc.issue_date <= TODAY
        assert doc.sex in ("M", "F") and name_problem(doc.full_name) is None and doc.address
        assert doc.old_id_number is None or re.fullmatch(r"\d{9}|\d{12}", doc.old_id_number)
    else:
        assert isinstance(doc, InsuranceCardQr)
        assert re.fullmatch(r"[A-Z]{2}[1-5]\d{12}|\d{10}", doc.card_number)
        assert name_problem(doc.full_name) is None and doc.sex in ("M", "F", None)
        assert re.fullmatch(r"\d{2}/\d{2}/\d{4}|\d{4}", doc.birth_text)
        if "/" in doc.birth_text:
            d, m, y = map(int, doc.birth_text.split("/"))
            assert date(y, m, d) <= TODAY  # a real calendar date, not in the future
        assert TODAY.year - 130 <= int(doc.birth_text[-4:]) <= TODAY.year


@settings(max_examples=400, deadline=None)
@given(st.text(max_size=300))
def test_random_text_never_crashes_and_never_yields_an_invalid_identity(text):
    _check_invariants(text)


# Fields that look like the real ones, so the generator reaches deep into both parsers.
_field = st.one_of(
    st.from_regex(r"\d{8,13}", fullmatch=True),
    st.from_regex(r"[0-3]\d[01]\d(19|20)\d\d", fullmatch=True),
    st.from_regex(r"[0-3]\d/[01]\d/(19|20)\d\d", fullmatch=True),
    st.from_regex(r"[A-Z]{2}\d{13}", fullmatch=True),
    st.sampled_from(["Nam", "Nữ", "1", "2", "", "Nu", "?"]),
    st.text(alphabet="ăâđêôơưàảãáạ ĐTrầnVBìhg?-,.0123456789abcdef", max_size=30),
    st.binary(max_size=20).map(bytes.hex),
)


@settings(max_examples=600, deadline=None)
@given(st.lists(_field, min_size=1, max_size=13))
def test_card_shaped_random_fields_never_yield_an_invalid_identity(fields):
    _check_invariants("|".join(fields))


@settings(max_examples=400, deadline=None)
@given(st.sampled_from([c.qr_text() for c in CITIZENS] + [c.bhyt_qr_text() for c in CITIZENS if c.bhyt_code]),
       st.integers(0, 10_000), st.sampled_from(["drop", "replace", "insert"]), st.characters())
def test_one_character_damage_to_a_real_card_never_yields_an_invalid_identity(text, pos, op, ch):
    i = pos % len(text)
    damaged = {"drop": text[:i] + text[i + 1:], "replace": text[:i] + ch + text[i + 1:],
               "insert": text[:i] + ch + text[i:]}[op]
    _check_invariants(damaged)
