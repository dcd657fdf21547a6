"""A service is built from a context and its collaborators alone: no session, and no keys unless
it manages keys. These build services by hand over a real store, as the session does."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from intake_app.app import unlocking
from intake_app.domain.accounts import VOLUNTEER, User
from intake_app.domain.vocabulary import Vocabulary
from intake_app.domain.vocabulary import load as load_vocabulary
from intake_app.services.attachments import AttachmentService
from intake_app.services.context import ServiceContext
from intake_app.services.reports import ReportService
from intake_app.services.retention import Retention
from intake_app.services.store_keys import Unlocked
from intake_app.storage.kdf import TEST_PARAMS
from intake_app.support.errors import NotAllowed
from tests.conftest import PASSPHRASE, full_report

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture
def store(data_dir: Path) -> Iterator[Unlocked]:
    made, _ = unlocking.set_up_store(
        data_dir,
        centre_name="Riverside Advice Centre",
        centre_code="RIVA",
        user_name="Amina",
        passphrase=PASSPHRASE,
        params=TEST_PARAMS,
    )
    yield made
    made.keys.close()


def _vocabulary() -> Vocabulary:
    return load_vocabulary("")


def _reports(context: ServiceContext, heads: list[str]) -> ReportService:
    def no_hand_over(report_id: str) -> None:
        raise AssertionError("only a workspace hands reports over")

    return ReportService(
        context,
        vocabulary=_vocabulary,
        hand_over=no_hand_over,
        record_head=lambda: heads.append(context.audit.head()),
    )


def test_reports_and_attachments_work_from_a_context_alone(store: Unlocked) -> None:
    context = ServiceContext.over(store.keys.db, store.user)
    heads: list[str] = []
    reports = _reports(context, heads)
    attachments = AttachmentService(context, reports)

    record = reports.create_draft(full_report())
    info = attachments.add(record.reference, PNG, "Photo of the door")
    assert [a.id for a in reports.get(record.id).attachments] == [info.id]
    assert attachments.read(info.id)[1] == PNG
    reports.mark_ready(record.id)
    assert heads == [context.audit.head()]  # the head recorded through the callable given
    actions = [e.action for e in context.audit.entries(target=record.id)]
    assert {"attachment.added", "attachment.viewed", "report.ready"} <= set(actions)
    assert {e.actor for e in context.audit.entries(target=record.id)} == {store.user.id}
    assert context.centre.code == "RIVA" and record.reference.startswith("RIVA-")


def test_attachments_ask_the_reports_who_may_see_a_report(store: Unlocked) -> None:
    coordinator = ServiceContext.over(store.keys.db, store.user)
    record = _reports(coordinator, []).create_draft(full_report())
    # Someone else, over the same store: the reports service refuses, so attachments do too.
    volunteer = ServiceContext.over(store.keys.db, User("v1", "Thaddeus", VOLUNTEER))
    attachments = AttachmentService(volunteer, _reports(volunteer, []))
    with pytest.raises(NotAllowed):
        attachments.add(record.id, PNG, "Photo")
    assert attachments.list_for(record.id) == []


def test_retention_purges_through_the_eraser_it_is_given(store: Unlocked) -> None:
    now = ServiceContext.over(store.keys.db, store.user)
    reports = _reports(now, [])
    record = reports.create_draft(full_report(consent="monitoring_only"))
    later = ServiceContext.over(
        store.keys.db, store.user, clock=lambda: datetime.now(UTC) + timedelta(days=400)
    )
    erased: list[str] = []

    def erase(report_id: str, status: str, action: str) -> object:
        erased.append(report_id)
        return reports.erase_personal_data(report_id, status, action)

    retention = Retention(later, erase)
    assert retention.purge().monitoring_only == 1
    assert erased == [record.id]
    assert reports.get(record.id).status == "purged"
