#!/usr/bin/env bash
# Builds the Debian package: the PyInstaller one-directory bundle under /opt,
# the config under /etc (a conffile, kept across upgrades), a systemd service
# that runs the kiosk full screen under the `cage` kiosk compositor, and the
# pn533 blacklist for ACR122U readers, and a desktop entry for the reception
# station (`kiosk run --station`) on a staff PC's desktop, with its own config
# folder /etc/vn-checkin-station (readable by the group kiosk-staff only).
#   packaging/debian/build-deb.sh [OUTDIR]      (default OUTDIR: dist/)
# Env: PYTHON (default .venv/bin/python), DEB_VERSION (default: the project's
# version), REUSE_BUNDLE=1 to package an existing build/dist bundle as is,
# DEB_COMPRESS (default "-Zxz -z9 -Sextreme": the shipped package; tests use a fast one).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT"
OUT=${1:-dist}
PYTHON=${PYTHON:-.venv/bin/python}
NAME=vn-checkin-kiosk
VERSION=${DEB_VERSION:-$("$PYTHON" -c 'import kiosk; print(kiosk.__version__)')}
ARCH=$(dpkg --print-architecture)
BUNDLE=build/dist/$NAME

if [ "${REUSE_BUNDLE:-0}" != 1 ] || [ ! -x "$BUNDLE/kiosk" ]; then
  "$PYTHON" -m ui.i18n.build >&2   # the .qm go into the bundle; stdout is only the .deb path
  "$PYTHON" -m ui.voice.build >&2  # the spoken prompts (espeak-ng, build time only) go in too
  "$PYTHON" -m PyInstaller --noconfirm --log-level WARN --distpath build/dist --workpath build/pyi \
    packaging/pyinstaller/kiosk.spec
fi

STAGE=$(mktemp -d)
trap 'rm -rf "$STAGE"' EXIT
chmod 0755 "$STAGE"   # mktemp makes it 0700, and dpkg would apply that to /
install -d "$STAGE/opt" "$STAGE/usr/bin" "$STAGE/etc/$NAME" "$STAGE/etc/vn-checkin-station" "$STAGE/lib/systemd/system" \
  "$STAGE/etc/modprobe.d" "$STAGE/usr/share/doc/$NAME" "$STAGE/usr/share/applications" "$STAGE/DEBIAN"
cp -a "$BUNDLE" "$STAGE/opt/$NAME"
ln -s "/opt/$NAME/kiosk" "$STAGE/usr/bin/kiosk"
# The shipped config: the commented example, pointed at the system data folder.
sed -e 's|^data_dir = "".*|data_dir = "/var/lib/vn-checkin-kiosk"   # queue, caches, key (created by the package)|' \
  kiosk.example.toml > "$STAGE/etc/$NAME/kiosk.toml"
chmod 0640 "$STAGE/etc/$NAME/kiosk.toml"
install -m 0640 packaging/debian/station.toml "$STAGE/etc/vn-checkin-station/station.toml"
install -m 0644 packaging/debian/$NAME.service "$STAGE/lib/systemd/system/$NAME.service"
install -m 0644 packaging/debian/blacklist-pn533.conf "$STAGE/etc/modprobe.d/$NAME-blacklist-pn533.conf"
install -m 0644 docs/deploy.md "$STAGE/usr/share/doc/$NAME/deploy.md"
install -m 0644 packaging/debian/vn-checkin-station.desktop "$STAGE/usr/share/applications/vn-checkin-station.desktop"
for s in postinst prerm postrm; do install -m 0755 packaging/debian/$s "$STAGE/DEBIAN/$s"; done
printf '/etc/%s/kiosk.toml\n/etc/modprobe.d/%s-blacklist-pn533.conf\n/etc/vn-checkin-station/station.toml\n' \
  "$NAME" "$NAME" > "$STAGE/DEBIAN/conffiles"
SIZE_KB=$(du -sk "$STAGE" | cut -f1)
# The system libraries the bundle build left to Debian (packaging/pyinstaller/debian_libs.py) join
# the Depends, each package once.
SYSTEM_DEPENDS=$BUNDLE/_internal/debian-depends.txt
DEPENDS=$(sed -n 's/^Depends: //p' packaging/debian/control.in | tr ',' '\n' | sed 's/^ *//;s/ *$//')
if [ -f "$SYSTEM_DEPENDS" ]; then
  DEPENDS=$(printf '%s\n%s\n' "$DEPENDS" "$(cat "$SYSTEM_DEPENDS")")
fi
DEPENDS=$(printf '%s\n' "$DEPENDS" | awk 'NF && !seen[$1]++' | paste -sd, - | sed 's/,/, /g')
sed -e "s/@VERSION@/$VERSION/" -e "s/@ARCH@/$ARCH/" -e "s/@SIZE@/$SIZE_KB/" -e "s/^Depends: .*/Depends: $DEPENDS/" \
  packaging/debian/control.in > "$STAGE/DEBIAN/control"

mkdir -p "$OUT"
DEB="$OUT/${NAME}_${VERSION}_${ARCH}.deb"
# shellcheck disable=SC2086  # two dpkg-deb options in one variable
dpkg-deb --root-owner-group ${DEB_COMPRESS:--Zxz -z9 -Sextreme} --build "$STAGE" "$DEB" >/dev/null
echo "$DEB"
