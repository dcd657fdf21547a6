"""``intake-force`` on a PostgreSQL database (--database, or $INTAKE_FORCE_DATABASE): the
whole loop with a centre, run by an importer role and a reader role that may do only their own
work; and the plain refusals of an address that is not one, or a server that cannot be reached."""

from __future__ import annotations

import secrets
import subprocess
from pathlib import Path

import psycopg
import pytest
from psycopg import errors

from intake_app.force.identity import secrets_for
from intake_app.force.store import ForceStore
from tests.handoff_world import FORCE_PASSPHRASE
from tests.postgres_server import server_programs


def _as(address: str, role: str) -> str:
    return address.replace("postgresql://postgres@", f"postgresql://{role}@", 1)


@pytest.fixture
def roles(postgres_database: str, postgres_server: str, tmp_path: Path):  # type: ignore[no-untyped-def]
    """An importer and a reader, with logins and only their privileges."""
    suffix = secrets.token_hex(4)
    importer, reader = f"importer_{suffix}", f"reader_{suffix}"
    with psycopg.connect(postgres_server, autocommit=True) as admin:
        for role in (importer, reader):
            admin.execute(f"CREATE ROLE {role} LOGIN")
    yield importer, reader
    with psycopg.connect(postgres_database, autocommit=True) as owner:
        for role in (importer, reader):
            owner.execute(f"DROP OWNED BY {role}")
    with psycopg.connect(postgres_server, autocommit=True) as admin:
        for role in (importer, reader):
            admin.execute(f"DROP ROLE {role}")


