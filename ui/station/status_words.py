"""Staff status words with an icon each (never colour alone)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from ui import theme

_KIND = {
    "verified": "good", "verified-new-card": "good", "delivered": "good", "ok": "good",
    "wrong-route": "warn", "pending": "wait", "gateway-error": "bad", "expired": "bad",
    "not-found": "bad", "name-birth-mismatch": "bad", "counter": "warn", "needs-attention": "bad",
    "face-mismatch": "bad",
    "failing": "bad", "unknown": "info", "off": "info", "dead": "bad", "retrying": "wait",
    "degraded": "warn", "queued": "wait", "overridden": "good",
}


def status_words(status: str) -> str:
    """The staff word for a status code, translated (Vietnamese source strings)."""
    return {
        "verified": QCoreApplication.translate("StatusWords", "đã xác minh"),
        "verified-new-card": QCoreApplication.translate("StatusWords", "đã xác minh (thẻ mới)"),
        "wrong-route": QCoreApplication.translate("StatusWords", "ĐKBĐ nơi khác (xác nhận mức hưởng)"),
        "expired": QCoreApplication.translate("StatusWords", "hết hạn → quầy"),
        "not-found": QCoreApplication.translate("StatusWords", "không tìm thấy → quầy"),
        "name-birth-mismatch": QCoreApplication.translate("StatusWords", "sai tên/ngày sinh → quầy"),
        "pending": QCoreApplication.translate("StatusWords", "chờ kiểm tra thẻ (khi có mạng)"),
        "gateway-error": QCoreApplication.translate("StatusWords", "lỗi cổng BHXH → quầy/thử lại"),
        "counter": QCoreApplication.translate("StatusWords", "cần nhân viên"),
        "face-mismatch": QCoreApplication.translate("StatusWords", "khuôn mặt không khớp ảnh chip → quầy"),
        "delivered": QCoreApplication.translate("StatusWords", "đã gửi"),
        "needs-attention": QCoreApplication.translate("StatusWords", "cần xử lý"),
        "ok": QCoreApplication.translate("StatusWords", "hoạt động"),
        "failing": QCoreApplication.translate("StatusWords", "lỗi"),
        "unknown": QCoreApplication.translate("StatusWords", "chưa rõ"),
        "off": QCoreApplication.translate("StatusWords", "không dùng"),
        "dead": QCoreApplication.translate("StatusWords", "gửi thất bại"),
        "retrying": QCoreApplication.translate("StatusWords", "đang thử lại"),
        "degraded": QCoreApplication.translate("StatusWords", "hoạt động hạn chế"),
        "queued": QCoreApplication.translate("StatusWords", "chờ gửi (chưa có mạng)"),
        "overridden": QCoreApplication.translate("StatusWords", "nhân viên đã tiếp nhận (ghi đè)"),
    }.get(status, status)


def status_text(status: str) -> str:
    """Icon + word, e.g. ``✔ đã xác minh``."""
    return f"{theme.STATUS_GLYPH[_KIND.get(status, 'info')]} {status_words(status)}"


def status_colour(status: str) -> str:
    """The colour that repeats what the icon and word say."""
    return theme.STATUS_COLOUR[_KIND.get(status, "info")]
