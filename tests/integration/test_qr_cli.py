"""``kiosk decode-qr`` and ``kiosk cameras`` through the real CLI entry point."""

import json

import cv2
import numpy as np
import pytest

from benchmarks.qr_corpus import generate, qr_image
from devkit.simulator.citizens import by_key
from kiosk.cli import main
from kiosk.cli.exit_codes import ExitCode


@pytest.fixture
def images(tmp_path):
    valid = by_key("valid")
    paths = {}
    paths["id"] = tmp_path / "id.png"
    qr_image(valid.qr_text(), 4).save(paths["id"])
    paths["bhyt"] = tmp_path / "bhyt.jpg"
    sample = next(s for s in generate(3, levels=("mild",)) if s.kind == "bhyt")
    cv2.imwrite(str(paths["bhyt"]), sample.frame)
    paths["bhyt_citizen"] = sample.citizen
    paths["doctored"] = tmp_path / "doctored.png"
    qr_image(valid.qr_text().replace("079088001234", "07908800123"), 4).save(paths["doctored"])
    paths["feb31"] = tmp_path / "feb31.png"
    qr_image(valid.qr_text().replace("14031988", "31021988"), 4).save(paths["feb31"])
    paths["wifi"] = tmp_path / "wifi.png"
    qr_image("WIFI:S:x;T:WPA;P:y;;", 4).save(paths["wifi"])
    paths["blank"] = tmp_path / "blank.png"
    cv2.imwrite(str(paths["blank"]), np.full((200, 200), 255, np.uint8))
    paths["garbage"] = tmp_path / "garbage.png"
    paths["garbage"].write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 10)
    return paths


def test_good_cards_print_masked_lines_and_exit_ok(images, capsys):
    assert main(["decode-qr", str(images["id"]), str(images["bhyt"])]) == ExitCode.OK
    out = capsys.readouterr().out.splitlines()
    assert out[0].endswith("ID card (CCCD) ********1234, T. V. B., born 1988, male, issued 2021")
    assert "insurance card (BHYT)" in out[1]
    assert "079088001234" not in "\n".join(out) and "Trần" not in "\n".join(out)


def test_json_gives_every_field(images, capsys):
    assert main(["decode-qr", "--json", str(images["id"]), str(images["bhyt"])]) == ExitCode.OK
    first, second = (json.loads(line) for line in capsys.readouterr().out.splitlines())
    assert first["ok"] and first["document"] == {
        "id_number": "079088001234", "old_id_number": "025123456", "full_name": "Trần Văn Bình",
        "birth_date": "1988-03-14", "sex": "M", "address": by_key("valid").address,
        "issue_date": "2021-06-02", "kind": "cccd"}
    assert second["document"]["card_number"] == images["bhyt_citizen"].bhyt_code


def test_every_bad_file_gets_its_reason_and_the_run_exits_bad_input(images, capsys):
    names = ["doctored", "feb31", "wifi", "blank", "garbage", "id"]
    code = main(["decode-qr", "--json", *(str(images[n]) for n in names), "missing.png"])
    assert code == ExitCode.BAD_INPUT
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    reasons = {r["file"].rsplit("/", 1)[-1]: (r["ok"], r.get("error", {}).get("code")) for r in rows}
    assert reasons == {
        "doctored.png": (False, "qr_invalid"), "feb31.png": (False, "qr_invalid"),
        "wifi.png": (False, "qr_not_a_card"), "blank.png": (False, "qr_not_found"),
        "garbage.png": (False, "qr_image_unreadable"), "id.png": (True, None),
        "missing.png": (False, "qr_image_unreadable")}
    assert "12 digits" in rows[0]["error"]["message"] and "calendar" in rows[1]["error"]["message"]


def test_text_mode_failure_lines(images, capsys):
    assert main(["decode-qr", str(images["wifi"])]) == ExitCode.BAD_INPUT
    assert capsys.readouterr().out.strip().endswith(
        "not read: This QR code is not from an ID card or a health-insurance card.")


def test_cameras_reports_the_configured_folder_source(tmp_path, capsys):
    folder = tmp_path / "cam"
    folder.mkdir()
    qr_image(by_key("valid").qr_text(), 4).save(folder / "card.png")
    cfg = tmp_path / "kiosk.toml"
    cfg.write_text(f'[camera]\nsource = "{folder}"\nwidth = 640\nheight = 480\n', encoding="utf-8")
    assert main(["--config", str(cfg), "cameras", "--json", "--timeout", "3"]) == ExitCode.OK
    rows = json.loads(capsys.readouterr().out)
    assert rows[0]["configured"] and rows[0]["ok"]
    assert rows[0]["height"] <= 480 and rows[0]["width"] <= 640


def test_cameras_exits_reader_when_the_configured_source_is_missing(tmp_path, capsys):
    cfg = tmp_path / "kiosk.toml"
    cfg.write_text(f'[camera]\nsource = "{tmp_path / "gone"}"\n', encoding="utf-8")
    assert main(["--config", str(cfg), "cameras", "--timeout", "3"]) == ExitCode.READER
    assert "cannot be used: The image folder gone does not exist." in capsys.readouterr().out
