"""Every kiosk screen lays out at every kiosk screen shape, in both looks (issues 18 item 2, 19 item 10).

Every kiosk screen, in Vietnamese and English, at portrait 1080x1920,
landscape 1920x1080, 5:4 1280x1024, 1280x800 and 1024x768, in the standard
look and (at the lobby shapes) the large-text high-contrast look: the test
fails when

- a visible widget lies (partly) outside the window or outside its parent (cut off),
- two visible sibling widgets overlap,
- a button's or a one-line label's text is wider than its room, or a wrapping
  label is shorter than its words need (clipped),
- a text is smaller than the look's minimum (24 px; 36 px in large text),
- a button is smaller than 64x64 px,
- in portrait, a screen's main action lies in the top third (out of reach
  from a wheelchair),
- the "A+" or "need help" button is missing from a screen;

and the same for the walk-away warning and the help message laid over a screen.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QRect
from PySide6.QtGui import QFontInfo
from PySide6.QtWidgets import QAbstractButton, QLabel, QLineEdit, QStyle, QStyleOptionButton, QWidget

from devkit.simulator.citizens import by_key
from tests.ui.helpers import on_screen, tap

LOBBY_SIZES = [(1080, 1920), (1920, 1080), (1280, 1024)]
SMALL_SIZES = [(1280, 800), (1024, 768)]
MIN_TEXT_PX = {"standard": 24, "large": 36}
MIN_TARGET_PX = 64


def _text_room(b: QAbstractButton) -> int:
    """The width the button's style leaves for its label (the contents rect minus the bevel)."""
    opt = QStyleOptionButton()
    opt.initFrom(b)
    opt.text = b.text()
    inner = b.style().subElementRect(QStyle.SubElement.SE_PushButtonContents, opt, b)
    return min(inner.width(), b.contentsRect().width())


def _name(w: QWidget) -> str:
    text = w.text() if isinstance(w, (QLabel, QAbstractButton, QLineEdit)) else ""
    return f"{type(w).__name__} {w.objectName() or ''}{' ' + repr(text[:30]) if text else ''}".strip()


def _shown(w: QWidget, window: QWidget) -> bool:
    return w.isVisible() and w.width() > 0 and w.window() is window


def layout_problems(window: QWidget, min_text_px: int = 24, scrolled: QWidget | None = None) -> list[str]:
    """Everything cut off, overlapping, clipped or too small among the visible widgets of ``window``.

    ``scrolled``: a widget in a scroll area that may be taller than the window (its content is
    reached by scrolling): what lies in it must lie within it, and within the window's width.
    """
    problems = []
    inside = QRect(QPoint(0, 0), window.size())
    for w in window.findChildren(QWidget):
        if not _shown(w, window):
            continue
        where = QRect(w.mapTo(window, QPoint(0, 0)), w.size())
        if scrolled is not None and (w is scrolled or scrolled.isAncestorOf(w)):
            in_content = QRect(w.mapTo(scrolled, QPoint(0, 0)), w.size())
            if not scrolled.rect().contains(in_content) or where.left() < 0 or where.right() > inside.right():
                problems.append(f"{_name(w)} at {in_content.getRect()} outside the scrolled screen "
                                f"{scrolled.width()}x{scrolled.height()}")
        elif not inside.contains(where):
            problems.append(f"{_name(w)} at {where.getRect()} outside {inside.width()}x{inside.height()}")
        parent = w.parentWidget()
        if (parent is not None and parent is not window and w is not scrolled
                and not parent.rect().contains(w.geometry())):
            problems.append(f"{_name(w)} at {w.geometry().getRect()} cut off by its parent {_name(parent)} "
                            f"{parent.width()}x{parent.height()}")
        if isinstance(w, QLabel) and w.text() and w.pixmap().isNull():
            if not w.wordWrap():
                widest = max(w.fontMetrics().horizontalAdvance(line) for line in w.text().split("\n"))
                if widest > w.contentsRect().width():
                    problems.append(f"{_name(w)} needs {widest} px, has {w.contentsRect().width()}")
            elif w.heightForWidth(w.width()) > w.height():
                problems.append(f"{_name(w)} needs {w.heightForWidth(w.width())} px high, has {w.height()}")
        if isinstance(w, QAbstractButton):
            if w.text() and w.findChild(QLabel, "words") is None:
                widest = max(w.fontMetrics().horizontalAdvance(line) for line in w.text().split("\n"))
                if widest > _text_room(w):
                    problems.append(f"{_name(w)} needs {widest} px, has {_text_room(w)}")
            if w.width() < MIN_TARGET_PX or w.height() < MIN_TARGET_PX:
                problems.append(f"{_name(w)} is a {w.width()}x{w.height()} target")
        if isinstance(w, (QLabel, QAbstractButton, QLineEdit)) and (w.text() if not isinstance(w, QLineEdit) else True):
            px = QFontInfo(w.font()).pixelSize()
            if px < min_text_px:
                problems.append(f"{_name(w)} text is {px} px")
        siblings = [s for s in (parent.children() if parent is not None else [])
                    if isinstance(s, QWidget) and s is not w and _shown(s, window)]
        for s in siblings:
            if id(s) < id(w) and s.geometry().intersects(w.geometry()) and not _overlay(s) and not _overlay(w):
                problems.append(f"{_name(w)} {w.geometry().getRect()} overlaps {_name(s)} {s.geometry().getRect()}")
    return problems


