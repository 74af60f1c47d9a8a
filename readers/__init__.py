"""Hardware layer, Qt-free: PC/SC chip reading, QR capture and decoding, scanners.

Imports nothing of ours; returns its own plain data types.
"""
