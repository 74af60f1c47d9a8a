"""DG2: the face image, taken out of its biometric templates (ISO 19794-5).

DG2 (tag 75) → 7F61 biometric information group → 7F60 template(s) →
5F2E/7F2E biometric data block. The block is an ISO/IEC 19794-5 facial
record: a 14-byte general header ("FAC\\0", version, length, face count),
then per face a 20-byte information block, 8 bytes per feature point, a
12-byte image information block and the image itself (JPEG or JPEG 2000).
"""

from __future__ import annotations

import struct
from dataclasses import dataclass

from readers.chip import tlv
from readers.chip.errors import MalformedData

IMAGE_JPEG = 0
IMAGE_JPEG2000 = 1
_GENERAL = struct.Struct(">4s4sIH")          # format id, version, record length, faces
_FACE_INFO = struct.Struct(">IHBBB3sH3s3s")  # block length, points, gender, eyes, hair, mask, expr, pose, unc.
_IMAGE_INFO = struct.Struct(">BBHHBBHH")     # face type, data type, width, height, colour, source, device, quality


@dataclass(frozen=True)
class FaceImage:
    """One face image as plain bytes the UI can show."""

    data: bytes
    mime: str            # image/jpeg or image/jp2
    width: int
    height: int

    def __repr__(self) -> str:
        return f"FaceImage({self.mime}, {self.width}x{self.height}, {len(self.data)} bytes)"


def _mime(data: bytes) -> str:
    # The bytes' own signature tells JPEG from JPEG 2000; the header's image data type is not needed.
    if data[:3] == b"\xff\xd8\xff":
        return "image/jpeg"
    if data[:12] == b"\x00\x00\x00\x0cjP  \r\n\x87\n" or data[:4] == b"\xff\x4f\xff\x51":
        return "image/jp2"
    raise MalformedData("The face image is neither JPEG nor JPEG 2000.")


def parse_facial_record(block: bytes) -> list[FaceImage]:
    """Every face image in an ISO 19794-5 record."""
    if len(block) < _GENERAL.size:
        raise MalformedData("The facial record is shorter than its header.")
    fmt, _version, length, count = _GENERAL.unpack_from(block)
    if fmt != b"FAC\x00":
        raise MalformedData("The biometric data block is not an ISO 19794-5 facial record.")
    if length > len(block) or count == 0:
        raise MalformedData("The facial record's length or face count is wrong.")
    faces, pos = [], _GENERAL.size
    for _ in range(count):
        if pos + _FACE_INFO.size > length:
            raise MalformedData("A facial record block is cut off.")
        block_len, points = _FACE_INFO.unpack_from(block, pos)[:2]
        end = pos + block_len
        image_info = pos + _FACE_INFO.size + 8 * points
        if end > length or image_info + _IMAGE_INFO.size > end:
            raise MalformedData("A facial record block claims more bytes than it has.")
        _face_type, _data_type, width, height = _IMAGE_INFO.unpack_from(block, image_info)[:4]
        data = block[image_info + _IMAGE_INFO.size:end]
        faces.append(FaceImage(data, _mime(data), width, height))
        pos = end
    return faces


def parse_dg2(data: bytes) -> list[FaceImage]:
    """Every face image in DG2 (usually one)."""
    group = tlv.children(tlv.unwrap(data, 0x75, "DG2"))
    if 0x7F61 not in group:
        raise MalformedData("DG2 has no biometric information group.")
    faces = []
    for element in tlv.iterate(group[0x7F61]):
        if element.tag != 0x7F60:
            continue  # 02: number of instances
        template = tlv.children(element.value)
        block = template.get(0x5F2E) or template.get(0x7F2E)
        if block is None:
            raise MalformedData("A DG2 biometric template has no data block.")
        faces.extend(parse_facial_record(block))
    if not faces:
        raise MalformedData("DG2 holds no face image.")
    return faces


def build_dg2(image: bytes, width: int, height: int, jpeg2000: bool = False) -> bytes:
    """Encode DG2 around one image (used by the virtual card)."""
    face_info = _FACE_INFO.pack(0, 0, 0, 0, 0, b"\x00\x00\x00", 0, b"\x00\x00\x00", b"\x00\x00\x00")
    image_info = _IMAGE_INFO.pack(1, IMAGE_JPEG2000 if jpeg2000 else IMAGE_JPEG, width, height, 1, 2, 0, 0)
    block_len = len(face_info) + len(image_info) + len(image)
    face_info = struct.pack(">I", block_len) + face_info[4:]
    record_len = _GENERAL.size + block_len
    record = _GENERAL.pack(b"FAC\x00", b"010\x00", record_len, 1) + face_info + image_info + image
    header = tlv.encode(0xA1, tlv.encode(0x80, b"\x01\x01") + tlv.encode(0x87, b"\x01\x01")
                        + tlv.encode(0x88, b"\x00\x08"))
    template = tlv.encode(0x7F60, header + tlv.encode(0x5F2E, record))
    return tlv.encode(0x75, tlv.encode(0x7F61, tlv.encode(0x02, b"\x01") + template))
