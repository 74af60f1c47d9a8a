"""The benefit as staff read it at the station: percent, reason, the rule and its legal source."""

from __future__ import annotations


def benefit_summary(benefit: dict | None) -> str:
    """One line from a registration's ``benefit`` block (empty when there is none)."""
    if not benefit:
        return ""
    share = f"{benefit.get('muc_huong')} %" if benefit.get("percent") is not None else "NV xác nhận"
    return (f"Mức hưởng {share} · {benefit.get('reason')} · quy tắc {benefit.get('rule') or '-'} "
            f"({benefit.get('source') or 'không có quy tắc'}) · mã {benefit.get('ma_doituong_kcb') or '-'} tạm tính")


def benefit_detail(benefit) -> str:
    """Lines for the lookup detail from a :class:`kiosk.rules.Benefit` (no slip: what the rules give)."""
    d = benefit.as_dict()
    lines = [benefit_summary(d), f"Chi tiết: {benefit.staff_detail}"]
    if benefit.staff_confirm:
        lines.append("→ Nhân viên xác nhận mức hưởng (quy tắc chưa xác nhận hoặc thiếu dữ liệu).")
    return "\n".join(lines)