def test_the_whole_loop_by_an_importer_and_a_reader(
    world, postgres_database, roles, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    centre, force, tmp_path, refs = world
    importer, reader = roles
    home = tmp_path / "force"
    identity = secrets_for(home, FORCE_PASSPHRASE)[0]
    code, out, err = force("--database", postgres_database, "database", "grant",
                           "--importer", importer, "--reader", reader)  # fmt: skip
    assert (code, out) == (0, "Privileges given.\n"), err

    outbox = tmp_path / "usb"
    outbox.mkdir()
    batch = Path(centre("export", "--out", str(outbox))[1].strip())
    monkeypatch.setenv("INTAKE_FORCE_DATABASE", _as(postgres_database, importer))
    code, out, err = force("import", str(batch))
    assert code == 0, err
    assert "Imported 3 new reports" in out
    assert force("receipt", str(batch), "-o", str(tmp_path / "receipt"))[0] == 0
    assert centre("receipt", "import", str(tmp_path / "receipt"))[0] == 0
    code, _, err = force("import", str(batch))
    assert code == 0 and "imported before" in err
    assert not (home / "force.db").exists()

    monkeypatch.delenv("INTAKE_FORCE_DATABASE")
    update = tmp_path / "u.updates"
    code, out, err = force("--database", _as(postgres_database, reader), "update", refs[0],
                           "--crime-reference", "LP/1/26", "--recorded-as", "crime",
                           "-o", str(update))  # fmt: skip
    assert code == 0, err
    code, _, err = centre("update", "import", str(update))
    assert code == 0, err
    dump = subprocess.run([str(server_programs() / "pg_dump"), postgres_database],
                          capture_output=True, check=True, timeout=120).stdout  # fmt: skip
    for secret in (b"LP/1/26", b"two men followed me from the bus stop", b"Example Witness"):
        assert secret not in dump and secret.hex().encode() not in dump.lower()
    assert refs[0].encode() in dump  # the reference, to find the report by

    store = ForceStore(home, identity, _as(postgres_database, reader))
    try:
        assert store.db.scalar("SELECT count(*) FROM reports") == 3
        with pytest.raises(errors.InsufficientPrivilege), store.db.transaction():
            store.db.execute("UPDATE reports SET status = 'erased'")
    finally:
        store.close()
    store = ForceStore(home, identity, _as(postgres_database, importer))
    try:
        for statement in ("DELETE FROM content_keys", "DROP TABLE reports",
                          "INSERT INTO update_files VALUES ('RIVA', 9, '', 0, '')"):  # fmt: skip
            with pytest.raises(errors.InsufficientPrivilege), store.db.transaction():
                store.db.execute(statement)
    finally:
        store.close()


def test_an_address_that_is_not_postgresql_is_refused(world) -> None:  # type: ignore[no-untyped-def]
    _centre, force, tmp_path, _refs = world
    code, out, err = force("--database", str(tmp_path / "other.db"), "update", "X",
                           "--again", "1", "--centre", "RIVA", "-o", str(tmp_path / "u"))  # fmt: skip
    assert code == 1 and out == ""
    assert "--database takes a PostgreSQL address, starting with postgresql://" in err


def test_a_server_that_cannot_be_reached_is_said_plainly_without_the_password(world) -> None:  # type: ignore[no-untyped-def]
    centre, force, tmp_path, _refs = world
    outbox = tmp_path / "usb"
    outbox.mkdir()
    batch = Path(centre("export", "--out", str(outbox))[1].strip())
    address = "postgresql://intake:hunter2-not-shown@127.0.0.1:1/force"
    code, out, err = force("--database", address, "import", str(batch))
    assert code == 1 and out == ""
    assert err.startswith("intake-force: The force's PostgreSQL database cannot be opened: ")
    assert "hunter2" not in err and len(err.splitlines()) == 1


def test_roles_need_a_postgresql_database_and_a_role(world, postgres_database) -> None:  # type: ignore[no-untyped-def]
    _centre, force, _tmp_path, _refs = world
    code, _, err = force("database", "grant", "--importer", "someone")
    assert code == 1 and "Roles are for a PostgreSQL database" in err
    code, _, err = force("--database", postgres_database, "database", "grant")
    assert code == 1 and "Name at least one role" in err


@pytest.mark.parametrize("on_postgresql", [False, True])
def test_a_new_content_key_seals_what_comes_next(world, on_postgresql, request) -> None:  # type: ignore[no-untyped-def]
    centre, force, tmp_path, _refs = world
    chosen = ["--database", request.getfixturevalue("postgres_database")] if on_postgresql else []
    outbox = tmp_path / "usb"
    outbox.mkdir()
    batch = Path(centre("export", "--out", str(outbox))[1].strip())
    code, out, err = force(*chosen, "database", "new-content-key")
    assert (code, out) == (0, "Content key 2 made: what is sealed from now on uses it.\n"), err
    assert force(*chosen, "import", str(batch))[0] == 0
    home = tmp_path / "force"
    store = ForceStore(home, secrets_for(home, FORCE_PASSPHRASE)[0], chosen[1] if chosen else None)
    try:
        sealed = [bytes(r[0]) for r in store.db.all("SELECT sealed FROM reports")]
        assert sealed and all(s[1:5] == b"\x00\x00\x00\x02" for s in sealed)
        assert all(store.report(r[0]) for r in store.db.all("SELECT id FROM reports"))
    finally:
        store.close()


@pytest.mark.parametrize("on_postgresql", [False, True])
def test_resealing_moves_what_was_sealed_before_to_the_new_key(
    world, on_postgresql, request
) -> None:  # type: ignore[no-untyped-def]
    centre, force, tmp_path, _refs = world
    chosen = ["--database", request.getfixturevalue("postgres_database")] if on_postgresql else []
    outbox = tmp_path / "usb"
    outbox.mkdir()
    batch = Path(centre("export", "--out", str(outbox))[1].strip())
    assert force(*chosen, "import", str(batch))[0] == 0
    assert force(*chosen, "database", "new-content-key")[0] == 0
    home = tmp_path / "force"
    store = ForceStore(home, secrets_for(home, FORCE_PASSPHRASE)[0], chosen[1] if chosen else None)
    try:
        reports = store.db.scalar("SELECT count(*) FROM reports WHERE sealed IS NOT NULL")
        attachments = store.db.scalar("SELECT count(*) FROM attachments")
    finally:
        store.close()
    code, out, err = force(*chosen, "database", "reseal")
    assert code == 0, err
    assert out == (
        f"Sealed again under content key 2: {reports} reports, {attachments} attachments, "
        "0 update files (0 values were already).\nContent keys removed: 1.\n"
    )
    store = ForceStore(home, secrets_for(home, FORCE_PASSPHRASE)[0], chosen[1] if chosen else None)
    try:
        sealed = [bytes(r[0]) for r in store.db.all("SELECT sealed FROM reports")]
        assert sealed and all(s[1:5] == b"\x00\x00\x00\x02" for s in sealed)
        assert all(store.report(r[0]) for r in store.db.all("SELECT id FROM reports"))
        assert store.db.all("SELECT key_id FROM content_keys") == [(2,)]
    finally:
        store.close()
    code, out, _err = force(*chosen, "database", "reseal")
    assert code == 0 and out.startswith("Sealed again under content key 2: 0 reports, 0 attach")


def test_a_role_that_may_not_change_the_schema_is_told_to_ask_the_owner(
    world, postgres_database, roles
) -> None:  # type: ignore[no-untyped-def]
    """A database of an earlier version, opened first by an importer after an upgrade."""
    from intake_app.force import schema
    from intake_app.force.postgres import PostgresDatabase

    centre, force, tmp_path, _refs = world
    importer, _reader = roles
    home = tmp_path / "force"
    owner = PostgresDatabase(postgres_database)
    schema.upgrade(owner, secrets_for(home, FORCE_PASSPHRASE)[0], upto=1)
    owner.execute(f"GRANT SELECT, INSERT, UPDATE ON ALL TABLES IN SCHEMA public TO {importer}")
    owner.close()
    outbox = tmp_path / "usb"
    outbox.mkdir()
    batch = Path(centre("export", "--out", str(outbox))[1].strip())
    code, out, err = force("--database", _as(postgres_database, importer), "import", str(batch))
    assert (code, out) == (1, "")
    assert "needs upgrading for this version of intake-force, and this database role may not" in err
    owner = PostgresDatabase(postgres_database)
    assert schema.version(owner) == 1
    owner.close()
