"""The benefit as staff read it at the station: percent, reason, the rule and its legal source."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication


def _t(text: str) -> str:
    return QCoreApplication.translate("BenefitLines", text)


def reason_words(reason: str | None) -> str:
    """Why this level of cover, in staff words (the rules' reason word never shows alone)."""
    return {
        "registered": _t(QT_TRANSLATE_NOOP("BenefitLines", "đăng ký KCB ban đầu tại đây")),
        "referral": _t(QT_TRANSLATE_NOOP("BenefitLines", "có giấy chuyển tuyến")),
        "appointment": _t(QT_TRANSLATE_NOOP("BenefitLines", "có giấy hẹn tái khám")),
        "emergency": _t(QT_TRANSLATE_NOOP("BenefitLines", "cấp cứu")),
        "five_years": _t(QT_TRANSLATE_NOOP("BenefitLines", "đủ 5 năm liên tục")),
        "not_registered": _t(QT_TRANSLATE_NOOP("BenefitLines", "đăng ký KCB ban đầu nơi khác, không giấy chuyển")),
        "unknown": _t(QT_TRANSLATE_NOOP("BenefitLines", "chưa rõ nơi đăng ký")),
    }.get(reason or "", _t(QT_TRANSLATE_NOOP("BenefitLines", "lý do khác")))


def benefit_summary(benefit: dict | None) -> str:
    """One line from a registration's ``benefit`` block (empty when there is none)."""
    if not benefit:
        return ""
    share = (
        f"{benefit.get('muc_huong')} %"
        if benefit.get("percent") is not None
        else _t(QT_TRANSLATE_NOOP("BenefitLines", "NV xác nhận"))
    )
    return _t(
        QT_TRANSLATE_NOOP("BenefitLines", "Mức hưởng {share} · {why} · quy tắc {rule} ({source}) · mã {code} tạm tính")
    ).format(
        share=share,
        why=reason_words(benefit.get("reason")),
        rule=benefit.get("rule") or "-",
        source=benefit.get("source") or _t(QT_TRANSLATE_NOOP("BenefitLines", "không có quy tắc")),
        code=benefit.get("ma_doituong_kcb") or "-",
    )


def benefit_detail(benefit) -> str:
    """Lines for the lookup detail from a :class:`kiosk.rules.Benefit` (no slip: what the rules give)."""
    from ui.station.lobby_words import language
    d = benefit.as_dict()
    lines = [benefit_summary(d)]
    if language() == "en":
        lines.append(f"Detail: {benefit.staff_detail}")   # the rules' own notes are English
    if benefit.staff_confirm:
        lines.append(
            "→ "
            + _t(
                QT_TRANSLATE_NOOP(
                    "BenefitLines", "Nhân viên xác nhận mức hưởng (quy tắc chưa xác nhận hoặc thiếu dữ liệu)."
                )
            )
        )
    return "\n".join(lines)
