"""Random and mutated card files: every parser fails with a typed ChipError, never anything else."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from readers.chip.errors import ChipError
from readers.chip.lds.com import parse_com
from readers.chip.lds.dg13 import parse_dg13
from readers.chip.lds.face import parse_dg2
from readers.chip.lds.mrz import parse_dg1
from readers.chip.lds.sod import parse_sod

PARSERS = {0x011E: parse_com, 0x0101: parse_dg1, 0x0102: parse_dg2, 0x010D: parse_dg13, 0x011D: parse_sod}
FAST = settings(max_examples=int(__import__("os").environ.get("CHIP_FUZZ_EXAMPLES", "150")), deadline=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture])


def _only_typed_errors(parser, data):
    try:
        parser(data)
    except ChipError:
        pass


@FAST
@given(st.sampled_from(sorted(PARSERS)), st.binary(max_size=300))
def test_random_bytes(fid, data):
    _only_typed_errors(PARSERS[fid], data)


@FAST
@given(st.sampled_from(sorted(PARSERS)), st.data())
def test_mutated_real_files(card_files, fid, data):
    original = bytearray(card_files[fid])
    for _ in range(data.draw(st.integers(1, 4))):
        pos = data.draw(st.integers(0, len(original) - 1))
        original[pos] = data.draw(st.integers(0, 255))
    cut = data.draw(st.integers(1, len(original)))
    _only_typed_errors(PARSERS[fid], bytes(original[:cut]))
