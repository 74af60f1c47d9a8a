"""Languages of the kiosk: Vietnamese source strings, English from ``kiosk_en.qm``.

Decision: the source strings in ``tr()`` calls are Vietnamese, because
Vietnamese is the default and must never depend on a compiled file; English
comes from ``ui/i18n/kiosk_en.ts`` through a ``QTranslator``.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication, QObject, QTranslator, Signal

log = logging.getLogger(__name__)

LANGUAGES = ("vi", "en")


class LanguageSwitch(QObject):
    """Installs and removes the English translator; emits :attr:`changed`."""

    changed = Signal(str)

    def __init__(self, language: str = "vi", parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._translator: QTranslator | None = None
        self.language = "vi"
        if language != "vi":
            self.set(language)

    def set(self, language: str) -> None:
        """Switch to ``language`` ("vi" or "en"); widgets get a LanguageChange event."""
        if language not in LANGUAGES:
            raise ValueError(f"unknown language {language!r}")
        app = QCoreApplication.instance()
        if self._translator is not None:
            app.removeTranslator(self._translator)
            self._translator = None
        if language != "vi":
            from ui.i18n.build import TranslationBuildError, ensure_compiled  # `python -m ui.i18n.build` too
            translator = QTranslator(self)
            try:
                qm = ensure_compiled(language)
            except TranslationBuildError as e:
                log.error("translation %s unavailable: %s", language, e)
                qm = None
            if qm is None or not translator.load(str(qm)):
                log.error("cannot load the %s translation; staying in Vietnamese", language)
                language = "vi"
            else:
                app.installTranslator(translator)
                self._translator = translator
        self.language = language
        self.changed.emit(language)

    def toggle(self) -> None:
        """Vietnamese ⇄ English."""
        self.set("en" if self.language == "vi" else "vi")
