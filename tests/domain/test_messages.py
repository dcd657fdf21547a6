"""Messages that quote input stay one short, visible line; names and references cannot hide
direction-changing or invisible characters."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from intake_app.app.session import Session, create_store
from intake_app.domain.text_rules import BIDI_CONTROLS, name_problem, text_problem
from intake_app.force.identity import keygen
from intake_app.services.users import check_user_name
from intake_app.storage.kdf import TEST_PARAMS
from intake_app.support.errors import IntakeError
from intake_app.support.untrusted import MAX_MESSAGE, one_line, quoted
from tests.conftest import PASSPHRASE, full_report

HIDDEN = ("Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp")


@given(st.text())
def test_an_error_line_is_short_single_and_visible(text: str) -> None:
    line = one_line(text)
    assert len(line) <= MAX_MESSAGE
    assert not any(unicodedata.category(c) in HIDDEN for c in line)
    assert len(line.splitlines()) <= 1


@given(st.text())
@example("…")  # typed by the person: not a sign that anything was cut
def test_quoted_input_is_at_most_40_characters_and_visible(text: str) -> None:
    shown = quoted(text)
    assert shown.startswith("'") and shown.endswith("'")
    assert not any(unicodedata.category(c) in HIDDEN for c in shown)
    assert len(shown) <= 2 + 10 * min(len(text), 40) + 1  # an escape is at most 10 characters
    assert shown.endswith("…'") == (len(text) > 40 or text.endswith("…"))
    if len(text) <= 40:  # nothing cut: every character is there, shown or escaped
        assert len(shown) >= 2 + len(text)


def test_quoting_shows_what_is_hidden() -> None:
    assert quoted("evil\u202etxt.exe") == "'evil\\u202etxt.exe'"
    assert quoted("a\nb") == "'a\\u000ab'"
    assert quoted("x" * 50) == "'" + "x" * 40 + "…'"


@pytest.mark.parametrize("control", sorted(BIDI_CONTROLS))
def test_direction_changing_characters_are_refused_in_any_text(control: str) -> None:
    assert text_problem(f"abc{control}def", 200, multiline=True)
    assert name_problem(f"Riverside{control} Centre", 120)


@pytest.mark.parametrize("name", ["Riverside\u200b Centre", "Riverside\ufeff", "Line\u2028break"])
def test_other_invisible_formatting_is_refused_in_names(name: str) -> None:
    assert name_problem(name, 120)


def test_joiners_that_spell_words_are_allowed_in_names() -> None:
    assert name_problem("مرکز می\u200cخواهم", 120) is None  # Persian: zero-width non-joiner
    assert name_problem("ਸਿੱਖ ਕੇਂਦਰ\u200d", 120) is None


def test_report_text_with_a_direction_override_is_refused_as_control_characters_are(
    session: Session,
) -> None:
    with pytest.raises(IntakeError, match=r"description: .* changes the direction"):
        session.reports.create_draft(full_report(description="He said \u202eflesym\u202c"))


def test_centre_and_user_names_refuse_direction_changing_characters(
    tmp_path: Path, session: Session
) -> None:
    with pytest.raises(IntakeError, match="changes the direction"):
        create_store(tmp_path / "other", centre_name="Hill\u202eside", centre_code="HILL",
                     user_name="Amina", passphrase=PASSPHRASE, params=TEST_PARAMS)  # fmt: skip
    with pytest.raises(IntakeError):
        check_user_name("Am\u2066ina")
    with pytest.raises(IntakeError, match="invisible formatting"):
        session.settings.set_centre_name("Riverside\u200b Advice Centre")
    with pytest.raises(IntakeError, match="changes the direction"):
        keygen(tmp_path / "force", "Leicestershire \u202ePolice", "leicestershire", "a" * 16)
