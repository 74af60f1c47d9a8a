"""PySide6 front end: patient kiosk screens, reception station, Qt adapters.

The only package that imports Qt.
"""
