"""PC/SC access (pyscard): readers, card presence events, APDU transports.

Qt-free. :mod:`readers.pcsc.transport` holds the transport API every card
protocol talks through; only ``_transmit_raw()`` of a subclass touches
hardware.
"""
