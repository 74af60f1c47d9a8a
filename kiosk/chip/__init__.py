"""The chip use case of the kiosk: keys → read → verify → :class:`~kiosk.domain.Identity`.

``keys`` turns what the patient or the command line gives (the card's QR,
the typed ID number, the CAN, ID + dates) into access keys; ``identity``
turns what the chip said into the kiosk's identity; ``service`` holds
:class:`~kiosk.chip.service.ChipCheckIn`, the one object the UI and the CLI
read cards through (its own PC/SC worker thread, the card watcher, and the
policy for a card on the reader plus a QR or a typed ID). Submodules are
imported on use, so a command that never reads a card never loads pyscard.
"""
