"""Backups hold every volunteer's workspace (format version 2): a restore brings back every
volunteer's drafts and each volunteer can sign in; a version 1 backup (three members) still
restores; archives with odd workspace members are refused with nothing written."""

from __future__ import annotations

import hashlib
import io
import json
import shutil
import warnings
import zipfile
from pathlib import Path

import pytest

from intake_app.app import restoring
from intake_app.app.session import Session, unlock
from intake_app.services.workspace_admin import WorkspaceAdmin
from intake_app.storage import backup_archive_unpack as backup_unpack
from intake_app.storage import keyslots
from intake_app.storage.backup_archive import MANIFEST
from intake_app.storage.backup_archive_unpack import COMPRESSED, INVALID, TOO_LARGE, unpack_backup
from intake_app.storage.database import Database, read_db_salt
from intake_app.storage.keyslots import CENTRE, StoreCopy
from intake_app.support.errors import BackupInvalid, DiskFull, WrongCredentials
from intake_app.support.paths import DB_NAME, SLOTS_NAME
from tests.built_once import BuiltFolder, own_keyring
from tests.conftest import (
    PASSPHRASE,
    VOLUNTEER_PASSPHRASE,
    MemoryKeyring,
    full_report,
    make_store,
)
from tests.fixtures.hostile_backups.make_hostile_backups import _set_central_sizes

PRIYA_PASSPHRASE = "amber tractor willow four"
VOLUNTEERS = {"Thaddeus": VOLUNTEER_PASSPHRASE, "Priya": PRIYA_PASSPHRASE}
FIXTURES = Path(__file__).parents[1] / "fixtures"

Members = list[tuple[str, bytes]]


def _with_volunteers(session: Session, data_dir: Path) -> tuple[str, dict[str, str]]:
    """Two volunteers, each with a draft in their workspace, and a draft at the centre."""
    for name, passphrase in VOLUNTEERS.items():
        session.users.add(name, "volunteer", passphrase)
    centre_ref = session.reports.create_draft(full_report()).reference
    session.close()
    drafts = {name: _write_draft(data_dir, name) for name in VOLUNTEERS}
    return centre_ref, drafts


def _write_draft(data_dir: Path, name: str) -> str:
    with unlock(data_dir, name, VOLUNTEERS[name]) as volunteer:
        assert volunteer.in_workspace
        draft = volunteer.reports.create_draft(full_report(description=f"Written by {name}."))
        return draft.reference


def _references(data_dir: Path, name: str, passphrase: str) -> set[str]:
    with unlock(data_dir, name, passphrase) as opened:
        assert opened.db.integrity_problems() == []
        return {r.reference for r in opened.reports.list()}


def _backup(data_dir: Path, out: Path) -> None:
    with unlock(data_dir, "Amina", PASSPHRASE) as amina:
        amina.backups.backup(out)


def _members(archive_path: Path) -> Members:
    with zipfile.ZipFile(archive_path) as archive:
        return [(info.filename, archive.read(info)) for info in archive.infolist()]


def _zip(members: Members, method: int = zipfile.ZIP_STORED) -> bytes:
    out = io.BytesIO()
    with warnings.catch_warnings(), zipfile.ZipFile(out, "w") as archive:
        warnings.simplefilter("ignore")  # duplicate names are part of the tests
        for name, data in members:
            archive.writestr(zipfile.ZipInfo(name, (2026, 1, 1, 0, 0, 0)), data, method)
    return out.getvalue()


def _manifest_for(members: Members, version: int = 2) -> bytes:
    """A manifest that names every member but itself with its true hash."""
    slots = json.loads(dict(members)[SLOTS_NAME])
    hashes = {n: hashlib.sha256(d).hexdigest() for n, d in members if n != MANIFEST}
    document = {
        "format": "intake-backup",
        "version": version,
        "store_id": slots["store_id"],
        "created_at": "2026-01-01T00:00:00Z",
        "sha256": hashes,
    }
    return json.dumps(document).encode()


def _rebuilt(members: Members, version: int = 2) -> bytes:
    """The archive with its manifest made again to match exactly these members."""
    others = [(n, d) for n, d in members if n != MANIFEST]
    return _zip([(MANIFEST, _manifest_for(others, version)), *others])


def _tree(folder: Path) -> dict[str, int]:
    return {str(p.relative_to(folder)): p.stat().st_size for p in folder.rglob("*")}


# --- writing --------------------------------------------------------------------------------


