"""The patient kiosk's screens, one module each (views only: no flow logic)."""
