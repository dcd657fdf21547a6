"""The unlocked session: the one place the services are composed.

One service API for the GUI, the command line and the tests: ``create_store`` and ``unlock`` (or
``unlock_with_recovery``) give a ``Session``; its ``reports``, ``users``, ``attachments`` and other
services do the work and write the audit log. The session builds each service when first asked,
handing it by constructor a ``ServiceContext`` and the collaborators it needs; only the services
that manage keys are given the ``StoreKeys`` (docs/architecture.md).
"""

from __future__ import annotations

import time
from datetime import datetime
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from intake_app.app import legacy_upgrade, unlocking
from intake_app.app.case_work import CaseWork
from intake_app.domain.accounts import User
from intake_app.domain.centre import Centre, check_centre, check_centre_code, check_centre_name
from intake_app.domain.vocabulary import Vocabulary, with_local_strands
from intake_app.domain.vocabulary import load as load_vocabulary
from intake_app.services.attachments import AttachmentService
from intake_app.services.audit import AuditLog, AuditVerdict
from intake_app.services.centre_settings import CentreSettings
from intake_app.services.context import Clock, ServiceContext, utc_now
from intake_app.services.data_protection_settings import DataProtectionSettings
from intake_app.services.deposits import Deposits, TakeIn
from intake_app.services.reports import ReportService
from intake_app.services.retention import Retention
from intake_app.services.store_keys import StoreKeys
from intake_app.services.user_preferences import UserPreferences
from intake_app.services.users import UserService
from intake_app.services.workspace_admin import WorkspaceAdmin
from intake_app.storage.database import Database
from intake_app.storage.kdf import Argon2Params
from intake_app.support import diagnostics
from intake_app.support.errors import IntakeError

if TYPE_CHECKING:  # imported when first used, not at every unlock (leaflets bring ReportLab)
    from intake_app.services.backups import Backups
    from intake_app.services.demo import DemoReports
    from intake_app.services.export import ExportService
    from intake_app.services.leaflets import LeafletService
    from intake_app.services.privacy_notices import PrivacyNoticeService
    from intake_app.services.statistics import StatisticsService
    from intake_app.services.subject_access import SubjectAccess


