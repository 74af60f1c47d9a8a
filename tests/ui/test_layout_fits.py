"""Text elides or wraps, never clips; nothing lies outside the window (issue 19 item 10).

Every kiosk screen, in Vietnamese and English, at 1280x800 and 1024x768: a
button whose text is wider than the button, or a visible widget that lies
(partly) outside the window, fails the test.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QRect
from PySide6.QtWidgets import QAbstractButton, QLabel, QStyle, QStyleOptionButton, QWidget

from devkit.simulator.citizens import by_key
from tests.ui.helpers import on_screen, tap

SIZES = [(1280, 800), (1024, 768)]


def _text_room(b: QAbstractButton) -> int:
    """The width the button's style leaves for its label (the contents rect minus the bevel)."""
    opt = QStyleOptionButton()
    opt.initFrom(b)
    opt.text = b.text()
    inner = b.style().subElementRect(QStyle.SubElement.SE_PushButtonContents, opt, b)
    return min(inner.width(), b.contentsRect().width())


def layout_problems(window: QWidget) -> list[str]:
    """Clipped button texts and widgets outside ``window`` (only what is visible)."""
    problems = []
    inside = QRect(QPoint(0, 0), window.size())
    for w in window.findChildren(QWidget):
        if not w.isVisible() or w.width() == 0:
            continue
        where = QRect(w.mapTo(window, QPoint(0, 0)), w.size())
        if not inside.contains(where):
            problems.append(f"{type(w).__name__} {w.objectName() or getattr(w, 'text', lambda: '')()!r} "
                            f"at {where.getRect()} outside {inside.width()}x{inside.height()}")
        if isinstance(w, QLabel) and not w.wordWrap() and w.text() and w.pixmap().isNull():
            widest = max(w.fontMetrics().horizontalAdvance(line) for line in w.text().split("\n"))
            if widest > w.contentsRect().width():
                problems.append(f"label {w.objectName()!r} text {w.text()!r} needs {widest} px, "
                                f"has {w.contentsRect().width()}")
        if isinstance(w, QAbstractButton) and w.text() and w.findChild(QLabel, "words") is None:
            widest = max(w.fontMetrics().horizontalAdvance(line) for line in w.text().split("\n"))
            if widest > _text_room(w):
                problems.append(f"button {w.objectName()!r} text {w.text()!r} needs {widest} px, "
                                f"has {_text_room(w)}")
    return problems


def _visit_every_screen(qtbot, kiosk, check) -> dict[str, list[str]]:
    seen = {}
    win = kiosk.window
    kiosk.qr_text(by_key("valid").qr_text())
    on_screen(qtbot, kiosk, "confirm")
    seen["confirm"] = check()
    tap(qtbot, win.screens["confirm"].yes)
    on_screen(qtbot, kiosk, "department")
    seen["department"] = check()
    tap(qtbot, win.screens["department"].buttons["KNOI"])
    on_screen(qtbot, kiosk, "priority")
    seen["priority"] = check()
    tap(qtbot, win.screens["priority"].none)
    on_screen(qtbot, kiosk, "ticket", timeout=10000)
    seen["ticket"] = check()
    returning = win.screens["returning"]
    returning.show_ticket(kiosk.flow.ticket, kiosk.language.language, True)
    for name in ("returning", "slip", "keypad", "name", "counter", "new-card", "wrong-route", "pending",
                 "unreadable", "not-me", "staff-pin", "idle"):
        if name == "keypad":
            win.screens["keypad"].set_mode("birth")
        if name == "slip":
            win.screens["slip"].ask()
        win.show_screen(name)
        qtbot.wait(1)
        seen[name] = check()
    return seen


@pytest.mark.parametrize("language", ["vi", "en"])
@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_no_clipped_text_and_nothing_off_the_window(qtbot, kiosk, size, language):
    kiosk.window.resize(*size)
    kiosk.language.set(language)
    qtbot.wait(10)
    # a window that cannot shrink to the screen is cut off by the screen's edge
    assert kiosk.window.size().toTuple() == size, f"the window needs {kiosk.window.minimumSizeHint().toTuple()}"

    def check():
        qtbot.wait(1)
        return layout_problems(kiosk.window)

    seen = _visit_every_screen(qtbot, kiosk, check)
    assert {k: v for k, v in seen.items() if v} == {}
