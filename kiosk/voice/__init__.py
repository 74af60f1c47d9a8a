"""Spoken guidance, Qt-free: what the kiosk says, as a list of recorded clips.

The clips are synthesised when the kiosk is built (``python -m ui.voice.build``);
this package only decides which clips to join: numbers read the Vietnamese
(or English) way, queue numbers spelled out, rooms, and the core's patient
sentences looked up in the recorded catalogue. Nothing here speaks or imports
Qt; the player is a port (:class:`kiosk.voice.ports.AudioSink`).
"""
