#!/usr/bin/env bash
# What `make test-package` needs on top of packaging/system-deps.sh, installed only if
# missing: mmdebstrap builds the throwaway Debian root the .deb is installed into (the
# machine running the test never gets the package).
exec bash "$(dirname "$0")/system-deps.sh" mmdebstrap dpkg-dev util-linux