class Session(CaseWork):
    """An unlocked store and the user who unlocked it. Close it to lock."""

    def __init__(self, keys: StoreKeys, user: User, clock: Clock = utc_now) -> None:
        self.keys = keys
        self.db: Database = keys.db
        self.audit: AuditLog = keys.audit
        self.context = ServiceContext.over(
            keys.db, user, store=keys.store, clock=clock, audit=keys.audit
        )
        self.taken_in: TakeIn | None = None  # deposits taken in at a coordinator's sign-in
        self.take_in_problem: str | None = None
        self.cannot_write: str | None = None  # set when unlocking could not even be recorded

    # --- who, where, when ------------------------------------------------------------------

    @property
    def user(self) -> User:
        return self.context.user

    @property
    def centre(self) -> Centre:
        return self.context.centre

    @property
    def actor(self) -> str:
        return self.context.actor

    @property
    def in_workspace(self) -> bool:
        """A volunteer working in their own workspace, not in the centre's store."""
        return self.context.in_workspace

    @property
    def data_dir(self) -> Path:
        return self.keys.data_dir

    @property
    def store(self) -> str:
        return self.context.store

    def local_now(self) -> datetime:
        return self.context.local_now()

    # --- services --------------------------------------------------------------------------

    @cached_property
    def vocabulary(self) -> Vocabulary:
        """National lists, the force's file in resources/, and local strands, kinds of incident
        and kinds of place from an imported force profile."""
        from intake_app.exchange.force_profile_format import stored_profile

        vocab = load_vocabulary(self.centre.force_code)
        profile = stored_profile(self.db)
        if profile is None:
            return vocab
        return with_local_strands(
            vocab, profile.local_strands, profile.local_incident_types, profile.local_place_types
        )

    def _vocabulary(self) -> Vocabulary:
        return self.vocabulary

    @cached_property
    def deposits(self) -> Deposits:
        return Deposits(self.context, self.keys)

    @cached_property
    def workspace_admin(self) -> WorkspaceAdmin:
        """What a coordinator does to volunteers' workspaces, through the centre identity."""
        return WorkspaceAdmin(self.context, self.keys)

    @cached_property
    def users(self) -> UserService:
        return UserService(
            self.context,
            self.keys,
            self.workspace_admin,
            self.deposits.take_in_waiting,
            self.casebooks.retire,
        )

    @cached_property
    def reports(self) -> ReportService:
        return ReportService(
            self.context,
            vocabulary=self._vocabulary,
            hand_over=self.deposits.hand_over,
            record_head=self.keys.record_head,
            parental_rule=lambda: self.settings.children_need_parental_consent,
        )

    @cached_property
    def attachments(self) -> AttachmentService:
        return AttachmentService(self.context, self.reports)

    @cached_property
    def settings(self) -> CentreSettings:
        return CentreSettings(self.context)

    @cached_property
    def data_protection(self) -> DataProtectionSettings:
        """The centre's lawful basis for its reports (printed on the privacy notice)."""
        return DataProtectionSettings(self.context)

    @cached_property
    def preferences(self) -> UserPreferences:
        """What this user chose for themselves (their language)."""
        return UserPreferences(self.context)

    @cached_property
    def leaflets(self) -> LeafletService:
        from intake_app.services.leaflets import OVERRIDES, LeafletService

        return LeafletService(
            self.context,
            self.reports,
            self.settings,
            vocabulary=self._vocabulary,
            overrides=self.keys.data_dir / OVERRIDES,
        )

    @cached_property
    def subject_access(self) -> SubjectAccess:
        """Everything the centre holds about the person in a report, for their request."""
        from intake_app.services.subject_access import SubjectAccess

        return SubjectAccess(
            self.context,
            self.reports,
            vocabulary=self._vocabulary,
            attachment_content=self.attachments.content_for_export,
            centre_details=self.leaflets.centre_details,
        )

    @cached_property
    def privacy_notices(self) -> PrivacyNoticeService:
        from intake_app.services import leaflets, privacy_notices

        return privacy_notices.PrivacyNoticeService(
            self.context,
            self.leaflets,
            self.retention,
            self.data_protection,
            overrides=self.keys.data_dir / leaflets.OVERRIDES / privacy_notices.OVERRIDES,
        )

    @cached_property
    def retention(self) -> Retention:
        return Retention(self.context, self.reports.erase_personal_data)

    @cached_property
    def exports(self) -> ExportService:
        from intake_app.services.export import ExportService

        return ExportService(
            self.context,
            self.reports,
            attachment_contents=self.attachments.contents_for_export,
            record_head=self.keys.record_head,
        )

    @cached_property
    def statistics(self) -> StatisticsService:
        from intake_app.services.statistics import StatisticsService

        return StatisticsService(self.context, vocabulary=self._vocabulary)

    @cached_property
    def backups(self) -> Backups:
        from intake_app.services.backups import Backups

        return Backups(self.context, self.keys, self.workspace_admin, self.deposits.take_in_waiting)

    @cached_property
    def demo(self) -> DemoReports:
        from intake_app.services.demo import DemoReports

        return DemoReports(self.context, self.reports, vocabulary=self._vocabulary)

    # --- the store itself ------------------------------------------------------------------

    @property
    def keyring_bound(self) -> bool:
        return self.keys.keyring_bound

    def verify_audit(self) -> AuditVerdict:
        """The audit chain, checked against the head the slot file recorded for this store and
        against the last head the force's signed receipt echoed back."""
        return self.keys.verify_audit()

    def integrity_problems(self) -> list[str]:
        """Every page of the store checked; what is wrong, if anything."""
        return self.db.integrity_problems()

    def close(self) -> None:
        """Lock: bring caseworkers' casebooks up to date (a coordinator's), record where the
        store's audit chain has got to, then close it."""
        if not self.db.closed and self.cannot_write is None:
            try:
                self.casebooks.update_all()
            except IntakeError as exc:  # never a reason not to lock; tried again at sign-in
                diagnostics.refused(exc, "casebooks.update")
        self.keys.close()

    def __enter__(self) -> Session:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- after unlocking -------------------------------------------------------------------

    def _start(self) -> None:
        """What every unlock does before the first page: in the centre's store, erase what is
        past retention and (a coordinator) take in from volunteers; in a workspace, finish a
        hand-over a crash interrupted."""
        if self.in_workspace:
            self.deposits.resume()
            return
        if self.context.in_casebook:
            return  # the centre keeps the record: retention and the rest happen there
        self.retention.purge()  # personal data past its retention period goes at once
        if self.user.is_coordinator:
            self._take_in_from_volunteers()

    def _take_in_from_volunteers(self) -> None:
        """Learn volunteers' new keys, pass on settings, take in waiting deposits. A problem
        here is reported on the session, never a reason to refuse the sign-in."""
        try:
            self.workspace_admin.sync()
            self.taken_in = self.deposits.take_in_waiting()
            self.casebooks.give_casebooks(self.deposits.take_in_waiting)
            self.casebooks.update_all()
            diagnostics.event(
                "deposits.taken_in",
                taken=len(self.taken_in.taken_in),
                refused=len(self.taken_in.refused),
            )
            new_recovery_key = legacy_upgrade.rekey_if_due(self.context, self.keys)
            if new_recovery_key is not None:
                self.users.new_recovery_key = new_recovery_key
        except IntakeError as exc:
            self.take_in_problem = str(exc)


