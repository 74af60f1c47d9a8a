"""``kiosk demo``: the kiosk window (or the headless scenes) on an in-process simulator."""
