#!/bin/sh
# Install Intake for this user: the app in ~/.local/opt/intake, its commands in ~/.local/bin,
# and a menu entry with its icon. Run it from the unpacked folder: ./install.sh
# To remove: ./install.sh --remove (your reports, in your data folder, are not touched).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
prefix="${XDG_DATA_HOME:-$HOME/.local/share}"
opt="$HOME/.local/opt/intake"
bin="$HOME/.local/bin"

if [ "${1:-}" = "--remove" ]; then
    rm -rf "$opt" "$bin/intake" "$bin/intake-app" "$bin/intake-force" \
        "$prefix/applications/intake-app.desktop"
    find "$prefix/icons/hicolor" -name intake-app.png -delete 2>/dev/null || true
    echo "Intake removed. Your data folder was left as it is."
    exit 0
fi

mkdir -p "$HOME/.local/opt" "$bin" "$prefix/applications"
rm -rf "$opt"
cp -a "$here" "$opt"
for command in intake intake-app intake-force; do
    ln -sf "$opt/$command" "$bin/$command"
done
sed "s|^Exec=intake-app|Exec=$opt/intake-app|" "$here/share/applications/intake-app.desktop" \
    > "$prefix/applications/intake-app.desktop"
cp -r "$here/share/icons" "$prefix/"
command -v update-desktop-database >/dev/null 2>&1 && update-desktop-database "$prefix/applications" || true
echo "Intake installed. Open it from your applications menu, or run: $opt/intake-app"
