"""What the leaflets say: no English left in a translation, no coordinator's note on paper, the
centre's sending interval, perception in the definition, and packs refused when a text is missing."""

from __future__ import annotations

import copy
import json
import re
import unicodedata
from datetime import date
from pathlib import Path

import pytest
from bidi.algorithm import get_display

from intake_app.domain.force_profile import ForceProfile, Helpline
from intake_app.leaflets.contacts import load_force, national_support
from intake_app.leaflets.content import ContentPackError, available_languages, load_pack, parse_pack
from intake_app.leaflets.render import (
    Personal,
    contact_line,
    render_leaflet,
    sending_interval,
)
from intake_app.leaflets.typeset import _MIRRORED, _SEPARATORS, GLUE, Style, _by_font, has_rtl, runs
from tests.leaflets.test_leaflets import CENTRE, pdf_text

TRANSLATED = [code for code in available_languages() if code != "en"]
CONSENTS = [None, "police_with_contact", "police_without_details", "monitoring_only"]
SCHEMA = json.loads(Path("resources/leaflets/content-pack.schema.json").read_text("utf-8"))

# Common English words. A translated leaflet may hold none of them outside the names below.
ENGLISH = set(
    re.findall(
        r"[a-z]+",
        """the and you your to of is are if not can police report reports reported crime crimes
    should will call help hours hour for with this that be or our they it was who what when
    where have has there number phone text free every day days week about centre victim victims
    rights right support contact details emergency online hate information happens next date
    reference scan translation reviewed incident record officer agreed passed kept only without
    whether please from an available funds council commissioner abuse violence helpline monday
    friday wales england website deaf sign language app service relay first""",
    )
)
# Words of a language spelt like one of those English words (Somali writes Wales as it is).
HOMOGRAPHS = {
    "pl": {"to"},
    "ro": {"are", "contact", "incident", "online", "text"},
    "so": {"wales"},
}
# What may stay as it is in any language: names of organisations and services, the centre's
# details (the centre writes them), and the word a person texts to register for emergencySMS.
NAMES = sorted(
    {line.name for line in national_support()}
    | {
        line.name
        for force in ("leicestershire", "west-mercia")
        for line in load_force(force).contacts
    }
    | {"True Vision", "Crimestoppers", "emergencySMS", "999 BSL", "Adviceline", "LGBT+", "register"}
    | {line for line in (CENTRE.name, CENTRE.address, CENTRE.opening_hours, CENTRE.phone)},
    key=len,
    reverse=True,
)
WEB = re.compile(r"\S*\.(?:org|co|uk|com)\S*")


def english_words(text: str) -> set[str]:
    """The common English words in ``text`` once names and web addresses are taken out."""
    text = unicodedata.normalize("NFKC", text)  # ligatures ("ﬁ") back to letters
    for name in NAMES:
        text = text.replace(unicodedata.normalize("NFKC", name), " ")
    text = WEB.sub(" ", text)
    return {word for word in re.findall(r"[^\W\d_]+", text.lower()) if word in ENGLISH}


def leaflet(code: str, consent: str | None, force: str = "west-mercia", days: int = 7) -> bytes:
    personal = Personal("RIVA-2026-00042-7", date(2026, 11, 21), consent) if consent else None
    return render_leaflet([load_pack(code)], centre=CENTRE, force=load_force(force),
                          support=national_support(), personal=personal,
                          sending_interval_days=days)  # fmt: skip


def test_the_word_check_finds_english_and_passes_names() -> None:
    assert english_words("Victim Support: 0800 (24 hours a day)") == {"hours", "day"}
    assert english_words("Citizens Advice Cymru: citizensadvice.org.uk/wales") == set()
    assert english_words("An oﬃcer should contact you") == {
        "an",
        "officer",
        "should",
        "contact",
        "you",
    }


@pytest.mark.parametrize("consent", CONSENTS)
@pytest.mark.parametrize("code", TRANSLATED)
def test_a_translated_leaflet_holds_no_english_sentence(
    code: str, consent: str | None, tmp_path: Path
) -> None:
    text = pdf_text(leaflet(code, consent), tmp_path)
    assert english_words(text) - HOMOGRAPHS.get(code, set()) == set()
    assert "check this number" not in text.lower()
    assert "1 August 2025" not in text  # the coordinator's note about West Mercia's line


@pytest.mark.parametrize("code", available_languages())
def test_no_leaflet_prints_a_note_meant_for_coordinators(code: str, tmp_path: Path) -> None:
    (line,) = load_force("west-mercia").contacts
    assert "check this number" in line.coordinator_note  # there, for coordinators
    for consent in CONSENTS:
        text = pdf_text(leaflet(code, consent), tmp_path)
        assert "0800 952 3000" in text  # the number itself is printed
        assert "check this number" not in text and "new service began" not in text