def test_a_backup_holds_every_workspace_each_with_its_own_salt(
    session: Session, data_dir: Path, tmp_path: Path
) -> None:
    _with_volunteers(session, data_dir)
    out = tmp_path / "b.intake"
    _backup(data_dir, out)
    live = keyslots.load(data_dir / SLOTS_NAME)
    workspace_files = sorted(e.file for e in live.stores if e.store_id != CENTRE)
    assert len(workspace_files) == 2
    with zipfile.ZipFile(out) as archive:
        infos = archive.infolist()
        assert sorted(i.filename for i in infos) == sorted(
            [MANIFEST, SLOTS_NAME, DB_NAME, *workspace_files]
        )
        assert {i.compress_type for i in infos} == {zipfile.ZIP_STORED}
        manifest = json.loads(archive.read(MANIFEST))
        assert manifest["version"] == 2
        assert manifest["sha256"] == {
            i.filename: hashlib.sha256(archive.read(i)).hexdigest()
            for i in infos
            if i.filename != MANIFEST
        }
        carried = keyslots.parse(archive.read(SLOTS_NAME))
        for entry in carried.stores:
            copy_salt = archive.read(entry.file)[:16]
            assert entry.db_salt == copy_salt  # the copy's own salt travels in the slot file
            assert copy_salt != (data_dir / entry.file).read_bytes()[:16]
    assert b"Zenobia" not in out.read_bytes() and b"Written by" not in out.read_bytes()


def test_a_deposit_waiting_when_the_backup_starts_is_in_the_backup(
    session: Session, data_dir: Path, tmp_path: Path
) -> None:
    _with_volunteers(session, data_dir)
    amina = unlock(data_dir, "Amina", PASSPHRASE)
    with unlock(data_dir, "Thaddeus", VOLUNTEER_PASSPHRASE) as thaddeus:
        ready = thaddeus.reports.create_draft(full_report(description="Arrived meanwhile."))
        thaddeus.reports.mark_ready(ready.id)
    assert len(list((data_dir / "deposits").glob("*.deposit"))) == 1  # arrived after sign-in
    amina.backups.backup(tmp_path / "b.intake")
    amina.close()
    assert not list((data_dir / "deposits").glob("*.deposit"))
    restored = tmp_path / "elsewhere"
    restoring.restore(restored, tmp_path / "b.intake", user_name="Amina", passphrase=PASSPHRASE)
    assert ready.reference in _references(restored, "Amina", PASSPHRASE)


# --- restoring ------------------------------------------------------------------------------


def test_a_restore_brings_back_every_volunteers_drafts(
    session: Session, data_dir: Path, tmp_path: Path
) -> None:
    centre_ref, drafts = _with_volunteers(session, data_dir)
    out = tmp_path / "b.intake"
    _backup(data_dir, out)

    # More changes after the backup: a centre draft, a second draft, a new volunteer.
    with unlock(data_dir, "Amina", PASSPHRASE) as amina:
        later_centre = amina.reports.create_draft(full_report()).reference
        amina.users.add("Olu", "volunteer", "quiet river stone eleven")
    later_draft = _write_draft(data_dir, "Thaddeus")

    aside = restoring.restore(data_dir, out, user_name="Amina", passphrase=PASSPHRASE)

    assert _references(data_dir, "Amina", PASSPHRASE) == {centre_ref}
    for name, passphrase in VOLUNTEERS.items():
        assert _references(data_dir, name, passphrase) == {drafts[name]}
    with pytest.raises(WrongCredentials):  # added after the backup
        unlock(data_dir, "Olu", "quiet river stone eleven")
    # The store it replaced is whole in its replaced-… folder, workspaces and all.
    assert aside is not None
    assert sorted(p.name for p in aside.iterdir()) == [DB_NAME, SLOTS_NAME, "workspaces"]
    assert len(list((aside / "workspaces").glob("*.db"))) == 3
    previous = tmp_path / "previous"
    shutil.copytree(aside, previous)
    assert _references(previous, "Amina", PASSPHRASE) == {centre_ref, later_centre}
    assert _references(previous, "Thaddeus", VOLUNTEER_PASSPHRASE) == {
        drafts["Thaddeus"],
        later_draft,
    }


