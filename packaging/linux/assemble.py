"""After PyInstaller: add the desktop entry, the icons and an installer script to the frozen
folder, and pack it as dist/intake-VERSION-linux-x86_64.tar.gz (what a centre downloads)."""

from __future__ import annotations

import platform
import shutil
import sys
import tarfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent


def main() -> None:
    folder = Path(sys.argv[1] if len(sys.argv) > 1 else "build/dist/intake").resolve()
    share = folder / "share"
    (share / "applications").mkdir(parents=True, exist_ok=True)
    shutil.copy(HERE / "intake-app.desktop", share / "applications" / "intake-app.desktop")
    for png in sorted((ROOT / "packaging" / "icons").glob("intake-app-*.png")):
        size = png.stem.rsplit("-", 1)[1]
        target = share / "icons" / "hicolor" / f"{size}x{size}" / "apps"
        target.mkdir(parents=True, exist_ok=True)
        shutil.copy(png, target / "intake-app.png")
    shutil.copy(HERE / "install.sh", folder / "install.sh")
    (folder / "install.sh").chmod(0o755)
    sys.path.insert(0, str(ROOT))
    from intake_app import __version__

    out = ROOT / "dist" / f"intake-{__version__}-linux-{platform.machine()}.tar.gz"
    out.parent.mkdir(exist_ok=True)
    with tarfile.open(out, "w:gz") as archive:
        archive.add(folder, arcname=f"intake-{__version__}")
    print(f"{out.relative_to(ROOT)}: {out.stat().st_size / 1048576:.0f} MB")


if __name__ == "__main__":
    main()
