"""What the frozen folder leaves out, applied by intake.spec to PyInstaller's analysis.

On every platform, modules Intake never imports. On Linux (the others name Qt's plugins
differently, and are not trimmed yet), the parts of Qt an offline Widgets app never loads: its
windows and dialogs are drawn by the CPU, charts with QPainter, leaflets printed through CUPS;
so no network or TLS, no OpenGL-only, EGL, framebuffer or VNC parts, and no GTK platform theme
(which alone brought GTK, GDK, Cairo, Pango and ATK, about 20 MB). The system libraries only
those parts loaded go with them; Qt's translations are kept only for the app's languages.
Each choice is explained beside it; packaging/README.md sums them up.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import PurePosixPath

from PyInstaller.depend.bindepend import get_imports

QT = PurePosixPath("PySide6/Qt")
PLUGINS = QT / "plugins"
BABEL_LOCALES = PurePosixPath("babel/locale-data")
CATALOGUES = PurePosixPath("resources/locale")

# Plugin folders kept, and within each the plugins kept (None: all of them). A folder not
# named here is left out whole: tls and networkinformation (network), generic (evdev and TUIO
# input for kiosks), egldeviceintegrations (full-screen EGL devices) and
# wayland-graphics-integration-client (OpenGL on Wayland; widgets draw to shared memory).
KEPT_PLUGINS: dict[str, frozenset[str] | None] = {
    # X11; Wayland (the default session of GNOME and KDE today, where X11 programs go through
    # XWayland: native Wayland keeps fractional scaling sharp and works where XWayland is off);
    # offscreen (the app's --self-test and the tests).
    "platforms": frozenset({"libqxcb.so", "libqwayland.so", "libqoffscreen.so"}),
    # The desktop portal: file dialogs and colour scheme under Flatpak and on portal desktops.
    # The GTK theme is left out: Qt's own GNOME theme is built in.
    "platformthemes": frozenset({"libqxdgdesktopportal.so"}),
    # Compose and dead keys (Polish, Romanian, Welsh accents) and IBus (Urdu, Bengali and other
    # input methods).
    "platforminputcontexts": None,
    # Attached photos are JPEG, PNG (built into Qt), GIF or WebP; SVG for the desktop's icons.
    "imageformats": frozenset({"libqjpeg.so", "libqgif.so", "libqwebp.so", "libqsvg.so"}),
    "iconengines": None,  # SVG icons from the desktop's icon theme
    "printsupport": None,  # CUPS: printing leaflets, copies and recovery sheets
    "xcbglintegrations": None,  # small; X11 picks its visuals through them
    # Wayland: the standard xdg-shell, and window title bars where the compositor draws none
    # (GNOME): Adwaita-like, or Qt's plain one.
    "wayland-shell-integration": frozenset({"libxdg-shell.so"}),
    "wayland-decoration-client": None,
}

# Qt's own catalogues (dialog buttons, the print and file dialogs) for English and the
# languages the app is being translated into; other translations are left out. Of Urdu,
# Panjabi, Gujarati, Polish, Romanian, Arabic, Bengali, Somali and Welsh, Qt has Arabic and
# Polish.
KEPT_LANGUAGES = frozenset({"en", "ur", "pa", "gu", "pl", "ro", "ar", "bn", "so", "cy"})

# Modules that come along with others but that Intake never imports (PyInstaller's excludes,
# on every platform). PIL: ReportLab imports Pillow when it starts but uses it only to put
# raster images in a PDF, and Intake's PDFs hold none; the runtime hook no_pillow.py stands in.
# (phonenumbers' unused parts are left out by hooks/hook-phonenumbers.py.) The rest are development tools, reached only from other
# modules' `if __name__ == "__main__"` blocks.
UNUSED_MODULES = [
    "PIL",
    "PySide6.QtNetwork",
    "tkinter",
    "pytest",
    "hypothesis",
    "mypy",
    "ruff",
    "IPython",
    "doctest",
    "pdb",
    "pydoc",
    "unittest",
]

TocEntry = tuple[str, str, str]


def _qt_plugin_kept(dest: PurePosixPath) -> bool:
    folder, name = dest.parent.relative_to(PLUGINS), dest.name
    if len(folder.parts) != 1 or str(folder) not in KEPT_PLUGINS:
        return False
    kept = KEPT_PLUGINS[str(folder)]
    return kept is None or name in kept


def _translation_kept(dest: PurePosixPath) -> bool:
    stem = dest.stem  # qtbase_pl, qt_help_de, qtmultimedia_ar…
    catalogue, _, language = stem.rpartition("_")
    return catalogue == "qtbase" and language in KEPT_LANGUAGES


def _locale_data_kept(dest: PurePosixPath) -> bool:
    """Babel's CLDR data (month names, plural rules) for the app's languages and the root they
    fall back to; the other thousand locales (about 30 MB) are left out."""
    language = dest.stem.split("_")[0]
    return dest.stem == "root" or language in KEPT_LANGUAGES


def _kept(dest_name: str) -> bool:
    dest = PurePosixPath(dest_name)
    if dest.is_relative_to(CATALOGUES):
        return dest.suffix == ".mo"  # the app reads the compiled catalogues; the .po sources
        # and the template are for translators (about 3 MB)
    if dest.is_relative_to(BABEL_LOCALES):
        return _locale_data_kept(dest)
    if dest.is_relative_to(PLUGINS):
        return _qt_plugin_kept(dest)
    if dest.is_relative_to(QT / "translations"):
        return _translation_kept(dest)
    return True


def _loaded_libraries(binaries: Iterable[TocEntry]) -> set[str]:
    """The names of every shared library these binaries load, directly or through others."""
    names: set[str] = set()
    for _, source, kind in binaries:
        if kind != "SYMLINK":
            names.update(PurePosixPath(name).name for name, _ in get_imports(source))
    return names


def _name(entry: TocEntry) -> str:
    return PurePosixPath(entry[0]).name


def trim_linux(
    binaries: list[TocEntry], datas: list[TocEntry]
) -> tuple[list[TocEntry], list[TocEntry]]:
    """The analysis's binaries and data files without the parts above. A shared library is
    left out only if a left-out plugin loaded it and nothing kept loads it; a symbolic link
    (PyInstaller links Qt's libraries into the top folder) goes with what it points to."""
    dropped = [entry for entry in binaries if not _kept(entry[0])]
    kept = [entry for entry in binaries if _kept(entry[0])]
    suspects = _loaded_libraries(dropped)
    needed = _loaded_libraries(entry for entry in kept if _name(entry) not in suspects)
    kept = [entry for entry in kept if _name(entry) not in suspects or _name(entry) in needed]
    datas = [entry for entry in datas if _kept(entry[0])]
    files = {entry[0] for entry in kept + datas if entry[2] != "SYMLINK"}

    def target_kept(entry: TocEntry) -> bool:
        return entry[2] != "SYMLINK" or (
            os.path.normpath(PurePosixPath(entry[0]).parent / entry[1]) in files
        )

    return [e for e in kept if target_kept(e)], [e for e in datas if target_kept(e)]
