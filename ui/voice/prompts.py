"""The spoken prompts: one instruction per screen, and the phrases announcements are joined from.

Vietnamese source text, English in ``ui/i18n/kiosk_en.ts`` (context
``VoicePrompt``), like every other text of the kiosk; the build
(``python -m ui.voice.build``) records both. Spoken sentences are written for
the ear: one instruction, what to touch, and never anything about the
patient (no name, no number, no date).
"""

from __future__ import annotations


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:   # the name pyside6-lupdate looks for
    """Mark ``text`` for translation in ``context`` (pyside6-lupdate finds it by this name)."""
    return text


CONTEXT = "VoicePrompt"

SCREEN_PROMPTS: dict[str, str] = {
    "idle": QT_TRANSLATE_NOOP("VoicePrompt", "Mời bạn đặt thẻ căn cước lên đầu đọc hoặc đưa mã QR vào camera."),
    "keypad-id": QT_TRANSLATE_NOOP("VoicePrompt", "Mời bạn nhập 12 số trên thẻ căn cước, rồi bấm Xong."),
    "keypad-birth": QT_TRANSLATE_NOOP("VoicePrompt", "Mời bạn nhập năm sinh, 4 số, rồi bấm Xong."),
    "keypad-birth-date": QT_TRANSLATE_NOOP("VoicePrompt",
                                           "Mời bạn nhập ngày sinh của trẻ: ngày, tháng, năm, 8 số."),
    "name": QT_TRANSLATE_NOOP("VoicePrompt", "Mời bạn nhập họ và tên, không cần gõ dấu, rồi bấm Xong."),
    "reading": QT_TRANSLATE_NOOP("VoicePrompt", "Vui lòng chờ trong giây lát."),
    "reading-qr": QT_TRANSLATE_NOOP("VoicePrompt",
                                    "Mời bạn để thẻ nằm yên trên đầu đọc, mặt có mã QR hướng lên."),
    "confirm": QT_TRANSLATE_NOOP("VoicePrompt", "Đây có phải là bạn không? Nếu đúng, chạm nút Đúng, tiếp tục."),
    "slip": QT_TRANSLATE_NOOP("VoicePrompt",
                              "Bạn có giấy chuyển cơ sở khám chữa bệnh hoặc phiếu hẹn khám lại không?"),
    "department": QT_TRANSLATE_NOOP("VoicePrompt", "Mời bạn chạm vào khoa bạn muốn khám."),
    "priority": QT_TRANSLATE_NOOP("VoicePrompt", "Bạn có thuộc nhóm được ưu tiên không? Mời bạn chạm câu trả lời."),
    "ticket": QT_TRANSLATE_NOOP("VoicePrompt", "Mời bạn đến phòng khám và chờ gọi số."),
    "returning": QT_TRANSLATE_NOOP("VoicePrompt", "Hôm nay bạn đã có số thứ tự."),
    "counter": QT_TRANSLATE_NOOP("VoicePrompt", "Mời bạn đến quầy tiếp đón. Nhân viên sẽ giúp bạn."),
    "new-card": QT_TRANSLATE_NOOP("VoicePrompt", "Bạn đã có thẻ bảo hiểm y tế mới. Chạm Tiếp tục để lấy số."),
    "wrong-route": QT_TRANSLATE_NOOP("VoicePrompt",
                                     "Bạn đăng ký khám ban đầu ở nơi khác. Nếu khám ở đây, bảo hiểm có thể "
                                     "chi trả ít hơn. Bạn muốn làm gì?"),
    "pending": QT_TRANSLATE_NOOP("VoicePrompt",
                                 "Chưa kiểm tra được thẻ bảo hiểm y tế lúc này. Bạn vẫn được lấy số."),
    "unreadable": QT_TRANSLATE_NOOP("VoicePrompt", "Không đọc được thẻ. Hãy đặt lại thẻ, đưa mã QR vào camera, "
                                                   "hoặc nhập số."),
    "not-me": QT_TRANSLATE_NOOP("VoicePrompt", "Thông tin đã được xoá. Hãy dùng thẻ của chính bạn, "
                                               "hoặc hỏi nhân viên ở quầy."),
    "take-card": QT_TRANSLATE_NOOP("VoicePrompt", "Vui lòng lấy lại thẻ căn cước của bạn trên đầu đọc."),
    "face": QT_TRANSLATE_NOOP("VoicePrompt", "Kiosk sẽ so khớp khuôn mặt của bạn với ảnh trong thẻ; ảnh không "
                                             "được lưu lại. Nếu đồng ý, chạm nút Đồng ý, rồi nhìn vào camera."),
}
"""Screen (the keypad by mode, the reading screen's wait for the card's QR apart) → its one spoken
instruction. The staff PIN screen is silent."""

PHRASES: dict[str, str] = {
    "your-number": QT_TRANSLATE_NOOP("VoicePrompt", "Số thứ tự của bạn là"),
    "number-on-screen": QT_TRANSLATE_NOOP("VoicePrompt", "Mời bạn xem số thứ tự trên màn hình."),
    "room-on-screen": QT_TRANSLATE_NOOP("VoicePrompt", "Mời bạn xem phòng khám trên màn hình."),
    "your-counter-number": QT_TRANSLATE_NOOP("VoicePrompt", "Số của bạn ở quầy là"),
    "benefit-pays": QT_TRANSLATE_NOOP("VoicePrompt", "Bảo hiểm y tế chi trả"),
    "benefit-percent": QT_TRANSLATE_NOOP("VoicePrompt", "phần trăm chi phí trong phạm vi quyền lợi."),
    # the face check's challenge: the patient looks at the camera, not at the screen
    "face-turn": QT_TRANSLATE_NOOP("VoicePrompt", "Vui lòng quay đầu sang một bên một chút."),
}
"""The pieces announcements are joined from (kiosk.voice.announcement)."""

SILENT_SCREENS = ("staff-pin",)
"""Screens with no prompt: staff only."""


def all_prompts() -> dict[str, str]:
    """Every recorded prompt and phrase: name → Vietnamese source text."""
    return {**SCREEN_PROMPTS, **PHRASES}
