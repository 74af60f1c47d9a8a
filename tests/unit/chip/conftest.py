"""Fixtures for the chip unit tests: a test PKI, a citizen's card files, an in-process card."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def pki(tmp_path_factory):
    from devkit.virtual_card.pki import load_or_create
    return load_or_create(tmp_path_factory.mktemp("pki"))


@pytest.fixture(scope="session")
def citizen():
    from devkit.simulator.citizens import by_key
    return by_key("valid")


@pytest.fixture(scope="session")
def profile(citizen):
    from devkit.simulator.cards import card_profile
    return card_profile(citizen)


@pytest.fixture(scope="session")
def card_files(profile, pki):
    from devkit.virtual_card.lds_files import build_files
    return build_files(profile, pki)


@pytest.fixture
def make_card(card_files, profile):
    """``make_card(faults=None, files=None, **applet_options)`` → an in-process transport."""
    from devkit.virtual_card.card import make_applet
    from devkit.virtual_card.loopback import AppletTransport

    def make(faults=None, files=None, **options):
        return AppletTransport(make_applet(profile, files or card_files, faults, **options))
    return make
