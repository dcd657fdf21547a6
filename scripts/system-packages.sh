#!/usr/bin/env bash
# Debian packages the test suite uses, so what the app makes is checked with the tools a person
# (or a force's IT team) would use: poppler-utils (pdftotext, pdffonts) for leaflets, and the
# stock age and minisign tools for batches. Installs what is missing on a Debian or Ubuntu
# machine run as root; otherwise says what to install.
set -euo pipefail
missing=()
for tool in pdftotext:poppler-utils pdffonts:poppler-utils age:age minisign:minisign; do
  command -v "${tool%%:*}" >/dev/null 2>&1 || missing+=("${tool##*:}")
done
[ ${#missing[@]} -eq 0 ] && exit 0
packages=$(printf '%s\n' "${missing[@]}" | sort -u | tr '\n' ' ')
if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $packages
else
  echo "The tests need: $packages (on Debian or Ubuntu: sudo apt-get install $packages)" >&2
  exit 1
fi
