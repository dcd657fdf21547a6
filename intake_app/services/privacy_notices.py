"""Making the privacy notice for the person reporting, in their language, and recording it.

The notice is the centre's, not a report's: its name, address and phone, its force, the lawful
basis a coordinator chose and the retention periods come from the store's settings, and nothing
of any report is on it. Every notice printed or saved goes in the audit log (who, when, which
language), with no report and nothing personal.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from intake_app.leaflets.content import ContentPack
from intake_app.leaflets.privacy_notice import (
    NoticeFacts,
    available_languages,
    load_texts,
    render_privacy_notice,
)
from intake_app.services.context import ServiceContext
from intake_app.services.data_protection_settings import DataProtectionSettings
from intake_app.services.leaflets import LeafletService, print_options
from intake_app.services.retention import Retention

WAYS = ("printed", "saved")
OVERRIDES = "privacy"  # under the leaflets' folder of a centre's own texts


@dataclass(frozen=True)
class PrivacyNoticeRequest:
    language: str
    bilingual: bool = False
    large_print: bool = False

    @property
    def detail(self) -> str:
        """What the audit log records: the language and options, nothing personal."""
        return print_options(self.language, self.bilingual, self.large_print)


@dataclass(frozen=True)
class PrivacyNotice:
    pdf: bytes
    packs: tuple[ContentPack, ...]

    @property
    def unreviewed(self) -> list[str]:
        return [p.english_name for p in self.packs if not p.reviewed]


class PrivacyNoticeService:
    """A centre replaces any language's texts by putting its own ``<code>.json`` in the data
    folder's ``leaflet-texts/privacy`` folder."""

    def __init__(
        self,
        context: ServiceContext,
        leaflets: LeafletService,
        retention: Retention,
        data_protection: DataProtectionSettings,
        *,
        overrides: Path,
    ) -> None:
        self.context = context
        self.leaflets = leaflets
        self.retention = retention
        self.data_protection = data_protection
        self.overrides = overrides

    def languages(self) -> list[ContentPack]:
        """The texts of every language there is a notice in (a centre's own first)."""
        return [load_texts(code, self.overrides) for code in available_languages()]

    def facts(self) -> NoticeFacts:
        """What the notice says from the centre's settings, as they are now."""
        force = self.leaflets.force()
        return NoticeFacts(
            centre=self.leaflets.centre_details(),
            force_name=force.force_name if force else "",
            lawful_basis=self.data_protection.lawful_basis,
            special_category_condition=self.data_protection.special_category_condition,
            after_acknowledged_days=self.retention.after_acknowledged_days,
            monitoring_only_days=self.retention.monitoring_only_days,
            issued=self.context.local_now().date(),
        )

    def make(self, request: PrivacyNoticeRequest) -> PrivacyNotice:
        """The notice as a PDF; an unknown language is refused, naming the ones there are."""
        packs = [load_texts(request.language, self.overrides)]
        if request.bilingual and request.language != "en":
            packs.insert(0, load_texts("en", self.overrides))
        pdf = render_privacy_notice(packs, self.facts(), large_print=request.large_print)
        return PrivacyNotice(pdf, tuple(packs))

    def record(self, request: PrivacyNoticeRequest, how: str) -> None:
        """Audit a notice that was printed or saved (``how``: "printed" or "saved")."""
        if how not in WAYS:
            raise ValueError(f"how must be one of {WAYS}")
        with self.context.db.transaction():
            self.context.audit.append(
                self.context.actor, f"privacy_notice.{how}", None, request.detail
            )
