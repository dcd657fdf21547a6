#!/usr/bin/env bash
# Debian packages the test suite uses, so what the app makes is checked with the tools a person
# (or a force's IT team) would use: poppler-utils (pdftotext, pdffonts) for leaflets, the stock
# age and minisign tools for batches, a real X server (xvfb), xdotool and Qt's X11 libraries to
# start the real app in a real window and type into it, and a D-Bus daemon to announce a screen
# lock the way a desktop does, and PostgreSQL's server (postgresql) for the throw-away server
# the tests of intake-force's PostgreSQL back end start (scripts/test-postgres.sh). Installs what
# is missing on a
# Debian or Ubuntu machine run as root; otherwise says what to install.
set -euo pipefail
missing=()
for tool in pdftotext:poppler-utils pdffonts:poppler-utils age:age minisign:minisign \
            Xvfb:xvfb xdotool:xdotool dbus-daemon:dbus-daemon dbus-send:dbus-bin; do
  command -v "${tool%%:*}" >/dev/null 2>&1 || missing+=("${tool##*:}")
done
# Debian keeps the server's programs (initdb, pg_ctl, postgres) off the PATH, in one folder per
# major version.
compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null || missing+=(postgresql)
if command -v dpkg >/dev/null 2>&1; then
  for library in libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-image0 libxcb-render-util0 \
                 libxcb-randr0 libxcb-shape0 libxcb-xkb1 libxkbcommon-x11-0; do
    dpkg -s "$library" >/dev/null 2>&1 || missing+=("$library")
  done
fi
[ ${#missing[@]} -eq 0 ] && exit 0
packages=$(printf '%s\n' "${missing[@]}" | sort -u | tr '\n' ' ')
if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $packages
else
  echo "The tests need: $packages (on Debian or Ubuntu: sudo apt-get install $packages)" >&2
  exit 1
fi
