#!/usr/bin/env bash
# Makes sure the PC/SC daemon runs, so the demo's virtual card reaches the
# virtual reader (vsmartcard-vpcd). On a desktop, systemd socket-activates it;
# in a container without systemd, start the daemon directly. Never fatal: the
# demo still runs its QR and keypad paths without a reader.
set -u
pgrep -x pcscd >/dev/null 2>&1 && exit 0
SUDO=""
[ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null && SUDO=sudo
if [ -d /run/systemd/system ]; then
  $SUDO systemctl start pcscd.socket pcscd.service >/dev/null 2>&1 && exit 0
fi
PCSCD=$(command -v pcscd || echo /usr/sbin/pcscd)
[ -x "$PCSCD" ] && $SUDO "$PCSCD" >/dev/null 2>&1 || echo "note: pcscd could not be started; the demo runs without the chip reader" >&2
exit 0
