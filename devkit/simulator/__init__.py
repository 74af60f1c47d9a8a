"""Local simulator of the VSS insurance gateway and the hospital system.

``kiosk simulator`` serves both on loopback, seeded with synthetic citizens;
faults (latency, dropped connections, HTTP 500, malformed JSON) can be
switched per endpoint from the command line or at run time through
``/_sim/faults``, so tests and the demo can pull the network away.
"""
