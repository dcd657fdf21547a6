"""The privacy notice: what the person reporting is told about their data when it is collected
(UK GDPR, the right to be informed), as an A4 PDF in their language, or beside English.

It says who holds the data (the centre, with its address and phone), what it is for, the lawful
basis the centre chose, who receives what under each consent choice (and the safeguarding
exception), how long it is kept (the centre's retention settings, in days), the person's rights,
how to ask, and how to complain to the Information Commissioner's Office. Nothing of any report
is on it: it is the same for everyone the centre takes a report from.

The texts are one JSON file per language in ``resources/privacy/`` (a centre's own in its
``leaflet-texts/privacy/`` folder comes first), checked against their own schema as leaflet
packs are; the regulator's web address and helpline are data, in ``regulator.json``, dated.
The rows are set by the leaflet's column layout (``columns``).
"""

from __future__ import annotations

import io
import json
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from intake_app.domain.dates import uk
from intake_app.leaflets.columns import (
    Pages,
    Row,
    Sizes,
    Text,
    footer_for,
    pack_item,
    pack_text,
    same_text,
    set_rows,
    start,
)
from intake_app.leaflets.content import ContentPack, ContentPackError, parse_pack
from intake_app.leaflets.render import CentreDetails
from intake_app.support import i18n
from intake_app.support.errors import IntakeError
from intake_app.support.i18n import _
from intake_app.support.resources import resources_dir
from intake_app.support.untrusted import quoted

SCHEMA_NAME = "privacy-notice.schema.json"
REGULATOR_NAME = "regulator.json"
CONSENTS = ("police_with_contact", "police_without_details", "monitoring_only")


def privacy_dir() -> Path:
    return resources_dir() / "privacy"


def available_languages() -> list[str]:
    return sorted(
        p.stem for p in privacy_dir().glob("*.json") if p.name not in (SCHEMA_NAME, REGULATOR_NAME)
    )


def load_texts(language: str, overrides: Path | None = None) -> ContentPack:
    """One language's texts: the centre's own (``overrides/<code>.json``) if there is one."""
    if language not in available_languages():
        raise ContentPackError(
            # Translators: {language} is the language code asked for, quoted ("xx");
            # {languages} lists the codes there are privacy notices in ("ar, bn, cy").
            _("There is no privacy notice in {language}. Choose one of: {languages}.").format(
                language=quoted(language), languages=", ".join(available_languages())
            )
        )
    path = privacy_dir() / f"{language}.json"
    if overrides is not None and (overrides / f"{language}.json").is_file():
        path = overrides / f"{language}.json"
    return parse_pack(path.read_bytes(), path.name, schema=privacy_dir() / SCHEMA_NAME)


@dataclass(frozen=True)
class Regulator:
    name: str
    complaints_web: str
    helpline: str
    last_checked: date


def regulator() -> Regulator:
    """The Information Commissioner's Office: where to complain, as last checked."""
    path = privacy_dir() / REGULATOR_NAME
    try:
        document = json.loads(path.read_text("utf-8"))
        return Regulator(
            str(document["name"]),
            str(document["complaints_web"]),
            str(document["helpline"]),
            date.fromisoformat(document["last_checked"]),
        )
    except (OSError, ValueError, KeyError, TypeError):
        raise IntakeError(
            # Translators: {file} is a file's name; keep the field names as they are.
            _(
                "{file} needs a name, complaints_web, helpline and a last_checked date "
                "(YYYY-MM-DD)."
            ).format(file=REGULATOR_NAME)
        ) from None


@dataclass(frozen=True)
class NoticeFacts:
    """What the notice says that is the centre's own: from its settings, never from a report."""

    centre: CentreDetails
    force_name: str  # "" when the centre has no force yet
    lawful_basis: str  # a code of domain.lawful_basis.LAWFUL_BASES
    special_category_condition: str  # a code of SPECIAL_CATEGORY_CONDITIONS
    after_acknowledged_days: int
    monitoring_only_days: int
    issued: date


def days_text(pack: ContentPack, days: int) -> str:
    """ "365 days" in the pack's language: its plural form for the count, the number written
    as that language writes numbers."""
    forms: dict[str, str] = pack["days"]
    form = forms.get(i18n.plural_category(days, pack.language), forms["other"])
    return form.replace("{count}", i18n.number(days, in_language=pack.language))


def _rows(facts: NoticeFacts, ico: Regulator) -> list[Row]:
    t, const = pack_text, same_text

    def right(index: int) -> Text:
        return pack_item("rights", index)

    def keep(key: str, days: int) -> Text:
        return lambda pack: str(pack[key]).replace("{days}", days_text(pack, days))

    def lines(*texts: str) -> list[Row]:
        return [Row("latin", const(text)) for text in texts if text]

    centre = facts.centre
    rows = [
        Row("title", t("title")),
        Row("note", lambda p: "" if p.reviewed else str(p["unreviewed"])),
        Row("body", lambda p: f"{p['date']}: {uk(facts.issued)}"),
        Row("heading", t("who_title")),
        Row("body", t("who_body")),
        *lines(centre.name, centre.address, centre.phone),
        Row("heading", t("purpose_title")),
        Row("body", t("purpose_body")),
        Row("heading", t("basis_title")),
        Row("body", t(f"basis_{facts.lawful_basis}")),
        Row("body", t("special_intro")),
        Row("bullet", t(f"special_{facts.special_category_condition}")),
        Row("heading", t("recipients_title")),
        Row("body", t("recipients_intro")),
        *(Row("bullet", t(f"recipients_{consent}")) for consent in CONSENTS),
    ]
    if facts.force_name:
        force = facts.force_name
        rows.append(Row("body", lambda p: str(p["recipients_force"]).replace("{force}", force)))
    rows += [
        Row("body", t("safeguarding")),
        Row("heading", t("keep_title")),
        Row("bullet", keep("keep_sent", facts.after_acknowledged_days)),
        Row("bullet", keep("keep_monitoring", facts.monitoring_only_days)),
        Row("body", t("keep_after")),
        Row("heading", t("rights_title")),
        Row("body", t("rights_intro")),
        *(Row("bullet", right(i)) for i in range(6)),
        Row("body", t("rights_police")),
        Row("heading", t("ask_title")),
        Row("body", t("ask_body")),
        *lines(centre.name, centre.address, centre.opening_hours, centre.phone),
        Row("heading", t("complain_title")),
        Row("body", t("complain_body")),
        *lines(ico.complaints_web, f"{ico.name}: {ico.helpline}"),
    ]
    return rows


def render_privacy_notice(
    packs: list[ContentPack], facts: NoticeFacts, *, large_print: bool = False
) -> bytes:
    """One column per pack (English first when bilingual); returns the PDF."""
    sizes = Sizes.for_print(large_print)
    out = io.BytesIO()
    canvas = start(out, str(packs[-1]["title"]), facts.centre.name)
    pages = Pages(canvas, footer_for(packs))
    set_rows(canvas, pages, _rows(facts, regulator()), packs, sizes)
    pages.close()
    canvas.save()
    return out.getvalue()
