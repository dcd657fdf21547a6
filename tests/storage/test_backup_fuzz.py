"""Property tests for reading backups: whatever the file holds (any bytes, any ZIP with odd
members, a real backup with bytes changed, a real version 2 backup with workspace members
dropped, added, doubled or renamed), reading it gives a backup or one of the app's plain errors,
never another exception, and writes nothing outside its staging folder."""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import re
import tempfile
import warnings
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from intake_app.app.session import unlock
from intake_app.storage.backup_archive import MANIFEST, MEMBERS
from intake_app.storage.backup_archive_unpack import unpack_backup
from intake_app.support.errors import IntakeError
from intake_app.support.paths import DB_NAME, SLOTS_NAME
from tests.conftest import PASSPHRASE, VOLUNTEER_PASSPHRASE, full_report
from tests.disk_conditions import plain_store

SETTINGS = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
METHODS = [zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED, zipfile.ZIP_BZIP2, zipfile.ZIP_LZMA]
ODD_NAMES = ["../centre.db", "/etc/x", "centre.db/", "CENTRE.DB", "", "a" * 300, "b\\c", "é.json"]
WORKSPACE = "workspaces/" + "ab" * 16 + ".db"
ODD_WORKSPACE_NAMES = [
    WORKSPACE,
    "workspaces/" + "AB" * 16 + ".db",
    "workspaces/../" + "ab" * 16 + ".db",
    "workspaces/" + "ab" * 16 + ".db/",
    "workspaces/" + "ab" * 15 + ".db",
    "workspaces\\" + "ab" * 16 + ".db",
    "workspaces/",
    "workspaces/.db",
]
STAGED = re.compile(r"centre\.db|keyslots\.json|workspaces|workspaces/[0-9a-f]{32}\.db")


@pytest.fixture(scope="module")
def real_backup(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    """A real version 2 backup: the centre's store and one volunteer's workspace."""
    folder = tmp_path_factory.mktemp("fuzz")
    data_dir = folder / "store"
    with plain_store(data_dir) as session:
        session.users.add("Thaddeus", "volunteer", VOLUNTEER_PASSPHRASE)
    with unlock(data_dir, "Thaddeus", VOLUNTEER_PASSPHRASE) as thaddeus:
        thaddeus.reports.create_draft(full_report())
    with unlock(data_dir, "Amina", PASSPHRASE) as amina:
        amina.backups.backup(folder / "b.intake")
    return (folder / "b.intake").read_bytes()


def _read(raw: bytes) -> bool:
    """Read ``raw`` as a backup; only the app's own errors may come out, and nothing may be
    written except inside the staging folder. True if it was unpacked."""
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        source = root / "b.intake"
        source.write_bytes(raw)
        (root / "data").mkdir()
        staging = root / "data" / ".restore-000000000000"
        unpacked = False
        with contextlib.suppress(IntakeError):
            unpack_backup(source, staging)
            unpacked = True
        outside = {
            str(p.relative_to(root)) for p in root.rglob("*") if staging not in (p, *p.parents)
        }
        assert outside == {"b.intake", "data"}
        if staging.exists():
            for path in staging.rglob("*"):
                assert STAGED.fullmatch(path.relative_to(staging).as_posix()), path
        return unpacked


def _zip(members: list[tuple[str, bytes, int]]) -> bytes:
    out = io.BytesIO()
    with warnings.catch_warnings(), zipfile.ZipFile(out, "w") as archive:
        warnings.simplefilter("ignore")  # duplicate names are part of the test
        for name, data, method in members:
            archive.writestr(zipfile.ZipInfo(name or "x", (2026, 1, 1, 0, 0, 0)), data, method)
    return out.getvalue()


def _manifest(slots: bytes, db: bytes, **changes: object) -> bytes:
    document: dict[str, object] = {
        "format": "intake-backup",
        "version": 1,
        "store_id": "0" * 32,
        "created_at": "2026-01-01T00:00:00Z",
        "sha256": {
            SLOTS_NAME: hashlib.sha256(slots).hexdigest(),
            DB_NAME: hashlib.sha256(db).hexdigest(),
        },
    }
    document.update(changes)
    return json.dumps(document).encode()


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner),
    max_leaves=12,
)


@SETTINGS
@given(st.binary(max_size=4096))
@example(b"PK\x05\x06" + b"\x00" * 18)  # an empty archive
@example(b"PK\x03\x04" + b"\xff" * 60)
def test_any_bytes_give_a_plain_error(raw: bytes) -> None:
    _read(raw)


@SETTINGS
@given(
    st.lists(
        st.tuples(
            st.sampled_from([*MEMBERS, *ODD_NAMES, *ODD_WORKSPACE_NAMES]) | st.text(max_size=12),
            st.binary(max_size=600),
            st.sampled_from(METHODS),
        ),
        max_size=5,
    )
)
def test_any_zip_of_odd_members_gives_a_plain_error(members: list[tuple[str, bytes, int]]) -> None:
    _read(_zip(members))


