"""`kiosk key init`: what installers run to create the data key up front."""

import json
import stat


def run(cli, *args, env):
    return cli(*args, env=env)


def test_key_init_file_is_private_idempotent_and_used_by_the_queue(cli, tmp_path):
    env = {"KIOSK_DATA_DIR": str(tmp_path / "data")}
    first = run(cli, "key", "init", "--file", "--json", env=env)
    assert first.returncode == 0, first.stderr
    info = json.loads(first.stdout)
    key = tmp_path / "data" / "queue.key"
    assert info["source"] == "file" and info["where"] == str(key)
    assert stat.S_IMODE(key.stat().st_mode) == 0o600
    content = key.read_bytes()
    assert run(cli, "key", "init", "--file", env=env).returncode == 0
    assert key.read_bytes() == content          # never replaced
    status = run(cli, "queue", "status", "--json", env=env)
    assert status.returncode == 0, status.stderr
    assert key.read_bytes() == content          # the queue took the installer's key