def _overlay(w: QWidget) -> bool:
    return w.objectName() == "overlay"


# The one action each screen is there for: in portrait it must lie in the lower two thirds.
MAIN_ACTION = {
    "idle": lambda s: s.type_button, "keypad": lambda s: s.pad.ok, "name": lambda s: s.ok,
    "reading": lambda s: s.cancel, "confirm": lambda s: s.yes,
    "department": lambda s: next(iter(s.buttons.values())), "priority": lambda s: s.none,
    "ticket": lambda s: s.finish, "returning": lambda s: s.primary, "slip": lambda s: s.yes,
    "staff-pin": lambda s: s.pad.ok, "face": lambda s: s.yes,
    **{n: (lambda s: s.primary) for n in ("counter", "new-card", "wrong-route", "pending", "unreadable", "not-me",
                                          "take-card")},
}


def reach_problems(window, name: str) -> list[str]:
    """The main action of screen ``name`` above the lower two thirds of a portrait window."""
    if window.height() <= window.width():
        return []
    screen = window.screens[name]
    actions = [MAIN_ACTION[name](screen)]
    if name == "priority":
        actions += list(screen.buttons.values())     # every answer, not only "no"
    problems = []
    for action in actions:
        top = action.mapTo(window, QPoint(0, 0)).y()
        if action.isVisible() and top < window.height() / 3:
            problems.append(f"main action {_name(action)} at y={top}, above the lower two thirds")
    return problems


