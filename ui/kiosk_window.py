"""The patient kiosk window: a top bar and a stack of screens (views only).

The :class:`ui.kiosk_controller.KioskController` decides which screen shows;
this class only holds them, the language button, the "start again" button,
the staff button, the walk-away overlay, and the assist bar under every
screen ("A+" large text, "need help", :mod:`ui.assist_bar`) with its help
overlay. The large-text look lasts until :meth:`wipe` (the session's end).
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QSizePolicy, QVBoxLayout, QWidget

from ui import theme
from ui.assist_bar import AssistBar
from ui.help_overlay import HelpOverlay
from ui.screen_stack import ScreenScroller, ScreenStack
from ui.screens.confirm import ConfirmScreen
from ui.screens.department import DepartmentScreen
from ui.screens.idle import IdleScreen
from ui.screens.keypad import KeypadScreen
from ui.screens.name_entry import NameScreen
from ui.screens.notices import (
    CounterScreen,
    NewCardScreen,
    NotMeScreen,
    PendingScreen,
    ReturningScreen,
    UnreadableScreen,
    WrongRouteScreen,
)
from ui.screens.priority import PriorityScreen
from ui.screens.reading import ReadingScreen
from ui.screens.slip_question import SlipQuestionScreen
from ui.screens.staff_pin import StaffPinScreen
from ui.screens.take_card import TakeCardScreen
from ui.screens.ticket import TicketScreen
from ui.timeout_overlay import TimeoutOverlay
from ui.widgets import ElidedLabel, Screen, button


class KioskWindow(QWidget):
    """Top bar + screens + assist bar; ``language_toggled``, ``restart`` and ``staff`` are the top bar's
    buttons, ``help_requested`` the assist bar's "need help"."""

    language_toggled = Signal()
    restart = Signal()
    staff = Signal()
    help_requested = Signal()
    replay = Signal()

    def __init__(self, hospital_name: str, pin_guard, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("kiosk")
        self.setStyleSheet(theme.kiosk_style())
        self.setWindowTitle(hospital_name)
        bar = QFrame()
        bar.setObjectName("banner")
        self.hospital = ElidedLabel(hospital_name, role="title")   # "…" when the bar is short of room
        self.restart_button = button(role="quiet", name="restart")
        self.language_button = button(name="language")
        for b in (self.restart_button, self.language_button):
            b.setSizePolicy(QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Fixed)
        self.staff_button = button("⚙", role="quiet", name="staff")
        self.staff_button.setFixedWidth(theme.TOUCH_MIN)
        self.restart_button.clicked.connect(self.restart)
        self.language_button.clicked.connect(self.language_toggled)
        self.staff_button.clicked.connect(self.staff)
        # voice guidance: says the screen's instruction again (shown when the prompts are there)
        self.replay_button = button(role="quiet", name="replay")
        self.replay_button.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self.replay_button.clicked.connect(self.replay)
        self.voice_available = False
        row = QHBoxLayout(bar)
        row.setContentsMargins(12, 4, 12, 4)   # every px counts at 768 px high (and 1024 wide: 🔊, large text)
        row.addWidget(self.hospital, 1)
        row.addWidget(self.replay_button)
        row.addWidget(self.restart_button)
        row.addWidget(self.language_button)
        row.addWidget(self.staff_button)
        self.top_row = row
        self.stack = ScreenStack()
        self.screens: dict[str, Screen] = {
            "idle": IdleScreen(), "keypad": KeypadScreen(), "name": NameScreen(), "reading": ReadingScreen(),
            "confirm": ConfirmScreen(), "department": DepartmentScreen(),
            "priority": PriorityScreen(), "ticket": TicketScreen(),
            "counter": CounterScreen(), "new-card": NewCardScreen(),
            "wrong-route": WrongRouteScreen(), "pending": PendingScreen(),
            "unreadable": UnreadableScreen(), "not-me": NotMeScreen(), "returning": ReturningScreen(),
            "staff-pin": StaffPinScreen(pin_guard),
            "slip": SlipQuestionScreen(),
            "take-card": TakeCardScreen(),
        }
        for name, screen in self.screens.items():
            screen.setObjectName(f"screen_{name}")
            self.stack.addWidget(screen)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(0)
        lay.addWidget(bar)
        self.scroller = ScreenScroller(self.stack)
        lay.addWidget(self.scroller, 1)
        self.assist = AssistBar()
        self.assist.large_text_toggled.connect(self.set_large_text)
        self.assist.help_requested.connect(self.help_requested)
        self.assist_below: bool | None = None   # the assist bar under the screens (else in the top bar)
        self._place_assist()
        self.large_text = False
        self.overlay = TimeoutOverlay(self)
        self.help_overlay = HelpOverlay(self)
        self.retranslate()
        self.show_screen("idle")

    def retranslate(self) -> None:
        """Bar texts: the language button names the OTHER language, in that language."""
        self.restart_button.setText(self.tr("↺ Làm lại"))
        self.language_button.setText(self.tr("English"))
        self.replay_button.setAccessibleName(self.tr("🔊 Nghe lại"))
        self._place_assist()
        self._fit_replay_words()

    def changeEvent(self, event) -> None:
        """Follow language changes."""
        if event.type() == event.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    @property
    def current(self) -> str:
        """The name of the screen showing."""
        widget = self.stack.currentWidget()
        return next(n for n, s in self.screens.items() if s is widget)

    def show_screen(self, name: str) -> Screen:
        """Bring screen ``name`` to the front; the bar's restart button shows mid-session."""
        screen = self.screens[name]
        self.stack.setCurrentWidget(screen)
        self.scroller.to_top()
        shown = {self.restart_button: name not in ("idle", "staff-pin", "take-card"),
                 self.staff_button: name == "idle",
                 self.replay_button: self.voice_available and name != "staff-pin"}
        # Make room first: showing a button in a full top bar would widen the window past the screen.
        self._place_assist(shown)
        for b, visible in shown.items():
            b.setVisible(visible)
        self._place_assist()
        self._fit_replay_words()
        screen.setFocus(Qt.FocusReason.OtherFocusReason)
        return screen

    def _place_assist(self, shown: dict | None = None) -> None:
        """Portrait: the assist bar under the screens, within reach of a seated patient.
        Landscape (a short screen, every px counts): its buttons join the top bar — unless the
        top bar has no room for them (large text in English on a 1024 px wide screen).
        ``shown``: top-bar buttons about to be shown or hidden (button → visible)."""
        below = self.height() > self.width() or not self._top_bar_has_room_for_assist(shown or {})
        if below == self.assist_below:
            return
        self.assist_below = below
        self.top_row.removeWidget(self.assist)
        self.layout().removeWidget(self.assist)
        # "🔊 Nghe lại" goes with A+ and "need help": under the screens it is within a seated patient's reach
        self.top_row.removeWidget(self.replay_button)
        self.assist.row.removeWidget(self.replay_button)
        if below:
            self.layout().addWidget(self.assist)
            self.assist.row.insertWidget(1, self.replay_button)
        else:
            self.top_row.insertWidget(1, self.replay_button)
            self.top_row.addWidget(self.assist)
        self.assist.set_portrait(below)

    def _top_bar_has_room_for_assist(self, shown: dict) -> bool:
        """True when the top bar's buttons, A+ and "need help" fit the window's width side by side."""
        def visible(w) -> bool:
            return shown.get(w, not w.isHidden())
        buttons = [w for w in (self.restart_button, self.language_button, self.staff_button)
                   if visible(w)] + [self.assist.large_text, self.assist.help]
        widths = [w.sizeHint().width() for w in buttons]
        b = self.replay_button
        if visible(b):   # counted as the loudspeaker alone: its words come only with room to spare
            fm = b.fontMetrics()
            widths.append(b.sizeHint().width() - fm.horizontalAdvance(b.text()) + fm.horizontalAdvance("🔊"))
        margins = self.top_row.contentsMargins()
        needed = (sum(widths) + margins.left() + margins.right()
                  + self.top_row.spacing() * len(widths) + self.assist.row.spacing())
        return needed <= self.width()

    def resizeEvent(self, event) -> None:
        """Place the assist bar for the window's shape; words on the replay button when there is room."""
        self._place_assist()
        super().resizeEvent(event)
        self._fit_replay_words()

    def set_large_text(self, on: bool) -> None:
        """Large text on the high-contrast palette (:data:`theme.LARGE`), or back to the standard look."""
        if on == self.large_text:
            return
        self.large_text = on
        self.setStyleSheet(theme.kiosk_style(theme.LARGE if on else theme.STANDARD))
        self.assist.set_large_text(on)
        self._place_assist()
        self._fit_replay_words()

    def _fit_replay_words(self) -> None:
        """"🔊 Nghe lại" when the bar has room for the words; on a narrow window the loudspeaker
        alone (a square touch target like ⚙; the words stay its accessible name)."""
        words, b = self.replay_button.accessibleName(), self.replay_button
        if self.assist.row.indexOf(b) >= 0:      # in the bar under the screens: room for the words
            b.setText(words)
            return
        row = self.hospital.parentWidget().layout()
        others = [w for w in (self.restart_button, self.language_button, self.staff_button) if not w.isHidden()]
        if self.top_row.indexOf(self.assist) >= 0:
            others.append(self.assist)          # landscape: A+ and "Cần trợ giúp" share the bar
        margins = row.contentsMargins()
        one_line = self.hospital.fontMetrics().horizontalAdvance(self.hospital.accessibleName())  # the full name
        used = (one_line + sum(w.sizeHint().width() for w in others)
                + margins.left() + margins.right() + row.spacing() * (len(others) + 1))
        padding = b.sizeHint().width() - b.fontMetrics().horizontalAdvance(b.text())
        fits = used + padding + b.fontMetrics().horizontalAdvance(words) <= self.width()
        b.setText(words if fits else "🔊")

    def set_voice_available(self, available: bool) -> None:
        """Show the "🔊 Nghe lại" button (the voice guidance has its prompts) or hide it."""
        self.voice_available = available
        visible = available and self.current != "staff-pin"
        self._place_assist({self.replay_button: visible})     # room first, as in show_screen
        self.replay_button.setVisible(visible)
        self._place_assist()
        self._fit_replay_words()

    def wipe(self) -> None:
        """Clear every screen of patient data, hide the overlays, back to the standard look."""
        self.overlay.hide()
        self.help_overlay.hide()
        self.set_large_text(False)
        for screen in self.screens.values():
            screen.clear()
