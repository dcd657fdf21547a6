"""Making leaflets for the centre: personalised for a report, or blank for the display rack.

Every leaflet printed or saved goes in the audit log: who, when, which report, which language.
Only the reference number, the date, and what happens next under the consent choice come from
a report; nothing else of it is printed.

The copy of a report for the person who made it (``report_copy``) is the one print that holds
what was recorded; it too goes in the audit log, with the report's id and nothing of its content.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from intake_app.domain.dates import local_day
from intake_app.domain.force_profile import ForceProfile, Helpline
from intake_app.domain.vocabulary import Vocabulary
from intake_app.leaflets.contacts import (
    available_forces,
    load_force,
    national_support,
    stale,
    with_coordinator_notes,
)
from intake_app.leaflets.content import ContentPack, available_languages, load_pack
from intake_app.leaflets.copy_wording import Wording
from intake_app.leaflets.render import CentreDetails, Personal, render_leaflet
from intake_app.leaflets.report_copy import copy_content
from intake_app.leaflets.report_copy_pdf import render_report_copy
from intake_app.services.centre_settings import CentreSettings
from intake_app.services.context import ServiceContext
from intake_app.services.reports import ReportService
from intake_app.support import i18n
from intake_app.support.errors import IntakeError, InvalidState
from intake_app.support.i18n import _
from intake_app.support.untrusted import quoted


def print_options(language: str, bilingual: bool, large_print: bool) -> str:
    """A print's language and options as the audit log records them: ``pl+en large-print``."""
    return (
        language
        + ("+en" if bilingual and language != "en" else "")
        + (" large-print" if large_print else "")
    )


@dataclass(frozen=True)
class LeafletRequest:
    language: str
    bilingual: bool = False
    large_print: bool = False
    reference: str | None = None

    @property
    def detail(self) -> str:
        """What the audit log records: the language and options, never report content."""
        return print_options(self.language, self.bilingual, self.large_print)


@dataclass(frozen=True)
class Leaflet:
    pdf: bytes
    packs: tuple[ContentPack, ...]
    report_id: str | None

    @property
    def unreviewed(self) -> list[str]:
        return [p.english_name for p in self.packs if not p.reviewed]


COPY_WAYS = ("printed", "saved")
ERASED = ("withdrawn", "purged")

OVERRIDES = "leaflet-texts"  # in the data folder: a centre's own packs and force profile


class LeafletService:
    """A centre (or its force) replaces any text by putting its own ``<code>.json`` pack, or a
    force profile ``force-<code>.json``, in the data folder's ``leaflet-texts`` folder."""

    def __init__(
        self,
        context: ServiceContext,
        reports: ReportService,
        settings: CentreSettings,
        *,
        vocabulary: Callable[[], Vocabulary],
        overrides: Path,
    ) -> None:
        self.context = context
        self.reports = reports
        self.settings = settings
        self.vocabulary = vocabulary
        self.overrides = overrides

    def languages(self) -> list[ContentPack]:
        return [load_pack(code, self.overrides) for code in available_languages()]

    def centre_details(self) -> CentreDetails:
        rows = self.context.db.all("SELECT key, value FROM store_meta WHERE key LIKE 'centre_%'")
        meta = {str(key): str(value) for key, value in rows}
        return CentreDetails(
            name=self.context.centre.name,
            address=str(meta.get("centre_address", "")),
            opening_hours=str(meta.get("centre_hours", "")),
            phone=str(meta.get("centre_phone", "")),
        )

    def force(self) -> ForceProfile | None:
        code = self.context.centre.force_code
        if not code:
            return None
        if (self.overrides / f"force-{code}.json").exists():
            return load_force(f"force-{code}", self.overrides)
        return load_force(code) if code in available_forces() else None

    def phone_numbers(self) -> tuple[Helpline, ...]:
        force = self.force()
        return (*(force.contacts if force else ()), *national_support())

    def stale_numbers(self, max_age_days: int | None = None) -> list[Helpline]:
        """Numbers not checked within the centre's setting (a year unless changed)."""
        days = max_age_days if max_age_days is not None else self.settings.phone_check_days
        return stale(self.phone_numbers(), self.context.local_now().date(), days)

    def coordinator_notes(self) -> list[Helpline]:
        """Numbers with a note for coordinators (a service that changed hands, say): shown to
        them beside the numbers due for checking, never printed on a leaflet."""
        return with_coordinator_notes(self.phone_numbers())

    def make(self, request: LeafletRequest) -> Leaflet:
        if request.language not in available_languages():
            raise IntakeError(
                # Translators: {language} is the language code asked for, quoted ("xx");
                # {languages} lists the codes there are leaflets in ("ar, bn, cy").
                _("There is no leaflet in {language}. Choose one of: {languages}.").format(
                    language=quoted(request.language), languages=", ".join(available_languages())
                )
            )
        packs = [load_pack(request.language, self.overrides)]
        if request.bilingual and request.language != "en":
            packs.insert(0, load_pack("en", self.overrides))
        personal = None
        report_id = None
        stub = self.reports.handed_over(request.reference) if request.reference else None
        if stub is not None:  # handed to the centre: the stub is enough for the leaflet
            report_id = stub.report_id
            personal = Personal(
                reference=stub.reference,
                issued=self.context.local_now().date(),
                consent=stub.consent or "monitoring_only",
            )
        elif request.reference:
            record = self.reports.get(request.reference)  # checks who may see it
            report_id = record.id
            personal = Personal(
                reference=record.reference,
                issued=self.context.local_now().date(),
                consent=record.report.consent or "monitoring_only",
            )
        force = self.force()
        pdf = render_leaflet(
            packs,
            centre=self.centre_details(),
            force=force,
            support=national_support(),
            personal=personal,
            large_print=request.large_print,
            sending_interval_days=self.settings.sending_interval_days,
        )
        return Leaflet(pdf, tuple(packs), report_id)

    def record(self, leaflet: Leaflet, request: LeafletRequest, how: str) -> None:
        """Audit a leaflet that was printed or saved (``how``: "printed" or "saved")."""
        with self.context.db.transaction():
            self.context.audit.append(
                self.context.actor, f"leaflet.{how}", leaflet.report_id, request.detail
            )

    def report_copy(self, ref_or_id: str, how: str, language: str = "en") -> bytes:
        """The plain-language copy of one report for the person who made it, as a PDF, in
        ``language`` (any the app speaks; what the person said stays as they said it).

        Only someone who may open the report may make it (a volunteer: their own drafts). Call
        it once the copy is on its way (``how``: "printed" or "saved"): the audit log records
        who made a copy of which report, and how, but nothing of what the report says.
        """
        if how not in COPY_WAYS:
            raise ValueError(f"how must be one of {COPY_WAYS}")
        record = self.reports.get(ref_or_id)  # checks who may see it
        if record.status in ERASED:
            raise InvalidState(
                _(
                    "The personal details in this report have been erased, so there is no copy "
                    "to make for the person."
                )
            )
        today = self.context.local_now().date()
        content = copy_content(
            record,
            self.vocabulary(),
            self.centre_details(),
            taken_on=local_day(record.created_at) or today,
            made_on=today,
            wording=Wording(i18n.load(language)),
        )
        pdf = render_report_copy(content)
        with self.context.db.transaction():
            detail = how if language == "en" else f"{how}, {i18n.language(language).code}"
            self.context.audit.append(self.context.actor, "report.copy_made", record.id, detail)
        return pdf
