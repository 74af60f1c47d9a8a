#!/usr/bin/env bash
# Installs the Debian/Ubuntu packages the kiosk and its tests need, and only
# those that are missing, so a second run costs a dpkg query and nothing more.
# Runs as root, or through sudo when it is available.
#   packaging/system-deps.sh              the kiosk's and the test suite's packages
#   packaging/system-deps.sh PKG...       only these (make test-package: mmdebstrap …)
set -euo pipefail

if [ $# -gt 0 ]; then
  PACKAGES=("$@")
else
  PACKAGES=(
    pcscd vsmartcard-vpcd libpcsclite-dev swig     # PC/SC stack, virtual reader, pyscard build
    libegl1 libgl1 libxkbcommon0 libfontconfig1 libdbus-1-3   # Qt runtime (offscreen and xcb)
    libxcb-cursor0 libxkbcommon-x11-0 libxcb-icccm4 libxcb-keysyms1 libxcb-shape0
    fonts-dejavu-core                              # a font with full Vietnamese coverage
    icu-devtools binutils gcc                      # the bundle build trims ICU data to vi + en (icupkg, genccode, objcopy)
    libblas3 liblapack3                            # OpenCV's BLAS/LAPACK in the bundle and the .deb (packaging/pyinstaller/lapack_stub.py)
    espeak-ng                                      # `make prompts`: the spoken prompts are synthesised at build time
    sox                                            # `make prompts`: … and resampled to 16 kHz (build time only)
    pulseaudio pulseaudio-utils                    # tests hear the voice through a private server on a null sink (a temp dir)
  )

  # A python3 without venv/ensurepip (Debian splits it out) needs python3-venv.
  if ! python3 -c 'import venv, ensurepip' >/dev/null 2>&1; then
    PACKAGES+=(python3-venv)
  fi
fi

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
