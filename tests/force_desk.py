"""A force's desk in the tests' own process: the force folder, its keys, and the steps
``intake-force import`` and ``receipt`` take (open, import, write the signed receipt); and a
reading of the force's database page by page, decrypted, to find what it still holds anywhere —
in rows, in free pages, in the write-ahead log."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import minisign
import pyrage
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

from intake_app.exchange.receipts import sign_receipt
from intake_app.force import db_key
from intake_app.force.identity import add_centre
from intake_app.force.opening import open_batch
from intake_app.force.store import ForceStore, ImportResult


class ForceDesk:
    def __init__(
        self, home: Path, identity: pyrage.x25519.Identity, keys: minisign.KeyPair
    ) -> None:
        self.home, self.identity, self.keys = home, identity, keys
        home.mkdir(parents=True, exist_ok=True)

    def register(self, code: str, public_key_text: str) -> None:
        pub = self.home.parent / f"{code}.pub"
        pub.write_text(public_key_text)
        add_centre(self.home, pub, code)

    def take(self, batch: Path) -> ImportResult:
        opened = open_batch(self.home, batch, self.identity)
        store = ForceStore(self.home, self.identity)
        try:
            return store.import_batch(opened)
        finally:
            store.close()

    def receipt(self, batch: Path) -> bytes:
        opened = open_batch(self.home, batch, self.identity)
        store = ForceStore(self.home, self.identity)
        try:
            return sign_receipt(store.receipt(opened, "leicestershire"), self.keys.secret_key)
        finally:
            store.close()

    def rows(self, sql: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        store = ForceStore(self.home, self.identity)
        try:
            return store.db.all(sql, params)
        finally:
            store.close()

    def document(self, report_id: str) -> dict[str, Any] | None:
        """A report as the force holds it, opened (None once erased)."""
        store = ForceStore(self.home, self.identity)
        try:
            return store.report(report_id)
        finally:
            store.close()

    def plaintext(self) -> bytes:
        """Every page of force.db and of any write-ahead log left beside it, decrypted."""
        return decrypted_pages(self.home, self.identity)


# SQLCipher 4's defaults, as the store uses them: 4,096-byte pages, each ending in a 16-byte IV
# and a 64-byte HMAC; AES-256-CBC under the raw key; the first page's first 16 bytes are the salt.
PAGE, RESERVE, IV = 4096, 80, 16
WAL_HEADER, FRAME_HEADER = 32, 24


def _decrypt_page(key: bytes, page: bytes, first: bool) -> bytes:
    start = 16 if first else 0
    iv = page[PAGE - RESERVE : PAGE - RESERVE + IV]
    decryptor = Cipher(algorithms.AES(key), modes.CBC(iv)).decryptor()
    return decryptor.update(page[start : PAGE - RESERVE]) + decryptor.finalize()


def decrypted_pages(home: Path, identity: pyrage.x25519.Identity) -> bytes:
    """Every page decrypted, followed by every report document and attachment the database
    holds, opened (they are sealed in their rows under the force's content keys)."""
    return pages_only(home, identity) + held_content(home, identity)


def held_content(home: Path, identity: pyrage.x25519.Identity) -> bytes:
    store = ForceStore(home, identity)
    try:
        documents = [store.report(r[0]) for r in store.db.all("SELECT id FROM reports")]
        files = [store.attachment(*a) for a in store.db.all("SELECT report_id, member FROM attachments")]  # fmt: skip
    finally:
        store.close()
    return b"".join(json.dumps(d).encode() for d in documents if d) + b"".join(
        f for f in files if f
    )


def pages_only(home: Path, identity: pyrage.x25519.Identity) -> bytes:
    """Every page of force.db and its write-ahead log, decrypted: the rows as SQLite keeps
    them, and whatever is left in free pages."""
    key = db_key.unseal(home, identity).key
    plain = bytearray()
    database = (home / "force.db").read_bytes()
    for offset in range(0, len(database) - PAGE + 1, PAGE):
        plain += _decrypt_page(key, database[offset : offset + PAGE], offset == 0)
    wal = home / "force.db-wal"
    if wal.exists():
        log = wal.read_bytes()
        for offset in range(WAL_HEADER, len(log) - FRAME_HEADER - PAGE + 1, FRAME_HEADER + PAGE):
            frame = log[offset + FRAME_HEADER : offset + FRAME_HEADER + PAGE]
            number = int.from_bytes(log[offset : offset + 4], "big")
            plain += _decrypt_page(key, frame, number == 1)
    return bytes(plain)


def acknowledged(session: Any, desk: ForceDesk, folder: Path, report: Any) -> str:
    """A report made ready, sent in a batch the force took in, its receipt imported: the id."""
    record = session.reports.create_draft(report)
    session.reports.mark_ready(record.id)
    folder.mkdir(parents=True, exist_ok=True)
    batch = session.exports.export(folder).path
    desk.take(batch)
    session.exports.import_receipt(desk.receipt(batch))
    return str(record.id)
