"""``make dist-check``: drive the frozen Linux build as a centre and a force would.

The frozen ``intake`` creates a store, adds a report and marks it ready, renders a leaflet and
exports a batch that the frozen ``intake-force`` opens; the frozen app starts on the offscreen
platform, shows the setup wizard, shows and shapes text in every supported script (Arabic typed
into the wizard included) and quits cleanly. Fails if the folder has grown over its size limit.
Prints the folder's size and start times.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

FOLDER = Path(sys.argv[1] if len(sys.argv) > 1 else "build/dist/intake").resolve()
PASSPHRASE = "violet kettle harbour seven"  # noqa: S105 - a throwaway test store
FORCE_PASSPHRASE = "blue heron quarry lantern"  # noqa: S105
MAX_MB = 180  # the Linux folder, unpacked (MiB, as du -sh counts)


def run(*args: str, env: dict[str, str] | None = None) -> str:
    done = subprocess.run(args, capture_output=True, text=True, env=env, timeout=300)
    if done.returncode != 0:
        sys.exit(f"FAILED: {' '.join(args[:4])}…\n{done.stdout}\n{done.stderr}")
    return done.stdout


def folder_bytes(folder: Path) -> int:
    """Every file counted once: symbolic links (intake and intake-force are links to
    intake-app; Qt's libraries are linked into the top folder) and hard links are not counted
    again."""
    seen: set[tuple[int, int]] = set()
    total = 0
    for path in folder.rglob("*"):
        info = path.lstat()
        if path.is_symlink() or not path.is_file() or (info.st_dev, info.st_ino) in seen:
            continue
        seen.add((info.st_dev, info.st_ino))
        total += info.st_size
    return total


def main() -> None:
    suffix = ".exe" if os.name == "nt" else ""
    intake, force, app = (
        str(FOLDER / f"{name}{suffix}") for name in ("intake", "intake-force", "intake-app")
    )
    for path in (intake, force, app):
        if not os.access(path, os.X_OK):
            sys.exit(f"FAILED: {path} is missing; run `make dist` first.")
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        (work / "pass").write_text(PASSPHRASE + "\n")
        (work / "force-pass").write_text(FORCE_PASSPHRASE + "\n")
        env = {**os.environ, "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring"}
        centre = [intake, "--data-dir", str(work / "store"), "--user", "Amina",
                  "--passphrase-file", str(work / "pass")]  # fmt: skip
        forcecmd = [
            force,
            "--home",
            str(work / "force"),
            "--passphrase-file",
            str(work / "force-pass"),
        ]
        began = time.perf_counter()
        run(intake, "--version")
        cli_start = time.perf_counter() - began
        run(
            *centre,
            "init",
            "--centre-name",
            "Riverside Advice Centre",
            "--centre-code",
            "RIVA",
            env=env,
        )
        (work / "report.json").write_text(run(*centre, "report", "template", env=env))
        reference = run(
            *centre, "report", "add", "--json", str(work / "report.json"), env=env
        ).strip()
        run(*centre, "report", "ready", reference, env=env)
        print(f"store created, report {reference} added and marked ready")
        run(*centre, "leaflet", "--report", reference, "--lang", "ur", "--bilingual",
            "-o", str(work / "leaflet.pdf"), env=env)  # fmt: skip
        leaflet = (work / "leaflet.pdf").read_bytes()
        assert leaflet.startswith(b"%PDF") and len(leaflet) > 20_000, "leaflet"
        print(f"leaflet rendered (Urdu beside English, {len(leaflet) // 1024} KB)")
        run(*forcecmd, "keygen", "--name", "Test Police", "--code", "testforce")
        run(*forcecmd, "profile", "-o", str(work / "profile.json"))
        run(*centre, "force-profile", "import", str(work / "profile.json"), "--yes", env=env)
        run(*centre, "key", "export", "-o", str(work / "RIVA.pub"), env=env)
        run(*forcecmd, "centre", "add", str(work / "RIVA.pub"), "--code", "RIVA")
        (work / "out").mkdir()
        batch = run(*centre, "export", "--out", str(work / "out"), env=env).strip()
        opened = run(*forcecmd, "open", batch)
        assert reference in opened, opened
        print("batch exported and opened by the frozen intake-force")
        began = time.perf_counter()
        shown = run(app, "--data-dir", str(work / "new"), "--self-test",
                    env={**env, "QT_QPA_PLATFORM": "offscreen"})  # fmt: skip
        app_start = time.perf_counter() - began
        assert "setup wizard is showing" in shown, shown
        assert "Text shows and shapes: Arabic, Urdu" in shown, shown
        assert "Arabic typed into the window appears" in shown, shown
        print(shown.strip())
    size = folder_bytes(FOLDER)
    if size > MAX_MB * 1048576:
        sys.exit(f"FAILED: the frozen folder is {size / 1048576:.0f} MB, over {MAX_MB} MB.")
    print(
        f"frozen folder {size / 1048576:.0f} MB; `intake --version` {cli_start:.2f} s; "
        f"app start to the setup wizard and quit {app_start:.2f} s"
    )
    print("dist-check passed")


if __name__ == "__main__":
    main()
