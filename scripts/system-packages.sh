#!/usr/bin/env bash
# Debian packages the test suite uses: poppler-utils (pdftotext, pdffonts), so leaflets are
# checked with the same tools a person would use to read them. Installs them when missing and
# this is a Debian or Ubuntu machine run as root; otherwise says what to install.
set -euo pipefail
if command -v pdftotext >/dev/null 2>&1 && command -v pdffonts >/dev/null 2>&1; then
  exit 0
fi
if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq poppler-utils
else
  echo "The tests need poppler-utils (on Debian or Ubuntu: sudo apt-get install poppler-utils)" >&2
  exit 1
fi
