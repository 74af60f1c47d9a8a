"""Staff status words with an icon each (never colour alone)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from ui import theme

_KIND = {
    "verified": "good", "verified-new-card": "good", "delivered": "good", "ok": "good",
    "wrong-route": "warn", "pending": "wait", "gateway-error": "bad", "expired": "bad",
    "not-found": "bad", "name-birth-mismatch": "bad", "counter": "warn", "needs-attention": "bad",
    "failing": "bad", "unknown": "info", "off": "info", "dead": "bad", "retrying": "wait",
}


def status_words(status: str) -> str:
    """The staff word for a status code, translated (Vietnamese source strings)."""
    tr = lambda s: QCoreApplication.translate("StatusWords", s)  # noqa: E731
    return {
        "verified": tr("đã xác minh"), "verified-new-card": tr("đã xác minh (thẻ mới)"),
        "wrong-route": tr("trái tuyến (cần xác nhận)"), "expired": tr("hết hạn → quầy"),
        "not-found": tr("không tìm thấy → quầy"), "name-birth-mismatch": tr("sai tên/ngày sinh → quầy"),
        "pending": tr("chờ kiểm tra (offline)"), "gateway-error": tr("lỗi cổng BHXH → quầy/thử lại"),
        "counter": tr("cần nhân viên"), "delivered": tr("đã gửi"), "needs-attention": tr("cần xử lý"),
        "ok": tr("hoạt động"), "failing": tr("lỗi"), "unknown": tr("chưa rõ"), "off": tr("không dùng"),
        "dead": tr("gửi thất bại"), "retrying": tr("đang thử lại"),
    }.get(status, status)


def status_text(status: str) -> str:
    """Icon + word, e.g. ``✔ đã xác minh``."""
    return f"{theme.STATUS_GLYPH[_KIND.get(status, 'info')]} {status_words(status)}"


def status_colour(status: str) -> str:
    """The colour that repeats what the icon and word say."""
    return theme.STATUS_COLOUR[_KIND.get(status, "info")]
