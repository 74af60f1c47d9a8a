"""The demo panel: show a sample card's QR to the camera, scan it, pull the network.

Everything it does goes through the real paths: a QR is drawn into the
folder the camera watches (so capture, zxing decoding and acceptance run),
"scan" hands the QR text over as a USB scanner would, "put the card on the
reader" plugs the citizen's virtual chip card into the vpcd reader (pcscd
sees a real card), and "pull the network" switches the simulator's faults on.
"""

from __future__ import annotations

import threading
from pathlib import Path

import qrcode
from PySide6.QtCore import Signal
from PySide6.QtWidgets import QCheckBox, QComboBox, QGroupBox, QLabel, QPushButton, QVBoxLayout, QWidget

from devkit.simulator.citizens import CITIZENS, by_key
from devkit.simulator.server import Fault

CARD_FILE = "card.png"
FACE_FILE = "face.png"    # the person in front of the camera (face check)


class DemoPanel(QWidget):
    """A small window next to the kiosk for the person running the demo."""

    scan = Signal(str)          # QR text, as a USB scanner would type it
    chip_problem = Signal(str)  # from the card-plugging thread
    card_plugged = Signal()     # from the card-plugging thread, once vpcd has the card

    def __init__(self, camera_folder: Path, simulator, pki_dir: Path | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Demo panel")
        self.folder, self.simulator, self.pki_dir = camera_folder, simulator, pki_dir
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
        self.chip_problem.connect(lambda text: self.chip_note.setText(text))
        self._lay_pending = False
        self.card_plugged.connect(self._card_plugged)
        box = QGroupBox("Sample citizen (synthetic)")
        inner = QVBoxLayout(box)
        for w in (self.citizen, self.card_kind, self.show_qr, self.take_away, self.scan_button):
            inner.addWidget(w)
        lay = QVBoxLayout(self)
        lay.addWidget(box)
        lay.addWidget(self.network)
        lay.addWidget(self.note)
        self.card = None            # the virtual card in the vpcd reader, when there is one
        self.put_card = QPushButton("Put the card on the (virtual) chip reader")
        # The kiosk as built: the camera looks down at the reader pad, so one placement gives both.
        self.place_card = QPushButton("Lay the card on the reader pad, QR side up (one placement)")
        self.place_card.setObjectName("place_card")
        self.lift_card = QPushButton("Lift the card off the reader")
        self.put_card.clicked.connect(self.insert_card)
        self.place_card.clicked.connect(self.lay_card)
        self.lift_card.clicked.connect(self.lift)
        for w in (self.place_card, self.put_card, self.lift_card):
            inner.addWidget(w)
        self.chip_note = QLabel("")
        self.chip_note.setWordWrap(True)
        inner.addWidget(self.chip_note)
        # Face check (docs/face.md): real photos from PyPI's face_recognition 1.3.0, fetched on first use.
        self._faces: dict | None = None
        self.real_face = QCheckBox("Chip photo: a real face (face check; photos fetched from PyPI)")
        self.same_person = QPushButton("Face check: the card's holder looks at the camera")
        self.impostor = QPushButton("Face check: someone else looks at the camera")
        self.nobody = QPushButton("Face check: nobody at the camera")
        self.same_person.clicked.connect(lambda: self.show_face("obama2.jpg"))
        self.impostor.clicked.connect(lambda: self.show_face("biden.jpg"))
        self.nobody.clicked.connect(lambda: (self.folder / FACE_FILE).unlink(missing_ok=True))
        face_box = QGroupBox("Face check")
        face_lay = QVBoxLayout(face_box)
        for w in (self.real_face, self.same_person, self.impostor, self.nobody):
            face_lay.addWidget(w)
        lay.insertWidget(1, face_box)

    def faces(self) -> dict:
        """The demo's head-and-shoulders pictures (computed once; the photos are fetched on first use)."""
        if self._faces is None:
            from devkit.face_frames import demo_faces
            from devkit.face_photos import ensure_face_photos
            from kiosk.face import load_face_model
            self._faces = demo_faces(load_face_model(), ensure_face_photos())
        return self._faces

    def show_face(self, name: str) -> None:
        """Put a person in front of the folder camera (the QR card is taken away first)."""
        import cv2

        from devkit.face_frames import live_frame
        self.remove_card()
        try:
            frame = live_frame(self.faces()[name], size=(540, 960))
        except Exception as e:     # no model or no registry: say so, the demo goes on
            self.note.setText(f"No face photos ({e.__class__.__name__}): see docs/face.md")
            return
        tmp = self.folder / (FACE_FILE + ".tmp.png")
        cv2.imwrite(str(tmp), cv2.cvtColor(frame, cv2.COLOR_RGB2BGR))
        tmp.replace(self.folder / FACE_FILE)
        self.note.setText("The camera now sees a face.")

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

    def insert_card(self) -> None:
        """Plug the chosen citizen's virtual card into vpcd (in the background: it waits for pcscd)."""
        self.remove_chip_card()
        from devkit.simulator.cards import virtual_card
        face = None
        if self.real_face.isChecked():
            from devkit.face_frames import chip_photo
            try:
                face = chip_photo(self.faces()["obama.jpg"])
            except Exception as e:
                self.chip_problem.emit(f"No face photos ({e.__class__.__name__}): the drawn face is used")
        self.card = virtual_card(by_key(self.citizen.currentData()), pki_dir=self.pki_dir, face_jpeg=face)
        card = self.card

        def plug() -> None:
            try:
                card.insert(timeout=10)
            except Exception as e:   # no pcscd / vpcd here: say so on the panel, the demo goes on
                self.chip_problem.emit(f"No virtual reader ({e.__class__.__name__}): is pcscd running with vpcd?")
            else:
                self.card_plugged.emit()
        threading.Thread(target=plug, name="demo-card", daemon=True).start()
        self.chip_note.setText("Card on the reader: now show its QR so the kiosk can open the chip.")

    def lay_card(self) -> None:
        """One placement: the chip card on the reader and its ID-card QR in the camera's view."""
        self.card_kind.setCurrentIndex(self.card_kind.findData("id"))
        self.insert_card()
        # The camera sees the QR once the virtual card is in (plugging it waits for the shared slot;
        # a real card reaches the reader and the camera together).
        self._lay_pending = True
        self.chip_note.setText("Card on the reader pad, QR side up: the kiosk reads the QR and the chip.")

    def _card_plugged(self) -> None:
        if self._lay_pending:
            self._lay_pending = False
            self.show_card()

    def lift(self) -> None:
        """The card lifted: off the reader and out of the camera's view."""
        self._lay_pending = False
        self.remove_chip_card()
        self.remove_card()

    def remove_chip_card(self) -> None:
        """Take the virtual card away."""
        if self.card is not None:
            self.card.remove()
            self.card = None
            self.chip_note.setText("")

    def pull_network(self, pulled: bool) -> None:
        """Drop every gateway and hospital connection (or restore them)."""
        if pulled:
            self.simulator.faults.set("*", Fault("drop"))
            self.network.setText("Network pulled: press to restore")
        else:
            self.simulator.faults.clear()
            self.network.setText("Pull the network (gateway + hospital)")
