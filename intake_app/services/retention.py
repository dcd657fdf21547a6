"""Retention: personal data is erased once the centre no longer needs it.

Two settings (coordinators): days after the force acknowledges a report, and days after a
"monitoring only" report was taken. A purge keeps only the anonymised fields the statistics need
(strands, kinds of incident and place, month, postcode district, consent) and erases names,
contact details, free text and attachments. It runs after every unlock and with ``intake purge``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from intake_app.domain.accounts import COORDINATOR
from intake_app.services.context import ServiceContext
from intake_app.support.errors import IntakeError
from intake_app.support.i18n import _

# Erase a report's personal data: (report id, the status it gets, the audit action).
Eraser = Callable[[str, str, str], object]

DEFAULT_AFTER_ACKNOWLEDGED = 365
DEFAULT_MONITORING_ONLY = 365

# The purge runs after every unlock, so neither query may read every report. Acknowledged reports
# are found through reports_by_status (only those acknowledged and not yet purged), then their
# batch; monitoring-only ones through the partial index reports_monitoring_only (migration 0005),
# which reaches straight to those taken before the cut-off. tests/services/test_retention.py checks the
# query plans.
DUE_ACKNOWLEDGED = (
    "SELECT DISTINCT r.id FROM reports r "
    "JOIN batch_members m ON m.report_id = r.id AND m.outcome = 'accepted' "
    "JOIN batches b ON b.id = m.batch_id "
    "WHERE r.status = 'acknowledged' AND b.acknowledged_at < ?"
)
DUE_MONITORING_ONLY = (
    "SELECT id FROM reports "
    "WHERE consent = 'monitoring_only' AND status IN ('draft', 'ready') AND created_at < ?"
)


@dataclass(frozen=True)
class PurgeResult:
    acknowledged: int
    monitoring_only: int

    @property
    def total(self) -> int:
        return self.acknowledged + self.monitoring_only


class Retention:
    def __init__(self, context: ServiceContext, erase_personal_data: Eraser) -> None:
        self.context = context
        self.db = context.db
        self.erase_personal_data = erase_personal_data

    def _days(self, key: str, default: int) -> int:
        value = self.db.scalar("SELECT value FROM store_meta WHERE key = ?", (key,))
        return int(value) if value and str(value).isdigit() else default

    @property
    def after_acknowledged_days(self) -> int:
        return self._days("retention_after_acknowledged_days", DEFAULT_AFTER_ACKNOWLEDGED)

    @property
    def monitoring_only_days(self) -> int:
        return self._days("retention_monitoring_only_days", DEFAULT_MONITORING_ONLY)

    def set_days(self, after_acknowledged: int, monitoring_only: int) -> None:
        self.context.require(COORDINATOR)
        for days in (after_acknowledged, monitoring_only):
            if not 1 <= days <= 36500:
                raise IntakeError(_("Choose from 1 to 36,500 days."))
        with self.db.transaction():
            for key, days in (("retention_after_acknowledged_days", after_acknowledged),
                              ("retention_monitoring_only_days", monitoring_only)):  # fmt: skip
                self.db.execute(
                    "INSERT INTO store_meta (key, value) VALUES (?, ?) "
                    "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                    (key, str(days)),
                )
            self.context.audit.append(self.context.actor, "settings.changed", detail="retention")

    def _cutoff(self, days: int) -> str:
        return (self.context.clock() - timedelta(days=days)).strftime("%Y-%m-%dT%H:%M:%SZ")

    def due(self) -> tuple[list[str], list[str]]:
        """(acknowledged, monitoring only) reports past their retention period."""
        acknowledged = self.db.all(DUE_ACKNOWLEDGED, (self._cutoff(self.after_acknowledged_days),))
        monitoring = self.db.all(DUE_MONITORING_ONLY, (self._cutoff(self.monitoring_only_days),))
        return [str(r[0]) for r in acknowledged], [str(r[0]) for r in monitoring]

    def purge(self) -> PurgeResult:
        """Erase the personal data of every report past its retention period."""
        acknowledged, monitoring = self.due()
        for report_id in acknowledged + monitoring:
            self.erase_personal_data(report_id, "purged", "report.purged")
        if acknowledged or monitoring:
            # Secure delete zeroes freed pages; the write-ahead log still holds old page images
            # until it is checkpointed and truncated.
            self.db.checkpoint()
        return PurgeResult(len(acknowledged), len(monitoring))

    def compact(self) -> None:
        """Rebuild the database file so no freed page survives anywhere in it (VACUUM)."""
        self.db.execute("VACUUM")
        self.db.checkpoint()
