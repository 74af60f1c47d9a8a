#!/usr/bin/env bash
# What `make test-package` needs on top of packaging/system-deps.sh, installed only if
# missing: mmdebstrap builds the throwaway Debian root the .deb is installed into (the
# machine running the test never gets the package); pulseaudio (a private server on a
# null sink, started by the test in a temp dir) and pulseaudio-utils (parec) let the
# frozen kiosk's voice be heard without a sound card.
exec bash "$(dirname "$0")/system-deps.sh" mmdebstrap dpkg-dev util-linux pulseaudio pulseaudio-utils
