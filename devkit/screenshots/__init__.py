"""``python -m devkit.screenshots OUTDIR``: every kiosk screen and station tab rendered offscreen to PNG."""
