"""The services of the case after the hand-off, composed for the session: assignments to
caseworkers and their casebooks, follow-ups, links between reports, the force's updates and
each case's timeline, the scrutiny panel's case packs, and recipients beyond the police.

``Session`` takes these in (``class Session(CaseWork)``); they are kept here so the session's
own file stays about unlocking, locking and the services every store needs.
"""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING

from intake_app.services.case_assignments import CaseAssignments
from intake_app.services.casebooks import Casebooks
from intake_app.services.follow_ups import FollowUps
from intake_app.services.report_links import ReportLinks

if TYPE_CHECKING:  # imported when first used (the case pack brings ReportLab)
    from intake_app.domain.case_promises import ServicePromises
    from intake_app.domain.vocabulary import Vocabulary
    from intake_app.services.case_timeline import CaseTimelines
    from intake_app.services.case_updates import CaseUpdates
    from intake_app.services.context import ServiceContext
    from intake_app.services.export import ExportService
    from intake_app.services.recipient_batches import RecipientBatches
    from intake_app.services.recipients import RecipientService
    from intake_app.services.reports import ReportService
    from intake_app.services.scrutiny_packs import ScrutinyPacks
    from intake_app.services.store_keys import StoreKeys
    from intake_app.services.workspace_admin import WorkspaceAdmin


class CaseWork:
    """What the session provides these services with (see ``Session``)."""

    context: ServiceContext
    keys: StoreKeys

    if TYPE_CHECKING:

        @property
        def reports(self) -> ReportService: ...

        @property
        def exports(self) -> ExportService: ...

        @property
        def workspace_admin(self) -> WorkspaceAdmin: ...

        def _vocabulary(self) -> Vocabulary: ...

    @cached_property
    def casebooks(self) -> Casebooks:
        """Caseworkers' casebooks: copies of their cases out, their follow-ups in."""
        return Casebooks(self.context, self.keys, self.workspace_admin, self.timelines.snapshot)

    @cached_property
    def links(self) -> ReportLinks:
        """Links between reports (the same person, place or offender)."""
        return ReportLinks(self.context, self.reports)

    @cached_property
    def cases(self) -> CaseAssignments:
        return CaseAssignments(self.context, changed=self.casebooks.update_all)

    @cached_property
    def follow_ups(self) -> FollowUps:
        return FollowUps(self.context, self.cases)

    @cached_property
    def scrutiny_packs(self) -> ScrutinyPacks:
        """Closed cases, redacted, for the commissioner's scrutiny panel."""
        from intake_app.services.scrutiny_packs import ScrutinyPacks

        return ScrutinyPacks(
            self.context,
            self.reports,
            vocabulary=self._vocabulary,
            timeline=lambda report_id: self.timelines.for_report(report_id),
        )

    @cached_property
    def case_updates(self) -> CaseUpdates:
        from intake_app.services.case_updates import CaseUpdates

        return CaseUpdates(self.context)

    @cached_property
    def timelines(self) -> CaseTimelines:
        from intake_app.services.case_timeline import CaseTimelines

        def promises() -> ServicePromises | None:
            profile = self.exports.profile()
            return None if profile is None else profile.promises

        return CaseTimelines(self.context, promises)

    @cached_property
    def recipients(self) -> RecipientService:
        from intake_app.services.recipients import RecipientService

        return RecipientService(self.context)

    @cached_property
    def recipient_batches(self) -> RecipientBatches:
        from intake_app.services.recipient_batches import RecipientBatches

        return RecipientBatches(
            self.context,
            self.recipients,
            self.exports.contents,
            load_many=self.reports.load_many,
            signing_key=self.exports.signing_key,
            record_head=self.keys.record_head,
        )
