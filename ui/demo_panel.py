"""The demo panel: show a sample card's QR to the camera, scan it, pull the network.

Everything it does goes through the real paths: a QR is drawn into the
folder the camera watches (so capture, zxing decoding and acceptance run),
"scan" types the QR text as a keyboard-wedge scanner would, and "pull the
network" switches the simulator's faults on.
"""

from __future__ import annotations

from pathlib import Path

import qrcode
from PySide6.QtCore import Signal
from PySide6.QtWidgets import (QComboBox, QGroupBox, QLabel, QPushButton, QVBoxLayout, QWidget)

from kiosk.simulator.citizens import CITIZENS, by_key
from kiosk.simulator.server import Fault

CARD_FILE = "card.png"


class DemoPanel(QWidget):
    """A small window next to the kiosk for the person running the demo."""

    scan = Signal(str)          # QR text, as a USB scanner would type it

    def __init__(self, camera_folder: Path, simulator, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Demo panel")
        self.folder, self.simulator = camera_folder, simulator
        self.citizen = QComboBox()
        self.citizen.setObjectName("citizen")
        for c in CITIZENS:
            self.citizen.addItem(f"{c.key}: {c.note}", c.key)
        self.card_kind = QComboBox()
        self.card_kind.addItem("ID card QR (CCCD)", "id")
        self.card_kind.addItem("Insurance card QR (BHYT)", "bhyt")
        self.show_qr = QPushButton("Show the card's QR to the camera")
        self.show_qr.setObjectName("show_qr")
        self.take_away = QPushButton("Take the card away from the camera")
        self.scan_button = QPushButton("Scan the card with the USB scanner")
        self.network = QPushButton("Pull the network (gateway + hospital)")
        self.network.setCheckable(True)
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.show_qr.clicked.connect(self.show_card)
        self.take_away.clicked.connect(self.remove_card)
        self.scan_button.clicked.connect(lambda: self.scan.emit(self._qr_text()))
        self.network.toggled.connect(self.pull_network)
        box = QGroupBox("Sample citizen (synthetic)")
        inner = QVBoxLayout(box)
        for w in (self.citizen, self.card_kind, self.show_qr, self.take_away, self.scan_button):
            inner.addWidget(w)
        lay = QVBoxLayout(self)
        lay.addWidget(box)
        lay.addWidget(self.network)
        lay.addWidget(self.note)
        self.extra = inner          # the chip controls are added here when a virtual reader exists

    def _qr_text(self) -> str:
        c = by_key(self.citizen.currentData())
        text = c.bhyt_qr_text() if self.card_kind.currentData() == "bhyt" else c.qr_text()
        return text or c.qr_text()    # no insurance card: fall back to the ID card

    def show_card(self) -> None:
        """Draw the QR into the camera's folder (written aside, then renamed: never half a file)."""
        image = qrcode.make(self._qr_text(), border=4, box_size=6)
        tmp = self.folder / (CARD_FILE + ".tmp.png")
        image.save(tmp)
        tmp.replace(self.folder / CARD_FILE)
        self.note.setText("The camera now sees the card.")

    def remove_card(self) -> None:
        """Empty the camera's view."""
        (self.folder / CARD_FILE).unlink(missing_ok=True)
        self.note.setText("")

    def pull_network(self, pulled: bool) -> None:
        """Drop every gateway and hospital connection (or restore them)."""
        if pulled:
            self.simulator.faults.set("*", Fault("drop"))
            self.network.setText("Network pulled: press to restore")
        else:
            self.simulator.faults.clear()
            self.network.setText("Pull the network (gateway + hospital)")
