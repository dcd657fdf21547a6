"""The whole hand-off through both command lines: centre exports, force opens, imports, writes a
receipt; the centre imports it. Tampered batches and receipts are refused, writing nothing."""

from __future__ import annotations

import contextlib
import io
import json
from collections.abc import Callable
from pathlib import Path

import pytest

from intake_app.cli.force_main import main as force_main
from intake_app.cli.main import main as intake_main
from intake_app.domain.report_template import example_report
from tests.built_once import BuiltFolder, own_keyring
from tests.conftest import PASSPHRASE, MemoryKeyring
from tests.light_kdf import light_kdf_context

FORCE_PASSPHRASE = "blue heron quarry lantern"


class World:
    """A centre and a force that know each other, with four ready reports at the centre."""

    def __init__(self, root: Path, capture: pytest.CaptureFixture[str] | None = None) -> None:
        self.root, self.capture = root, capture
        self.refs: list[str] = []

    def _run(self, command: Callable[[list[str]], int], args: list[str]) -> tuple[int, str, str]:
        if self.capture is not None:
            code = command(args)
            out, err = self.capture.readouterr()
            return code, out, err
        out_buffer, err_buffer = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out_buffer), contextlib.redirect_stderr(err_buffer):
            code = command(args)
        return code, out_buffer.getvalue(), err_buffer.getvalue()

    def centre(self, *args: str) -> tuple[int, str, str]:
        return self._run(intake_main, ["--data-dir", str(self.root / "centre"), "--user", "Amina",
                                       "--passphrase-file", str(self.root / "centre.pass"), *args])  # fmt: skip

    def force(self, *args: str) -> tuple[int, str, str]:
        return self._run(force_main, ["--home", str(self.root / "force"),
                                      "--passphrase-file", str(self.root / "force.pass"), *args])  # fmt: skip

    def build(self) -> None:
        root, centre, force = self.root, self.centre, self.force
        (root / "centre.pass").write_text(PASSPHRASE + "\n")
        (root / "force.pass").write_text(FORCE_PASSPHRASE + "\n")
        init = ("init", "--centre-name", "Riverside Advice Centre", "--centre-code", "RIVA")
        assert centre(*init)[0] == 0
        assert (
            force("keygen", "--name", "Leicestershire Police", "--code", "leicestershire")[0] == 0
        )
        _code, out, _ = force("profile", "-o", str(root / "profile.json"))
        fingerprint = out.strip().splitlines()[-1].strip()
        assert (
            centre("profile", "import", str(root / "profile.json"), "--fingerprint", fingerprint)[0]
            == 0
        )
        assert centre("centre-key", "-o", str(root / "RIVA.pub"))[0] == 0
        assert force("centre", "add", str(root / "RIVA.pub"), "--code", "RIVA")[0] == 0
        report = example_report().to_dict()
        (root / "r.json").write_text(json.dumps(report))
        self.refs = [
            centre("report", "add", "--json", str(root / "r.json"), "--ready")[1].strip()
            for _ in range(3)
        ]
        report["consent"] = "monitoring_only"
        (root / "m.json").write_text(json.dumps(report))
        self.refs.append(
            centre("report", "add", "--json", str(root / "m.json"), "--ready")[1].strip()
        )


@pytest.fixture(scope="module")
def built_world(tmp_path_factory: pytest.TempPathFactory) -> tuple[BuiltFolder, list[str]]:
    """Built once: about a dozen command-line calls. Each test works on its own copy."""
    world = World(tmp_path_factory.mktemp("handoff"))
    with own_keyring() as backend, light_kdf_context():
        world.build()
    return BuiltFolder(world.root, dict(backend.items)), world.refs


@pytest.fixture
def world(  # type: ignore[no-untyped-def]
    built_world: tuple[BuiltFolder, list[str]],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    memory_keyring: MemoryKeyring,
    light_kdf: None,
):
    built, refs = built_world
    world = World(built.copy_to(tmp_path, memory_keyring), capsys)
    return world.centre, world.force, tmp_path, list(refs)


def test_export_import_receipt_round_trip(world) -> None:  # type: ignore[no-untyped-def]
    centre, force, tmp_path, refs = world
    outbox = tmp_path / "usb"
    outbox.mkdir()
    code, out, err = centre("export", "--out", str(outbox))
    assert code == 0, err
    batch = Path(out.strip())
    assert batch == outbox / "RIVA-batch-00001.intake"
    code, out, err = force("open", str(batch))
    assert code == 0, err
    assert "3 reports" in out and "signature good" in out
    assert force("import", str(batch))[0] == 0
    code, _, err = force("import", str(batch))
    assert code == 0 and "imported before" in err  # idempotent
    receipt = tmp_path / "receipt"
    assert force("receipt", str(batch), "-o", str(receipt))[0] == 0
    code, out, err = centre("receipt", "import", str(receipt))
    assert code == 0, err
    assert "3 reports acknowledged" in out
    _, listing, _ = centre("report", "list", "--json")
    statuses = {r["reference"]: r["status"] for r in json.loads(listing)}
    assert [statuses[r] for r in refs] == ["acknowledged"] * 3 + ["ready"]
    code, _, err = centre("receipt", "import", str(receipt))
    assert code == 1 and "imported before" in err


