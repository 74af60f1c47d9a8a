"""ICAO 9303 eMRTD reading for the Vietnamese chip ID card (CCCD / Căn cước).

Layers, JMRTD style: APDU senders (:mod:`.commands`) → access protocols
(:mod:`.bac`; PACE lives in ``readers/chip/pace/``) → secure messaging
(:mod:`.sm` base, :mod:`.sm_des` 3DES) → service facade (:mod:`.service`)
→ pure LDS parsers (:mod:`.lds`) and passive authentication (:mod:`.pa`).
"""
