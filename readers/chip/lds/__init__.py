"""Pure parsers of the LDS1 files (bytes in, plain values out; no I/O)."""
