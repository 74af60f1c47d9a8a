"""The layout of a screen that asks one thing: its words centred, its two answers side by side below."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout, QWidget


def lay_out_question(screen: QWidget, body: list[QWidget], *, decline: QWidget, accept: QWidget,
                     shares: tuple[int, int] = (1, 1)) -> None:
    """Give ``screen`` its layout: ``body`` stacked in the middle, then ``decline`` | ``accept``.

    The declining answer sits on the left and the accepting one on the right, on every
    such screen, so a patient finds "yes" in the same place; ``shares`` are the
    answers' widths relative to each other.
    """
    row = QHBoxLayout()
    row.setSpacing(24)
    row.addWidget(decline, shares[0])
    row.addWidget(accept, shares[1])
    lay = QVBoxLayout(screen)
    lay.setContentsMargins(64, 40, 64, 40)
    lay.setSpacing(24)
    lay.addStretch(1)
    for widget in body:
        lay.addWidget(widget)
    lay.addStretch(1)
    lay.addLayout(row)