def test_the_recovery_key_proves_every_workspace(
    new_store: tuple[Session, str], data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    session, recovery = new_store
    _, drafts = _with_volunteers(session, data_dir)
    out = tmp_path / "b.intake"
    _backup(data_dir, out)
    opened: list[str] = []
    real_open = WorkspaceAdmin.open_workspace

    def counting(admin: WorkspaceAdmin, workspace_id: str) -> tuple[Database, bytes]:
        opened.append(workspace_id)
        return real_open(admin, workspace_id)

    monkeypatch.setattr(WorkspaceAdmin, "open_workspace", counting)
    restoring.restore(data_dir, out, recovery_text=recovery)
    monkeypatch.undo()
    live = keyslots.load(data_dir / SLOTS_NAME)
    assert sorted(opened) == sorted(e.store_id for e in live.stores if e.store_id != CENTRE)
    for name, passphrase in VOLUNTEERS.items():
        assert _references(data_dir, name, passphrase) == {drafts[name]}


def test_a_volunteer_can_prove_a_restore_opening_only_their_workspace(
    session: Session, data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    centre_ref, drafts = _with_volunteers(session, data_dir)
    out = tmp_path / "b.intake"
    _backup(data_dir, out)
    _write_draft(data_dir, "Priya")
    opened: list[str] = []
    monkeypatch.setattr(WorkspaceAdmin, "open_workspace", lambda _a, w: opened.append(w))
    restoring.restore(data_dir, out, user_name="Priya", passphrase=PRIYA_PASSPHRASE)
    monkeypatch.undo()
    assert opened == []  # no one else's workspace, and not the centre's store
    with unlock(data_dir, "Priya", PRIYA_PASSPHRASE) as priya:
        assert {r.reference for r in priya.reports.list()} == {drafts["Priya"]}
        assert priya.db.scalar("SELECT count(*) FROM audit_log WHERE action = 'store.restored'")
    assert _references(data_dir, "Amina", PASSPHRASE) == {centre_ref}
    assert _references(data_dir, "Thaddeus", VOLUNTEER_PASSPHRASE) == {drafts["Thaddeus"]}


# --- version 1 ------------------------------------------------------------------------------


def test_a_version_1_backup_of_the_committed_format_1_store_restores(tmp_path: Path) -> None:
    info = json.loads((FIXTURES / "store-format-1.json").read_text())
    folder = FIXTURES / "store-format-1"
    members = [(n, (folder / n).read_bytes()) for n in (SLOTS_NAME, DB_NAME)]
    out = tmp_path / "old.intake"
    out.write_bytes(_rebuilt(members, version=1))
    data_dir = tmp_path / "store"
    assert (
        restoring.restore(data_dir, out, user_name=info["user"], passphrase=info["passphrase"])
        is None
    )
    assert sorted(p.name for p in data_dir.iterdir() if not p.name.startswith(".")) == [
        DB_NAME,
        SLOTS_NAME,
        "store.lock",
    ]
    assert _references(data_dir, info["user"], info["passphrase"]) == {info["reference"]}


def _old_layout_backup(data_dir: Path, out: Path, work: Path) -> None:
    """What the previous release's ``intake backup`` wrote: three members, the slot file's
    workspace entries as they were (naming the live workspaces)."""
    work.mkdir()
    with unlock(data_dir, "Amina", PASSPHRASE) as amina:
        amina.db.backup_to(work / DB_NAME, amina.keys.db_key)
        copies = {
            CENTRE: StoreCopy(read_db_salt(work / DB_NAME), amina.keys.db_key, amina.audit.head())
        }
        for entry in amina.keys.slots.stores:
            if entry.store_id != CENTRE:
                workspace, key = amina.workspace_admin.open_workspace(entry.store_id)
                workspace.close()
                copies[entry.store_id] = StoreCopy(entry.db_salt, key, entry.head)
        slot_bytes = amina.keys.slots.copy_for_backup(copies)
    members = [(SLOTS_NAME, slot_bytes), (DB_NAME, (work / DB_NAME).read_bytes())]
    out.write_bytes(_rebuilt(members, version=1))


def test_a_version_1_backup_restores_and_leaves_the_workspaces_in_place(
    session: Session, data_dir: Path, tmp_path: Path
) -> None:
    centre_ref, drafts = _with_volunteers(session, data_dir)
    out = tmp_path / "old.intake"
    _old_layout_backup(data_dir, out, tmp_path / "work")
    assert sorted(n for n, _ in _members(out)) == sorted([MANIFEST, SLOTS_NAME, DB_NAME])
    later_draft = _write_draft(data_dir, "Thaddeus")
    with unlock(data_dir, "Amina", PASSPHRASE) as amina:
        amina.reports.create_draft(full_report())
    before = {p.name: p.read_bytes() for p in (data_dir / "workspaces").glob("*.db")}

    aside = restoring.restore(data_dir, out, user_name="Amina", passphrase=PASSPHRASE)

    assert aside is not None and not (aside / "workspaces").exists()
    assert {p.name: p.read_bytes() for p in (data_dir / "workspaces").glob("*.db")} == before
    assert _references(data_dir, "Amina", PASSPHRASE) == {centre_ref}
    # Their keys have not changed since, so each volunteer keeps what is in their workspace.
    assert _references(data_dir, "Thaddeus", VOLUNTEER_PASSPHRASE) == {
        drafts["Thaddeus"],
        later_draft,
    }
    assert _references(data_dir, "Priya", PRIYA_PASSPHRASE) == {drafts["Priya"]}


# --- hostile archives -----------------------------------------------------------------------


@pytest.fixture(scope="module")
def built_real(tmp_path_factory: pytest.TempPathFactory) -> tuple[Members, BuiltFolder]:
    """Built once: a store with two volunteers' workspaces and its version 2 backup."""
    root = tmp_path_factory.mktemp("real")
    with own_keyring() as backend:
        session, _ = make_store(root / "store")
        _with_volunteers(session, root / "store")
        _backup(root / "store", root / "real.intake")
    return _members(root / "real.intake"), BuiltFolder(root / "store", dict(backend.items))


@pytest.fixture
def real(
    built_real: tuple[Members, BuiltFolder], data_dir: Path, memory_keyring: MemoryKeyring
) -> tuple[Members, Path]:
    """A real version 2 backup's members (two workspaces), and (a copy of) the data folder it
    came from."""
    members, store = built_real
    return members, store.copy_to(data_dir, memory_keyring)


def _refused(data_dir: Path, raw: bytes, tmp_path: Path) -> str:
    """Restore ``raw``: it must be refused with nothing in the data folder changed."""
    source = tmp_path / "hostile.intake"
    source.write_bytes(raw)
    before = _tree(data_dir)
    with pytest.raises(BackupInvalid) as caught:
        restoring.restore(data_dir, source, user_name="Amina", passphrase=PASSPHRASE)
    assert _tree(data_dir) == before
    return str(caught.value)


def _workspace_names(members: Members) -> list[str]:
    return [n for n, _ in members if n.startswith("workspaces/")]


def test_the_real_backup_restores(real: tuple[Members, Path], tmp_path: Path) -> None:
    members, _ = real
    staging = tmp_path / "staging"
    unpacked = unpack_backup(_write(tmp_path, _rebuilt(members)), staging)
    assert unpacked.version == 2 and len(unpacked.workspace_ids) == 2
    assert sorted(str(p.relative_to(staging)) for p in staging.rglob("*")) == sorted(
        [DB_NAME, SLOTS_NAME, "workspaces", *_workspace_names(members)]
    )


def _write(tmp_path: Path, raw: bytes) -> Path:
    path = tmp_path / "archive.intake"
    path.write_bytes(raw)
    return path


@pytest.mark.parametrize(
    "name",
    [
        "workspaces/../centre.db",
        "workspaces/../../escape.db",
        "../workspaces/" + "a" * 32 + ".db",
        "workspaces/" + "A" * 32 + ".db",  # capitals
        "workspaces/" + "a" * 31 + ".db",
        "workspaces/" + "a" * 32 + ".db/",
        "workspaces//" + "a" * 32 + ".db",
        "workspaces/" + "a" * 32 + ".db-wal",
        "workspaces/",
        "deposits/" + "a" * 32 + ".deposit",
        "store.lock",
    ],
)
def test_an_unknown_member_name_is_refused(
    real: tuple[Members, Path], tmp_path: Path, name: str
) -> None:
    members, data_dir = real
    assert _refused(data_dir, _rebuilt([*members, (name, b"x" * 64)]), tmp_path) == INVALID


def test_a_duplicated_workspace_member_is_refused(
    real: tuple[Members, Path], tmp_path: Path
) -> None:
    members, data_dir = real
    first = next(m for m in members if m[0].startswith("workspaces/"))
    raw = _zip([*members, first])
    assert _refused(data_dir, raw, tmp_path) == INVALID


def test_a_workspace_the_slot_file_does_not_list_is_refused(
    real: tuple[Members, Path], tmp_path: Path
) -> None:
    members, data_dir = real
    _, data = next(m for m in members if m[0].startswith("workspaces/"))
    stranger = ("workspaces/" + "e" * 32 + ".db", data)  # named in the manifest, with its hash
    assert _refused(data_dir, _rebuilt([*members, stranger]), tmp_path) == INVALID


def test_a_workspace_the_slot_file_lists_must_be_there(
    real: tuple[Members, Path], tmp_path: Path
) -> None:
    members, data_dir = real
    dropped = _workspace_names(members)[0]
    raw = _rebuilt([m for m in members if m[0] != dropped])  # manifest made to match
    assert _refused(data_dir, raw, tmp_path) == INVALID


def test_a_workspace_the_manifest_does_not_name_is_refused(
    real: tuple[Members, Path], tmp_path: Path
) -> None:
    members, data_dir = real
    manifest = json.loads(dict(members)[MANIFEST])
    del manifest["sha256"][_workspace_names(members)[0]]
    raw = _zip([(MANIFEST, json.dumps(manifest).encode()), *members[1:]])
    assert _refused(data_dir, raw, tmp_path) == INVALID


def test_a_workspace_whose_bytes_changed_is_refused(
    real: tuple[Members, Path], tmp_path: Path
) -> None:
    members, data_dir = real
    changed = []
    for name, data in members:
        if name == _workspace_names(members)[0]:
            data = data[:-1] + bytes([data[-1] ^ 1])
        changed.append((name, data))
    assert _refused(data_dir, _zip(changed), tmp_path) == INVALID


def test_a_version_1_manifest_with_workspaces_is_refused(
    real: tuple[Members, Path], tmp_path: Path
) -> None:
    members, data_dir = real
    assert _refused(data_dir, _rebuilt(members, version=1), tmp_path) == INVALID


def test_a_compressed_workspace_is_refused(real: tuple[Members, Path], tmp_path: Path) -> None:
    members, data_dir = real
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, data in members:
            method = zipfile.ZIP_DEFLATED if name.startswith("workspaces/") else zipfile.ZIP_STORED
            archive.writestr(zipfile.ZipInfo(name, (2026, 1, 1, 0, 0, 0)), data, method)
    assert _refused(data_dir, out.getvalue(), tmp_path) == COMPRESSED


def test_more_than_a_thousand_workspaces_are_refused(
    real: tuple[Members, Path], tmp_path: Path
) -> None:
    members, data_dir = real
    many = [(f"workspaces/{i:032x}.db", b"") for i in range(1001)]
    assert _refused(data_dir, _rebuilt([*members[:3], *many]), tmp_path) == INVALID


def test_databases_together_over_a_stores_limit_are_refused(
    real: tuple[Members, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    members, data_dir = real
    centre_size = len(dict(members)[DB_NAME])
    monkeypatch.setattr(backup_unpack, "DATABASES_LIMIT", centre_size + 10)
    assert _refused(data_dir, _rebuilt(members), tmp_path) == TOO_LARGE


def test_a_workspace_whose_size_lies_writes_no_more_than_it_declared(
    real: tuple[Members, Path], tmp_path: Path
) -> None:
    members, _ = real
    name = _workspace_names(members)[0]
    declared = len(dict(members)[name]) // 2
    lying = _set_central_sizes(_rebuilt(members), name, declared, declared)
    staging = tmp_path / "staging"
    with pytest.raises(BackupInvalid, match="damaged or altered"):
        unpack_backup(_write(tmp_path, lying), staging)
    written = staging / name
    assert not written.exists() or written.stat().st_size <= declared


def test_the_room_needed_counts_every_workspace(
    real: tuple[Members, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    members, data_dir = real
    total = sum(len(d) for n, d in members if n != MANIFEST)
    # Room for the centre's store and the slot file, but not for the workspaces as well.
    free = total - len(dict(members)[_workspace_names(members)[0]]) + backup_unpack.SPACE_MARGIN
    usage = shutil.disk_usage(tmp_path)._replace(free=free)
    monkeypatch.setattr(backup_unpack.shutil, "disk_usage", lambda _: usage)
    source = _write(tmp_path, _rebuilt(members))
    before = _tree(data_dir)
    with pytest.raises(DiskFull, match="not enough free space"):
        restoring.restore(data_dir, source, user_name="Amina", passphrase=PASSPHRASE)
    assert _tree(data_dir) == before
