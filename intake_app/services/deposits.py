"""Hand-over by deposit: a volunteer's ready report leaves their workspace sealed to the centre
and signed by them; a coordinator's store takes it in (docs/store.md, "Hand-over: deposits").

The volunteer's side keeps only a stub (reference, consent, when), so their key never again opens
the report. The centre's side checks who signed it before reading anything in it, refuses another
centre's deposits, and changes nothing for a deposit taken in before.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import hashlib
import json
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from intake_app.domain import reference
from intake_app.domain.report import Report
from intake_app.exchange import deposit_format
from intake_app.exchange.batch_format import AUDIT_HEAD
from intake_app.exchange.deposit_format import DepositHeader, DepositRefused
from intake_app.services.context import ServiceContext
from intake_app.services.report_numbering import WRITER_BLOCK
from intake_app.services.report_storage import COLUMN_NAMES, columns, index
from intake_app.services.report_transfer import delete_report
from intake_app.services.store_keys import StoreKeys
from intake_app.statistics.entries import record_entries
from intake_app.storage import key_bundle
from intake_app.support.atomic_files import atomic_write, ensure_private_dir
from intake_app.support.errors import IntakeError, NotAllowed
from intake_app.support.i18n import _, ngettext

FOLDER = "deposits"
PAYLOAD_FORMAT = "intake-deposit-payload"
_TABLES = ("reports", "attachments")  # strands and the search entry are made again
_NOT_CARRIED = frozenset({"search_rowid"})


@dataclass
class TakeIn:
    taken_in: list[str] = field(default_factory=list)  # references
    already: int = 0
    refused: list[tuple[str, str]] = field(default_factory=list)  # (file name, reason)

    def summary(self) -> str:
        """For the status bar: how many reports were taken in, how many deposits refused."""
        taken, refused = len(self.taken_in), len(self.refused)
        if taken and refused:
            # Translators: {taken} is "3 reports taken in from volunteers" and {refused} is
            # "1 deposit refused" (each translated on its own).
            return _("{taken}; {refused}.").format(
                taken=ngettext(
                    "{count} report taken in from volunteers",
                    "{count} reports taken in from volunteers",
                    taken,
                ).format(count=taken),
                refused=ngettext(
                    "{count} deposit refused", "{count} deposits refused", refused
                ).format(count=refused),
            )
        if taken:
            return ngettext(
                "{count} report taken in from volunteers.",
                "{count} reports taken in from volunteers.",
                taken,
            ).format(count=taken)
        if refused:
            return ngettext(
                "{count} deposit refused.", "{count} deposits refused.", refused
            ).format(count=refused)
        return ""


def _rows(db: Any, table: str, key: str, report_id: str) -> list[dict[str, Any]]:
    names = [str(r[1]) for r in db.all(f"PRAGMA table_info({table})")]  # fixed table names
    rows = db.all(f"SELECT * FROM {table} WHERE {key} = ?", (report_id,))  # noqa: S608
    found = []
    for row in rows:
        item = {k: v for k, v in zip(names, row, strict=True) if k not in _NOT_CARRIED}
        if isinstance(item.get("content"), bytes):
            item["content"] = base64.b64encode(item["content"]).decode("ascii")
        found.append(item)
    return found


class Deposits:
    """Given the keys: a hand-over is signed with the volunteer's own bundle, and the store's
    audit head is recorded after deposits are taken in."""

    def __init__(self, context: ServiceContext, keys: StoreKeys) -> None:
        self.context = context
        self.keys = keys
        self.db = context.db
        self.folder = keys.data_dir / FOLDER

    # --- the volunteer's side ----------------------------------------------------------------

    def hand_over(self, report_id: str) -> Path:
        """Seal a ready report to the centre, sign it, write it, then keep only a stub."""
        context, bundle = self.context, self.keys.bundle
        if not context.in_workspace or bundle is None:
            raise NotAllowed(_("Only a volunteer's workspace hands reports over by deposit."))
        centre_recipient = self.db.scalar(
            "SELECT value FROM store_meta WHERE key = 'centre_recipient'"
        )
        row = self.db.one("SELECT reference, consent FROM reports WHERE id = ?", (report_id,))
        if row is None or not centre_recipient:
            raise IntakeError(_("That report is not in your workspace."))
        payload = {
            "format": PAYLOAD_FORMAT,
            "version": 1,
            "deposit_id": report_id,
            "handed_over_at": context.now_text(),
            "reports": _rows(self.db, "reports", "id", report_id),
            "attachments": _rows(self.db, "attachments", "report_id", report_id),
            "audit_entries": self.db.scalar(
                "SELECT count(*) FROM audit_log WHERE target = ?", (report_id,)
            ),
            # The workspace log's head, under the volunteer's signature: the centre keeps it.
            "workspace_head": context.audit.head(),
        }
        ensure_private_dir(self.folder)
        path = self.folder / f"{report_id}{deposit_format.SUFFIX}"
        header = DepositHeader(self.keys.slots.store_id, context.user.id, report_id)
        deposit_format.write(path, header, payload, str(centre_recipient), bundle)
        with self.db.transaction():
            self.db.execute(
                "INSERT OR REPLACE INTO handed_over (report_id, reference, consent, "
                "handed_over_at) VALUES (?, ?, ?, ?)",
                (report_id, row[0], row[1], context.now_text()),
            )
            delete_report(self.db, report_id)
            context.audit.append(context.actor, "report.handed_over", report_id)
        return path

    def resume(self) -> int:
        """Hand over any report left ready by a hand-over that did not finish."""
        if not self.context.in_workspace:
            return 0
        ready = [str(r[0]) for r in self.db.all("SELECT id FROM reports WHERE status = 'ready'")]
        for report_id in ready:
            self.hand_over(report_id)
        return len(ready)

    def export_to(self, out_dir: Path) -> list[Path]:
        """Copy every waiting deposit to ``out_dir`` (a USB stick, for a laptop away from the
        centre), synced; the originals move to ``deposits/sent`` (still sealed, kept in case
        the stick is lost: ``--again`` copies those too)."""
        self.resume()
        ensure_private_dir(out_dir)
        copied = []
        for path in self.waiting():
            target = out_dir / path.name
            atomic_write(target, path.read_bytes())
            sent = ensure_private_dir(self.folder / "sent")
            path.replace(sent / path.name)
            copied.append(target)
        return copied

    def sent(self) -> list[Path]:
        folder = self.folder / "sent"
        return sorted(folder.glob(f"*{deposit_format.SUFFIX}")) if folder.is_dir() else []

    # --- the centre's side -------------------------------------------------------------------

    def waiting(self) -> list[Path]:
        if not self.folder.is_dir():
            return []
        return sorted(p for p in self.folder.glob(f"*{deposit_format.SUFFIX}") if p.is_file())

    def take_in_waiting(self) -> TakeIn:
        """Every deposit waiting in the data folder; refused ones are set aside, never lost."""
        result = TakeIn()
        if self.context.in_workspace or not self.context.user.is_coordinator:
            return result
        for path in self.waiting():
            try:
                taken = self.take_in(path)
            except DepositRefused as exc:
                result.refused.append((path.name, str(exc)))
                self._set_aside(path)
                continue
            if taken is None:
                result.already += 1
            else:
                result.taken_in.append(taken)
            with contextlib.suppress(OSError):
                path.unlink()
        if result.taken_in:
            self.keys.record_head()
        return result

    def _set_aside(self, path: Path) -> None:
        refused = ensure_private_dir(self.folder / "refused")
        with contextlib.suppress(OSError):
            shutil.move(str(path), refused / path.name)

    def take_in(self, path: Path) -> str | None:
        """Take one deposit in; returns its reference, or None if it was taken in before."""
        context = self.context
        context.require("coordinator")
        header = deposit_format.read_header(path)
        if header.store_id != self.keys.slots.store_id:
            raise DepositRefused(
                _("This deposit belongs to another centre's store, so it was not taken in.")
            )
        signer = self.db.one(
            "SELECT active, signing_public, writer, role FROM users WHERE id = ?",
            (header.user_id,),
        )
        if signer is None or not signer[1]:
            raise DepositRefused(
                _(
                    "This deposit was signed by someone this centre does not know, so it was not "
                    "taken in."
                )
            )
        if signer[3] != "volunteer":
            raise DepositRefused(
                _(
                    "This deposit was signed by an account that does not hand reports over (only "
                    "volunteers do), so it was not taken in."
                )
            )
        if not signer[0]:
            raise DepositRefused(
                _(
                    "This deposit was made by a volunteer who has since been deactivated, so it "
                    "was not taken in. Ask them what it was."
                )
            )
        bundle_text = self.db.scalar("SELECT value FROM store_meta WHERE key = 'centre_bundle'")
        centre = key_bundle.decode(str(bundle_text))
        payload = deposit_format.open_verified(path, bytes.fromhex(str(signer[1])), centre)
        if self.db.one(
            "SELECT 1 FROM deposits_received WHERE deposit_id = ?", (header.deposit_id,)
        ):
            return None
        report_row, report = _check_payload(payload, header, int(signer[2]))
        if self.db.one(
            "SELECT 1 FROM reports WHERE id = ? OR reference = ?",
            (report_row["id"], report_row["reference"]),
        ):
            raise DepositRefused(
                _(
                    "A report with this deposit's reference is already at the centre, so it was "
                    "not taken in twice."
                )
            )
        with self.db.transaction():
            for table in _TABLES:
                for item in payload[table]:
                    _insert(self.db, table, item)
            index(self.db, header.deposit_id, report)
            record_entries(self.db, header.deposit_id, report, report_row["created_at"], False)
            self.db.execute(
                "INSERT INTO deposits_received (deposit_id, user_id, report_id, received_at, "
                "workspace_head) VALUES (?, ?, ?, ?, ?)",
                (
                    header.deposit_id,
                    header.user_id,
                    header.deposit_id,
                    context.now_text(),
                    payload.get("workspace_head"),
                ),
            )
            context.audit.append(
                header.user_id, "report.handed_over", header.deposit_id, payload["handed_over_at"]
            )
            context.audit.append(context.actor, "report.taken_in", header.deposit_id)
        return str(report_row["reference"])


def _insert(db: Any, table: str, item: dict[str, Any]) -> None:
    names = {str(r[1]) for r in db.all(f"PRAGMA table_info({table})")}  # fixed table names
    columns = sorted(k for k in item if k in names and k not in _NOT_CARRIED)
    values = [item[c] for c in columns]
    if "content" in columns:
        values[columns.index("content")] = base64.b64decode(item["content"], validate=True)
    listed = ", ".join(columns)
    marks = ", ".join("?" for _column in columns)
    db.execute(f"INSERT INTO {table} ({listed}) VALUES ({marks})", values)  # noqa: S608


def _refuse() -> DepositRefused:
    return DepositRefused(
        _(
            "This deposit is signed by a volunteer of this centre, but what it holds is not a "
            "ready report this app can take in. Nothing was taken in."
        )
    )


def _check_payload(
    payload: dict[str, Any], header: DepositHeader, writer: int
) -> tuple[dict[str, Any], Report]:
    """Everything in a deposit must be the one report it names, made by its signer, ready."""
    try:
        if payload.get("format") != PAYLOAD_FORMAT or payload.get("version") != 1:
            raise _refuse()
        if payload.get("deposit_id") != header.deposit_id:
            raise _refuse()
        reports = payload["reports"]
        if not isinstance(reports, list) or len(reports) != 1:
            raise _refuse()
        row = reports[0]
        if not isinstance(row, dict) or row.get("id") != header.deposit_id:
            raise _refuse()
        if row.get("created_by") != header.user_id or row.get("status") != "ready":
            raise _refuse()
        ref = str(row.get("reference", ""))
        if not reference.is_valid(ref) or int(ref.split("-")[2]) // WRITER_BLOCK != writer:
            raise _refuse()
        if row.get("is_demo"):
            raise _refuse()
        report, _problems = Report.from_dict(json.loads(str(row["data"])))
        # The summary columns are worked out here again, never taken on trust.
        row = {**row}
        for name, value in zip(COLUMN_NAMES, columns(report), strict=True):
            row[name] = value
        payload["reports"] = [row]
        items = payload["attachments"]
        if not isinstance(items, list) or len(items) > 1000:
            raise _refuse()
        for item in items:
            if not isinstance(item, dict) or item.get("report_id") != header.deposit_id:
                raise _refuse()
        for item in payload["attachments"]:
            content = base64.b64decode(str(item["content"]), validate=True)
            if hashlib.sha256(content).hexdigest() != item.get("sha256"):
                raise _refuse()
            if item.get("added_by") != header.user_id or len(content) != item.get("size"):
                raise _refuse()
        if not isinstance(payload.get("handed_over_at"), str):
            raise _refuse()
        head = payload.get("workspace_head")
        if head is not None and not (isinstance(head, str) and AUDIT_HEAD.fullmatch(head)):
            raise _refuse()
    except DepositRefused:
        raise
    except (KeyError, TypeError, ValueError, AttributeError, RecursionError, binascii.Error):
        raise _refuse() from None
    return row, report