def test_an_older_profiles_english_note_prints_in_english_columns_only(tmp_path: Path) -> None:
    old = ForceProfile("leicestershire", "Leicestershire Police", helplines=(
        {"name": "Local Line", "phone": "0800 111 2222", "note": "weekdays only",
         "last_checked": "2026-11-01"},
    ))  # fmt: skip
    both = render_leaflet([load_pack("en"), load_pack("pl")], centre=CENTRE, force=old,
                          support=national_support())  # fmt: skip
    assert pdf_text(both, tmp_path).count("weekdays only") == 1
    polish = render_leaflet([load_pack("pl")], centre=CENTRE, force=old, support=())
    text = pdf_text(polish, tmp_path)
    assert "Local Line: 0800 111 2222" in text and "weekdays" not in text


@pytest.mark.parametrize("code", available_languages())
def test_every_note_is_printed_in_the_columns_language(code: str) -> None:
    pack = load_pack(code)
    for line in national_support():
        if line.note_key:
            assert pack["notes"][line.note_key] in contact_line(line, pack)
    stop_hate = next(line for line in national_support() if line.name == "Stop Hate UK")
    assert "07717\u00a0989\u00a0025" in contact_line(stop_hate, pack)


def test_a_note_key_the_pack_lacks_prints_no_note() -> None:
    line = Helpline("Local Line", "0800 111 2222", "", date(2026, 11, 1), note_key="unheard_of")
    assert contact_line(line, load_pack("pl")) == "Local Line: 0800\u00a0111\u00a02222"


def test_the_definition_counts_who_someone_thinks_you_are(tmp_path: Path) -> None:
    text = pdf_text(leaflet("en", None), tmp_path)
    assert "who the offender thinks you are" in unicodedata.normalize("NFKC", text)
    assert "It counts even if they were wrong about you" in text
    assert "The police decide how to record" in text  # and no promise of how they will


def test_the_sending_interval_is_said_in_each_languages_words() -> None:
    english, polish, welsh, arabic = (load_pack(c) for c in ("en", "pl", "cy", "ar"))
    assert sending_interval(english, 7) == "about once a week"
    assert [sending_interval(english, n) for n in (1, 14)] == ["every day", "every 14 days"]
    assert [sending_interval(polish, n) for n in (1, 2, 5, 22)] == [
        "codziennie", "co 2 dni", "co 5 dni", "co 22 dni"]  # fmt: skip
    assert [sending_interval(welsh, n) for n in (2, 3)] == ["bob deuddydd", "bob 3 diwrnod"]
    assert [sending_interval(arabic, n) for n in (2, 3, 11)] == [
        "كل يومين", "كل 3 أيام", "كل 11 يومًا"]  # fmt: skip
    for code in available_languages():
        for days in range(1, 91):
            assert str(days) in sending_interval(load_pack(code), days) or days in (1, 2, 7)


@pytest.mark.parametrize("consent", CONSENTS)
def test_what_happens_next_is_honest_for_each_choice(consent: str | None, tmp_path: Path) -> None:
    pack = load_pack("en")
    text = pdf_text(leaflet("en", consent, days=10), tmp_path)
    assert pack["next_emergency"] in text  # never an emergency route
    sent = consent in (None, "police_with_contact", "police_without_details")
    assert ("in batches, every 10 days" in text) == sent
    assert ("Your reference number" in text) == (consent is not None)
    if consent in (None, "police_with_contact"):
        assert "An officer should contact you" in unicodedata.normalize("NFKC", text)
        assert "crime reference number" in text and "call 101 and give" in text
    if consent in (None, "police_without_details"):
        assert "may still let them work out who you are" in text
    if consent in (None, "police_without_details", "monitoring_only"):
        assert "a child, or an adult at risk" in text  # the safeguarding exception
    assert "will contact you" not in text


# How each language says "should" (an officer should contact you), and the "will" it once said.
SHOULD = {"en": ("should contact you", "will contact"), "ar": ("ينبغي أن يتصل", "سيتصل"),
          "bn": ("যোগাযোগ করা উচিত", "যোগাযোগ করবেন"), "cy": ("Dylai swyddog", "Bydd swyddog"),
          "gu": ("સંપર્ક કરવો જોઈએ", "સંપર્ક કરશે"), "pa": ("ਸੰਪਰਕ ਕਰਨਾ ਚਾਹੀਦਾ", "ਸੰਪਰਕ ਕਰੇਗਾ"),
          "pl": ("powinien się z Tobą skontaktować", "skontaktuje się z Tobą."),
          "ro": ("ar trebui să vă contacteze", "vă va contacta."),
          "so": ("Waxaa la filayaa in sarkaal", "kula soo xiriiri doona."),
          "ur": ("رابطہ کرنا چاہیے", "رابطہ کرے گا")}  # fmt: skip