@pytest.mark.parametrize("damage", ["flip", "truncate"])
def test_damaged_batch_is_refused_and_nothing_written(world, damage: str) -> None:  # type: ignore[no-untyped-def]
    centre, force, tmp_path, _ = world
    outbox = tmp_path / "usb"
    outbox.mkdir()
    centre("export", "-o", str(outbox))
    batch = outbox / "RIVA-batch-00001.intake"
    raw = bytearray(batch.read_bytes())
    if damage == "flip":
        raw[len(raw) // 2] ^= 0x01
    else:
        raw = raw[: len(raw) - 100]
    batch.write_bytes(bytes(raw))
    code, _, err = force("import", str(batch))
    assert code == 1 and "signature does not match" in err  # the signature covers every byte
    assert not (tmp_path / "force" / "force.db").exists() or _count_reports(tmp_path) == 0


def test_batch_from_an_unregistered_centre_is_refused(world) -> None:  # type: ignore[no-untyped-def]
    centre, force, tmp_path, _ = world
    (tmp_path / "force" / "centres" / "RIVA.pub").unlink()
    outbox = tmp_path / "usb"
    outbox.mkdir()
    centre("export", "-o", str(outbox))
    code, _, err = force("open", str(outbox / "RIVA-batch-00001.intake"))
    assert code == 1 and "not registered" in err


def test_forged_receipt_is_refused(world) -> None:  # type: ignore[no-untyped-def]
    centre, force, tmp_path, refs = world
    outbox = tmp_path / "usb"
    outbox.mkdir()
    centre("export", "-o", str(outbox))
    batch = outbox / "RIVA-batch-00001.intake"
    force("import", str(batch))
    receipt = tmp_path / "receipt"
    force("receipt", str(batch), "-o", str(receipt))
    receipt.write_bytes(receipt.read_bytes().replace(b'"accepted"', b'"rejected"', 1))
    code, _, err = centre("receipt", "import", str(receipt))
    assert code == 1 and "signature does not match" in err
    _, listing, _ = centre("report", "list", "--json")
    assert {r["status"] for r in json.loads(listing) if r["reference"] in refs[:3]} == {"exported"}


def test_wrong_fingerprint_stops_the_profile_import(world) -> None:  # type: ignore[no-untyped-def]
    centre, _, tmp_path, _ = world
    code, _, err = centre(
        "profile", "import", str(tmp_path / "profile.json"), "--fingerprint", "0000 1111"
    )
    assert code == 1 and "does not match" in err


def _count_reports(tmp_path: Path) -> int:
    from intake_app.force.identity import secrets_for
    from intake_app.force.store import ForceStore

    home = tmp_path / "force"
    store = ForceStore(home, secrets_for(home, FORCE_PASSPHRASE)[0])
    try:
        return int(store.db.scalar("SELECT count(*) FROM reports"))
    finally:
        store.close()


def test_a_lost_batch_is_written_again_and_imported_once(world) -> None:  # type: ignore[no-untyped-def]
    centre, force, tmp_path, _ = world
    first, second = tmp_path / "usb1", tmp_path / "usb2"
    first.mkdir()
    second.mkdir()
    centre("export", "-o", str(first))
    code, out, err = centre("export", "--rewrite", "1", "-o", str(second))
    assert code == 0, err
    copy = second / "RIVA-batch-00001.intake"
    assert force("import", str(copy))[0] == 0
    code, _, err = force("import", str(first / "RIVA-batch-00001.intake"))
    assert code == 0 and "imported before" in err  # the same batch id: not stored twice
    force("receipt", str(copy), "-o", str(tmp_path / "receipt"))
    code, out, err = centre("receipt", "import", str(tmp_path / "receipt"))
    assert code == 0 and "3 reports acknowledged" in out, err


def test_the_force_folder_holds_no_report_text_after_import(world) -> None:  # type: ignore[no-untyped-def]
    from intake_app.force.identity import secrets_for
    from intake_app.force.store import ForceStore
    from tests.force_store_helpers import files_holding

    centre, force, tmp_path, refs = world
    outbox = tmp_path / "usb"
    outbox.mkdir()
    centre("export", "-o", str(outbox))
    assert force("import", str(outbox / "RIVA-batch-00001.intake"))[0] == 0
    home = tmp_path / "force"
    store = ForceStore(home, secrets_for(home, FORCE_PASSPHRASE)[0])
    stored = "".join(row[0] for row in store.db.all("SELECT data FROM reports"))
    store.close()
    needles = (refs[0], "two men followed me from the bus stop", "Example Witness")
    assert all(needle in stored for needle in needles)  # in the database, readable with the key
    assert files_holding(home, tuple(n.encode() for n in needles)) == []  # but not on disk
