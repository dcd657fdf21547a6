#!/bin/sh
# Build Intake.app and a DMG on macOS (run from the project folder, with Xcode's command-line
# tools): sh packaging/macos/make_dmg.sh  ->  dist/Intake-VERSION.dmg
set -eu
version=$(python3 -c 'import re; print(re.search(r"__version__ = \"(.+?)\"", open("intake_app/__init__.py").read()).group(1))')
# The icon: macOS wants an .icns, made from the PNGs with iconutil.
iconset=build/intake-app.iconset
rm -rf "$iconset" && mkdir -p "$iconset"
for size in 16 32 128 256 512; do
    cp "packaging/icons/intake-app-$size.png" "$iconset/icon_${size}x${size}.png"
done
for size in 16 128 256; do
    cp "packaging/icons/intake-app-$((size * 2)).png" "$iconset/icon_${size}x${size}@2x.png" 2>/dev/null || true
done
iconutil -c icns "$iconset" -o packaging/icons/intake-app.icns
python3 -m venv .venv && .venv/bin/pip install -q -e '.[dist]'
.venv/bin/pyinstaller --noconfirm --distpath build/dist --workpath build/work packaging/pyinstaller/intake.spec
# Sign and notarise here if the centre's network has a Developer ID:
#   codesign --deep --options runtime --sign "Developer ID Application: …" build/dist/Intake.app
mkdir -p dist
hdiutil create -volname Intake -srcfolder build/dist/Intake.app -ov -format UDZO "dist/Intake-$version.dmg"
echo "dist/Intake-$version.dmg"
