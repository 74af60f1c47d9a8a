"""``kiosk checkin --chip`` argument checks: each bad combination is one sentence and BAD_INPUT,
before any reader or server is touched (no hardware needed)."""

import pytest

from kiosk.cli import main
from kiosk.cli.exit_codes import ExitCode


@pytest.fixture
def config_file(tmp_path):
    path = tmp_path / "kiosk.toml"
    path.write_text('[reader]\nname = "No Such Reader"\n', encoding="utf-8")
    return str(path)


@pytest.mark.parametrize("args, message", [
    (["--chip"], "--chip needs exactly one of"),
    (["--chip", "--can", "12345"], "card access number must be exactly 6 digits"),
    (["--chip", "--id-number", "079088001234", "--birth", "14/03/1988"], "both --birth and --expiry"),
    (["--chip", "--qr-image", "card.jpg"], "--chip takes its key"),
    (["--can", "001234"], "go with --chip"),
    (["--chip", "--id-number", "079088001234", "--birth", "14/03/1988", "--expiry", "2028"], "full date"),
    (["--chip", "--qr-text", "not a card QR"], "kiosk: "),
    (["--chip", "--id-number", "12345"], "kiosk: "),
    ([], "Give one of"),
])
def test_bad_chip_arguments_are_bad_input(config_file, capsys, args, message):
    assert main(["--config", config_file, "checkin", *args]) == ExitCode.BAD_INPUT
    err = capsys.readouterr().err
    assert message in err and len(err.strip().splitlines()) == 1
