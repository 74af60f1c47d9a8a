"""Fixtures for tests against the REAL PC/SC stack: pcscd + vsmartcard-vpcd + a virtual card.

``pcsc_stack`` starts ``pcscd --foreground`` as a child when none runs and
waits until pyscard lists "Virtual PCD 00 00". Without the stack the tests
skip on a laptop, but FAIL under CI=true: CI must exercise the real stack.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from pathlib import Path

import pytest

VPCD_DRIVER = "/usr/lib/pcsc/drivers/serial/libifdvpcd.so"
READER = "Virtual PCD 00 00"


def _missing(reason: str):
    if os.environ.get("CI") == "true":
        pytest.fail(f"CI=true but the PC/SC test stack is unusable: {reason}")
    pytest.skip(f"PC/SC test stack unavailable: {reason}")


def _virtual_reader_listed() -> bool:
    from readers.pcsc.system import list_readers
    from readers.errors import ReaderError
    try:
        return any(r.name == READER for r in list_readers())
    except ReaderError:
        return False


def _pcscd_running() -> bool:
    # /proc, not pgrep: a dead pcscd left as a zombie must not count as running.
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            head, tail = stat.read_text().rsplit(")", 1)
            name, state = head.split("(", 1)[1], tail.split()[0]
        except (OSError, IndexError, ValueError):
            continue
        if name == "pcscd" and state != "Z":
            return True
    return False


@pytest.fixture(scope="session")
def pcsc_stack():
    """pcscd running with the vpcd virtual reader (started here if needed)."""
    if not shutil.which("pcscd") and not Path("/usr/sbin/pcscd").exists():
        _missing("pcscd is not installed (Debian package pcscd)")
    if not Path(VPCD_DRIVER).exists():
        _missing("vsmartcard-vpcd is not installed")
    child = None
    if not _pcscd_running():
        exe = shutil.which("pcscd") or "/usr/sbin/pcscd"
        child = subprocess.Popen([exe, "--foreground"], stdout=subprocess.DEVNULL,
                                 stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 15
    while not _virtual_reader_listed():
        if time.monotonic() > deadline or (child is not None and child.poll() is not None):
            if child is not None and child.poll() is None:
                child.terminate()
            _missing(f"pyscard does not list {READER!r}")
        time.sleep(0.1)
    yield READER
    if child is not None:
        child.terminate()
        try:
            child.wait(5)
        except subprocess.TimeoutExpired:
            child.kill()


@pytest.fixture(scope="session")
def test_pki(tmp_path_factory):
    """A fresh test CSCA + document signer for this run."""
    from devkit.virtual_card.pki import load_or_create
    return load_or_create(tmp_path_factory.mktemp("pki"))


@pytest.fixture(scope="session")
def valid_card(test_pki):
    """(citizen, profile, files) of the citizen 'valid'."""
    from devkit.simulator.cards import card_profile
    from devkit.simulator.citizens import by_key
    from devkit.virtual_card.lds_files import build_files
    citizen = by_key("valid")
    profile = card_profile(citizen)
    return citizen, profile, build_files(profile, test_pki)


@pytest.fixture
def plug_card(pcsc_stack, valid_card):
    """``plug_card(faults=None, files=None, **applet_options)`` inserts a virtual card in slot 0
    (``bac_only=True``: without PACE); removed after the test."""
    from devkit.virtual_card.card import make_applet
    from devkit.virtual_card.vpcd import VirtualCard
    cards = []

    def plug(faults=None, files=None, **options):
        _citizen, profile, default_files = valid_card
        card = VirtualCard(lambda: make_applet(profile, files or default_files, faults, **options))
        card.insert(timeout=30)
        cards.append(card)
        card.wait_until_seen(True)
        return card
    yield plug
    for card in cards:
        card.remove()
        try:
            card.wait_until_seen(False, timeout=5)
        except Exception:
            pass


@pytest.fixture(scope="session")
def pki_dir(tmp_path_factory):
    """A folder holding a fresh test CSCA + document signer (``load_or_create(pki_dir).csca_path``)."""
    from devkit.virtual_card.pki import load_or_create
    folder = tmp_path_factory.mktemp("citizen-pki")
    load_or_create(folder)
    return folder


@pytest.fixture
def citizen_card(pcsc_stack, pki_dir):
    """``citizen_card(key, bac_only=False, faults=None)`` inserts that synthetic citizen's card in slot 0 and waits
    until PC/SC sees it; the previous one (if any) is removed first, the last one after the test;
    ``citizen_card.remove_all()`` empties the reader."""
    from devkit.simulator.cards import virtual_card
    from devkit.simulator.citizens import by_key
    cards = []

    def _remove_all():
        while cards:
            card = cards.pop()
            card.remove()
            try:
                card.wait_until_seen(False, timeout=5)
            except Exception:
                pass

    def insert(key: str, bac_only: bool = False, faults=None):
        _remove_all()
        card = virtual_card(by_key(key), pki_dir=pki_dir, bac_only=bac_only, faults=faults)
        card.insert(timeout=90)   # the one virtual slot is shared with other test runs on this machine
        cards.append(card)
        card.wait_until_seen(True)
        return card
    insert.remove_all = _remove_all   # pull the current card out (the reader stays empty)
    yield insert
    _remove_all()
