"""eMRTD chip reading (ICAO 9303): transport, access control, secure messaging, LDS."""
