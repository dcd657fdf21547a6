"""Property tests for reading backups: whatever the file holds (any bytes, any ZIP with odd
members, a real backup with bytes changed), reading it gives a backup or one of the app's plain
errors, never another exception, and writes nothing outside its staging folder."""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import tempfile
import warnings
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from intake_app import backups
from intake_app.errors import IntakeError
from intake_app.paths import DB_NAME, SLOTS_NAME
from intake_app.storage.backup import MANIFEST, MEMBERS
from intake_app.storage.backup_unpack import unpack_backup
from tests.disk_conditions import plain_store

SETTINGS = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
METHODS = [zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED, zipfile.ZIP_BZIP2, zipfile.ZIP_LZMA]
ODD_NAMES = ["../centre.db", "/etc/x", "centre.db/", "CENTRE.DB", "", "a" * 300, "b\\c", "é.json"]


@pytest.fixture(scope="module")
def real_backup(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    folder = tmp_path_factory.mktemp("fuzz")
    session = plain_store(folder / "store")
    try:
        backups.backup(session, folder / "b.intake")
    finally:
        session.close()
    return (folder / "b.intake").read_bytes()


def _read(raw: bytes) -> None:
    """Read ``raw`` as a backup; only the app's own errors may come out, and nothing may be
    written except inside the staging folder."""
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        source = root / "b.intake"
        source.write_bytes(raw)
        (root / "data").mkdir()
        staging = root / "data" / ".restore-000000000000"
        with contextlib.suppress(IntakeError):
            unpack_backup(source, staging)
        outside = {
            str(p.relative_to(root)) for p in root.rglob("*") if staging not in (p, *p.parents)
        }
        assert outside == {"b.intake", "data"}
        if staging.exists():
            assert {p.name for p in staging.iterdir()} <= {DB_NAME, SLOTS_NAME}


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
            st.sampled_from([*MEMBERS, *ODD_NAMES]) | st.text(max_size=12),
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