@pytest.mark.parametrize("code", available_languages())
def test_every_pack_says_an_officer_should_contact_not_will(code: str) -> None:
    should, will = SHOULD[code]
    said = load_pack(code)["next_police_with_contact"]
    assert should in said and will not in said


def required_paths() -> list[tuple[str, ...]]:
    """Every text a pack must have, as a path into the pack's ``text``."""
    text = SCHEMA["properties"]["text"]
    paths = [(key,) for key in text["required"]]
    paths += [("notes", key) for key in text["properties"]["notes"]["required"]]
    paths += [("interval_days", key) for key in text["properties"]["interval_days"]["required"]]
    return paths


@pytest.mark.parametrize("path", required_paths(), ids=".".join)
def test_a_pack_missing_any_text_is_refused_naming_it(path: tuple[str, ...]) -> None:
    document = json.loads(Path("resources/leaflets/pl.json").read_text("utf-8"))
    parse_pack(json.dumps(document).encode(), "pl.json")  # complete: accepted
    broken = copy.deepcopy(document)
    holder = broken["text"]
    for key in path[:-1]:
        holder = holder[key]
    del holder[path[-1]]
    with pytest.raises(ContentPackError, match=rf"pl\.json: .*{path[-1]}"):
        parse_pack(json.dumps(broken).encode(), "pl.json")


@pytest.mark.parametrize(
    ("key", "text"),
    [("next_batches", "Sent in batches."), ("helpline_text", "text"),
     ("interval_days", {"other": "every few days"})],
)  # fmt: skip
def test_a_pack_without_a_placeholder_the_leaflet_fills_is_refused(key: str, text: object) -> None:
    document = json.loads(Path("resources/leaflets/en.json").read_text("utf-8"))
    document["text"][key] = text
    with pytest.raises(ContentPackError, match=rf"en\.json: field text\.{key}"):
        parse_pack(json.dumps(document).encode(), "en.json")


def test_the_new_texts_are_required_by_the_schema() -> None:
    required = set(SCHEMA["properties"]["text"]["required"])
    assert {"what_recording", "report_bsl", "report_sms", "rights_enhanced", "helpline_text",
            "notes", "next_choices", "next_no_contact", "next_safeguarding", "next_batches",
            "next_emergency", "interval_week", "interval_days"} <= required  # fmt: skip


def _keeps_its_pieces(text: str, style: Style) -> bool:
    """Whether the bidi algorithm shows the text as whole pieces the typesetter can draw (a
    piece it would reorder inside, such as "10:00–20:30" in Arabic, makes a line fall back to
    plain reversed order). The pieces are cut as the typesetter cuts them, without shaping."""
    words = [[part for run in runs(word) for part in _by_font(run, style)] for word in text.split()]
    pieces = [piece for word in words for piece in word]
    logical = " ".join(GLUE.join(word) for word in words)
    shown = _SEPARATORS.split(get_display(logical, base_dir="R" if style.rtl else "L"))
    for part in (p for p in shown if p not in (" ", GLUE, "")):
        text = part[::-1] if has_rtl(part) else part
        for candidate in (text, text.translate(_MIRRORED)):
            if candidate in pieces:
                pieces.remove(candidate)
                break
        else:
            return False
    return True


@pytest.mark.parametrize("code", [c for c in available_languages() if load_pack(c).rtl])
def test_right_to_left_texts_are_set_in_reading_order(code: str) -> None:
    pack = load_pack(code)
    texts = [v for v in pack.text.values() if isinstance(v, str)] + list(pack["notes"].values())
    texts += [f"{number}. {right}" for number, right in enumerate(pack["rights"], 1)]
    texts += [pack["next_batches"].replace("{interval}", sending_interval(pack, n))
              for n in (1, 2, 3, 7, 11, 30)]  # fmt: skip
    texts += [pack["helpline_text"].replace("{number}", "07717\u00a0989\u00a0025")]
    style = Style(pack.script, 10, rtl=True)
    for text in texts:
        assert _keeps_its_pieces(text, style), text
    assert not _keeps_its_pieces("من 10:00\u201320:30", style)  # the check sees a bad one
