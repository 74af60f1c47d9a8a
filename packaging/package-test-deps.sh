#!/usr/bin/env bash
# Installs what `make test-package` needs on top of packaging/system-deps.sh, and only
# what is missing: mmdebstrap builds the throwaway Debian root the .deb is installed
# into (the machine running the test never gets the package).
set -euo pipefail

PACKAGES=(mmdebstrap dpkg-dev util-linux)

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || { echo "Need root (or sudo) to install: ${missing[*]}" >&2; exit 1; }
  SUDO=sudo
fi
echo "Installing system packages: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
