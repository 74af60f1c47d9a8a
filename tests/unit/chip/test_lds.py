"""Pure LDS parsers: EF.COM, DG1 (TD1/TD3), DG2, DG13."""

import pytest

from readers.chip import tlv
from readers.chip.errors import MalformedData
from readers.chip.lds.com import build_com, parse_com
from readers.chip.lds.dg13 import build_dg13, parse_dg13
from readers.chip.lds.face import build_dg2, parse_dg2
from readers.chip.lds.mrz import build_dg1, check_digit, parse_dg1, parse_mrz_text, td1_lines, transliterate

CCCD_MRZ = ("IDVNM0930470641001093047064<<2", "9301054M3301052VNM<<<<<<<<<<<8", "UNG<<HOANG<HIEP<<<<<<<<<<<<<<<")
# ICAO 9303 part 4 specimen passport
TD3 = ("P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<", "L898902C36UTO7408122F1204159ZE184226B<<<<<10")


def test_com_from_the_icao_example():
    com = parse_com(bytes.fromhex("60145F0104303130365F36063034303030305C026175"))
    assert com.data_groups == (1, 2) and com.lds_version == "0106"
    assert parse_com(build_com([1, 2, 3, 13, 14, 15])).data_groups == (1, 2, 3, 13, 14, 15)


def test_cccd_td1_from_the_reference():
    mrz = parse_dg1(build_dg1("".join(CCCD_MRZ)))
    assert (mrz.kind, mrz.document_number, mrz.id_number) == ("TD1", "093047064", "001093047064")
    assert (mrz.birth, mrz.expiry, mrz.sex, mrz.nationality) == ("930105", "330105", "M", "VNM")
    assert (mrz.primary_name, mrz.secondary_name) == ("UNG", "HOANG HIEP")
    assert mrz.checks_ok
    assert td1_lines("093047064", "001093047064", "930105", "M", "330105", "UNG", "HOANG<HIEP") == CCCD_MRZ


def test_td3_specimen():
    mrz = parse_mrz_text("\n".join(TD3))
    assert (mrz.kind, mrz.document_number, mrz.birth, mrz.expiry) == ("TD3", "L898902C3", "740812", "120415")
    assert mrz.full_name == "ERIKSSON ANNA MARIA" and mrz.checks_ok


def test_a_wrong_check_digit_is_flagged_not_hidden():
    bad = CCCD_MRZ[1][:6] + "9" + CCCD_MRZ[1][7:]
    mrz = parse_mrz_text(CCCD_MRZ[0] + bad + CCCD_MRZ[2])
    assert "birth date" in mrz.bad_checks and not mrz.checks_ok


def test_check_digit_and_transliteration():
    assert check_digit("L898902C<") == "3" and check_digit("690806") == "1"
    assert transliterate("Đặng Thị Ánh") == "DANG<THI<ANH"


@pytest.mark.parametrize("text", ["IDVNM" + "<" * 80, "abc", "ID" + "é" * 88])
def test_malformed_mrz(text):
    with pytest.raises(MalformedData):
        parse_mrz_text(text)


def test_dg2_face_round_trip():
    jpeg = b"\xff\xd8\xff\xe0" + bytes(range(256)) * 60 + b"\xff\xd9"
    faces = parse_dg2(build_dg2(jpeg, 480, 640))
    assert len(faces) == 1 and faces[0].data == jpeg
    assert (faces[0].mime, faces[0].width, faces[0].height) == ("image/jpeg", 480, 640)
    jp2 = b"\x00\x00\x00\x0cjP  \r\n\x87\n" + bytes(100)
    assert parse_dg2(build_dg2(jp2, 10, 10, jpeg2000=True))[0].mime == "image/jp2"


def test_dg2_that_is_not_an_image_or_lies_about_length():
    with pytest.raises(MalformedData, match="neither JPEG"):
        parse_dg2(build_dg2(b"GIF89a" + bytes(50), 1, 1))
    dg2 = bytearray(build_dg2(b"\xff\xd8\xff" + bytes(100), 1, 1))
    pos = dg2.index(b"FAC\x00")
    dg2[pos + 8:pos + 12] = (10_000).to_bytes(4, "big")  # record length past the block
    with pytest.raises(MalformedData):
        parse_dg2(bytes(dg2))


FIELDS = {1: "001093047064", 2: "Ưng Hoàng Hiệp", 3: "05/01/1993", 4: "Nam", 5: "Việt Nam",
          9: "Số 1, Phường Bến Nghé, Quận 1", 11: "10/10/2021", 12: "05/01/2033",
          13: ("Ưng Văn Cha", "Nguyễn Thị Mẹ"), 14: (), 15: "123456789"}


@pytest.mark.parametrize("nesting", ["flat", "nested"])
def test_dg13_both_nestings_of_field_13(nesting):
    dg13 = parse_dg13(build_dg13(FIELDS, nesting))
    assert dg13.full_name == "Ưng Hoàng Hiệp" and dg13.sex == "Nam"
    assert (dg13.father, dg13.mother) == ("Ưng Văn Cha", "Nguyễn Thị Mẹ")
    assert dg13.old_id_number == "123456789" and dg13.spouse == ""
    assert "Hiệp" not in repr(dg13)


def test_dg13_with_parents_as_bare_strings_and_unknown_fields():
    entry = tlv.encode(0x30, tlv.encode(0x02, b"\x0d") + tlv.encode(0x0C, "Bố".encode())
                       + tlv.encode(0x0C, "Mẹ".encode()))
    extra = tlv.encode(0x30, tlv.encode(0x02, b"\x11") + tlv.encode(0x13, b"XYZ"))
    body = tlv.encode(0x02, b"\x01") + tlv.encode(0x31, entry + extra)
    dg13 = parse_dg13(tlv.encode(0x6D, tlv.encode(0x30, body)))
    assert (dg13.father, dg13.mother) == ("Bố", "Mẹ") and dg13.other == {17: ["XYZ"]}


def test_dg13_garbage():
    with pytest.raises(MalformedData):
        parse_dg13(b"\x6d\x03\x30\x01")
    with pytest.raises(MalformedData):
        parse_dg13(tlv.encode(0x6D, tlv.encode(0x30, tlv.encode(0x31, tlv.encode(0x30, b"\x0c\x01a")))))