def _visit_every_screen(qtbot, kiosk, check) -> dict[str, list[str]]:
    seen = {}
    win = kiosk.window
    kiosk.qr_text(by_key("valid").qr_text())
    on_screen(qtbot, kiosk, "confirm")
    seen["confirm"] = check("confirm")
    tap(qtbot, win.screens["confirm"].yes)
    on_screen(qtbot, kiosk, "department")
    seen["department"] = check("department")
    tap(qtbot, win.screens["department"].buttons["KNOI"])
    on_screen(qtbot, kiosk, "priority")
    seen["priority"] = check("priority")
    tap(qtbot, win.screens["priority"].none)
    on_screen(qtbot, kiosk, "ticket", timeout=10000)
    seen["ticket"] = check("ticket")
    returning = win.screens["returning"]
    returning.show_ticket(kiosk.flow.ticket, kiosk.language.language, True)
    if "face" not in win.screens:          # the face check's screen joins the window as ui/face_check.py adds it
        from ui.screens.face import FaceScreen
        win.screens["face"] = FaceScreen()
        win.stack.addWidget(win.screens["face"])
    for name in ("returning", "slip", "keypad", "name", "reading", "counter", "new-card", "wrong-route", "pending",
                 "unreadable", "not-me", "take-card", "face", "staff-pin", "idle"):
        if name == "keypad":
            win.screens["keypad"].set_mode("birth")
        if name == "slip":
            win.screens["slip"].ask()
        if name == "reading":
            win.screens["reading"].set_phase("eligibility")
        win.show_screen(name)
        qtbot.wait(1)
        seen[name] = check(name)
    for name, overlay, show in (("timeout-warning", win.overlay, lambda: win.overlay.show_countdown(18)),
                                ("help-sent", win.help_overlay, lambda: win.help_overlay.show_state("sent")),
                                ("help-failed", win.help_overlay, lambda: win.help_overlay.show_state("failed"))):
        show()
        qtbot.wait(1)
        seen[name] = check("idle")
        overlay.hide()
    return seen


def _walk(qtbot, kiosk, size, language, look, may_scroll: bool = False) -> str:
    win = kiosk.window
    win.set_voice_available(True)       # the "🔊 Nghe lại" button takes its room in the top bar as well
    win.resize(*size)
    kiosk.language.set(language)
    qtbot.wait(10)

    def check(name):
        win.set_large_text(look == "large")     # a session's reset (the new patient) goes back to standard
        qtbot.wait(1)
        assert win.large_text == (look == "large")
        # a window that cannot shrink to the screen is cut off by the screen's edge
        if win.size().toTuple() != size:
            return [f"the window needs {win.minimumSizeHint().toTuple()}"]
        problems = layout_problems(win, MIN_TEXT_PX[look], win.stack if may_scroll else None)
        problems += reach_problems(win, name)
        if may_scroll:
            scrollbar = win.scroller.verticalScrollBar()
            if win.stack.height() > win.scroller.viewport().height() and not scrollbar.isVisible():
                problems.append("the screen is taller than the window and cannot be scrolled")
        elif win.scroller.needs_scrolling():
            problems.append(f"needs scrolling: {win.stack.minimumSizeHint().toTuple()} in "
                            f"{win.scroller.viewport().size().toTuple()}")
        for b in (win.assist.large_text, win.assist.help):
            if not b.isVisible():
                problems.append(f"{_name(b)} not on the screen")
        return problems

    return _walk_checked(qtbot, kiosk, check)


def _walk_checked(qtbot, kiosk, check):
    seen = _visit_every_screen(qtbot, kiosk, check)
    return "\n".join(f"{screen}: {p}" for screen, problems in seen.items() for p in problems)


@pytest.mark.parametrize("language", ["vi", "en"])
@pytest.mark.parametrize("size", LOBBY_SIZES + SMALL_SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_standard_look_fits_every_kiosk_screen(qtbot, kiosk, size, language):
    problems = _walk(qtbot, kiosk, size, language, "standard")
    assert not problems, problems


@pytest.mark.parametrize("language", ["vi", "en"])
@pytest.mark.parametrize("size", LOBBY_SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_large_text_look_fits_the_lobby_screens(qtbot, kiosk, size, language):
    problems = _walk(qtbot, kiosk, size, language, "large")
    assert not problems, problems


@pytest.mark.parametrize("language", ["vi", "en"])
@pytest.mark.parametrize("size", SMALL_SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_large_text_on_a_small_screen_scrolls_instead_of_cutting_off(qtbot, kiosk, size, language):
    # 1.5x text needs about 930 px of height: here a screen may scroll, but nothing is cut off
    problems = _walk(qtbot, kiosk, size, language, "large", may_scroll=True)
    assert not problems, problems