@SETTINGS
@given(
    slots=st.binary(max_size=300) | json_values.map(lambda v: json.dumps(v).encode()),
    db=st.binary(max_size=2000),
    changes=st.dictionaries(
        st.sampled_from(["format", "version", "store_id", "sha256", "created_at"]), json_values
    ),
    methods=st.lists(st.sampled_from(METHODS), min_size=3, max_size=3),
)
@example(slots=b"{}", db=b"", changes={"sha256": [[[[]]]]}, methods=[zipfile.ZIP_STORED] * 3)
def test_a_well_formed_archive_with_odd_contents_gives_a_plain_error(
    slots: bytes, db: bytes, changes: dict[str, object], methods: list[int]
) -> None:
    manifest = _manifest(slots, db, **changes)
    contents = [manifest, slots, db]
    _read(_zip([(n, c, m) for n, c, m in zip(MEMBERS, contents, methods, strict=True)]))


def test_a_deeply_nested_manifest_gives_a_plain_error() -> None:
    deep = b"[" * 20_000 + b"]" * 20_000  # within the 64 KiB limit
    _read(_zip([(MANIFEST, deep, zipfile.ZIP_STORED), (SLOTS_NAME, b"{}", 0), (DB_NAME, b"", 0)]))


@SETTINGS
@given(data=st.data())
def test_a_real_backup_with_bytes_changed_gives_a_plain_error(
    real_backup: bytes, data: st.DataObject
) -> None:
    raw = bytearray(real_backup)
    for _ in range(data.draw(st.integers(1, 4))):
        at = data.draw(st.integers(0, len(raw) - 1))
        raw[at] = data.draw(st.integers(0, 255))
    cut = data.draw(st.integers(len(raw) // 2, len(raw)))
    _read(bytes(raw[:cut]))


def _real_members(raw: bytes) -> list[tuple[str, bytes]]:
    with zipfile.ZipFile(io.BytesIO(raw)) as archive:
        return [(info.filename, archive.read(info)) for info in archive.infolist()]


def _remanifest(
    members: list[tuple[str, bytes]], original: bytes, version: int
) -> list[tuple[str, bytes]]:
    """The members with every one named ``backup.json`` replaced by the original manifest, made
    again to name each of the others with its hash."""
    manifest = json.loads(original)
    manifest["version"] = version
    manifest["sha256"] = {n: hashlib.sha256(d).hexdigest() for n, d in members if n != MANIFEST}
    encoded = json.dumps(manifest).encode()
    return [(n, encoded if n == MANIFEST else d) for n, d in members]


@SETTINGS
@given(
    data=st.data(),
    changes=st.lists(st.sampled_from(["drop", "double", "rename", "add"]), min_size=1, max_size=3),
    remanifest=st.sampled_from([None, 1, 2]),
)
def test_a_real_version_2_backup_with_members_changed_is_refused(
    real_backup: bytes, data: st.DataObject, changes: list[str], remanifest: int | None
) -> None:
    members = _real_members(real_backup)
    original = dict(members)[MANIFEST]
    names = [n for n, _ in members]
    assert sum(n.startswith("workspaces/") for n in names) == 1
    for change in changes:
        if not members:
            break
        at = data.draw(st.integers(0, len(members) - 1))
        if change == "drop":
            members.pop(at)
        elif change == "double":
            members.append(members[at])
        elif change == "rename":
            name = data.draw(st.sampled_from([*MEMBERS, *ODD_WORKSPACE_NAMES]))
            members[at] = (name, members[at][1])
        else:
            name = data.draw(st.sampled_from(ODD_WORKSPACE_NAMES) | st.just(WORKSPACE))
            members.append((name, data.draw(st.binary(max_size=300))))
    if remanifest is not None and MANIFEST in dict(members):
        members = _remanifest(members, original, remanifest)
    unpacked = _read(_zip([(n, d, zipfile.ZIP_STORED) for n, d in members]))
    now = sorted(n for n, _ in members)
    # Without its workspaces and with a version 1 manifest it is what the previous release
    # wrote (whose slot file listed workspaces it did not hold): that is read, as before.
    old_layout = remanifest == 1 and now == sorted(MEMBERS)
    if now != sorted(names) and not old_layout:
        assert not unpacked


@SETTINGS
@given(
    slots=st.booleans(),
    workspaces=st.lists(
        st.tuples(st.sampled_from(ODD_WORKSPACE_NAMES), st.binary(max_size=300)), max_size=3
    ),
    db=st.binary(max_size=2000),
    changes=st.dictionaries(st.sampled_from(["format", "version", "store_id"]), json_values),
)
def test_a_version_2_archive_with_odd_workspaces_gives_a_plain_error(
    real_backup: bytes,
    slots: bool,
    workspaces: list[tuple[str, bytes]],
    db: bytes,
    changes: dict[str, object],
) -> None:
    real = dict(_real_members(real_backup))
    slot_bytes = real[SLOTS_NAME] if slots else b"{}"
    members = [(SLOTS_NAME, slot_bytes), (DB_NAME, db), *workspaces]
    document = json.loads(_manifest(slot_bytes, db, version=2))
    document["store_id"] = json.loads(real[MANIFEST])["store_id"]
    document["sha256"] = {n: hashlib.sha256(d).hexdigest() for n, d in members}
    document.update(changes)
    archive = [(MANIFEST, json.dumps(document).encode()), *members]
    _read(_zip([(n, d, zipfile.ZIP_STORED) for n, d in archive]))
