"""The suite's fixtures live in one plugin, tests/fixtures/ (one module per subject)."""

pytest_plugins = [
    "tests.fixtures.environment",
    "tests.fixtures.simulator",
    "tests.fixtures.gateway",
    "tests.fixtures.kiosk_ui",
    "tests.fixtures.pcsc",
    "tests.fixtures.chip_card",
    "tests.fixtures.cli",
    "tests.fixtures.face",
    "tests.fixtures.sound",
]