def create_store(
    data_dir: Path,
    *,
    centre_name: str,
    centre_code: str,
    user_name: str,
    passphrase: str,
    force_code: str = "",
    device_binding: bool | None = None,
    params: Argon2Params | None = None,
    clock: Clock = utc_now,
) -> tuple[Session, str]:
    """Make a new store with its first coordinator. Returns the session and the recovery key
    (formatted for people), which is shown once and never stored."""
    made, recovery = unlocking.set_up_store(
        data_dir,
        centre_name=centre_name,
        centre_code=centre_code,
        user_name=user_name,
        passphrase=passphrase,
        force_code=force_code,
        device_binding=device_binding,
        params=params,
        clock=clock,
    )
    return Session(made.keys, made.user, clock), recovery


def unlock(
    data_dir: Path,
    user_name: str,
    passphrase: str,
    *,
    sleep: unlocking.Sleeper = time.sleep,
    clock: Clock = utc_now,
) -> Session:
    """Open the store as a user. A wrong name and a wrong passphrase give the same message."""
    opened = unlocking.open_as_user(data_dir, user_name, passphrase, sleep=sleep, clock=clock)
    session = Session(opened.keys, opened.user, clock)
    if opened.cannot_write is not None:
        # A full disk or a read-only folder: open to read, say why nothing can be saved.
        session.cannot_write = opened.cannot_write
        return session
    try:
        session._start()
    except BaseException:
        session.db.close()
        raise
    return session


def unlock_with_recovery(
    data_dir: Path,
    recovery_text: str,
    *,
    sleep: unlocking.Sleeper = time.sleep,
    clock: Clock = utc_now,
) -> Session:
    """Open the store with the recovery key, to reset passphrases or add a coordinator."""
    opened = unlocking.open_with_recovery(data_dir, recovery_text, sleep=sleep, clock=clock)
    return Session(opened.keys, opened.user, clock)


__all__ = [
    "Centre",
    "Clock",
    "Session",
    "check_centre",
    "check_centre_code",
    "check_centre_name",
    "create_store",
    "unlock",
    "unlock_with_recovery",
    "utc_now",
]
