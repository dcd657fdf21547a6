"""The update-file reader, fed arbitrary bytes and wrongly shaped JSON under a good signature:
only its own plain refusal comes out, never a crash; whatever it accepts is within every limit."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import minisign
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from intake_app.domain.text_rules import name_problem
from intake_app.exchange.case_updates import (
    MAX_CRIME_REFERENCE,
    MAX_OUTCOME,
    UNTRUSTED_COMMENT,
    CaseUpdate,
    UpdateFile,
    UpdatesInvalid,
    read_updates,
    sign_updates,
    trusted_comment,
)
from intake_app.exchange.signed_file import signature_block
from tests.exchange.test_parsers_never_crash import json_values, mutated, plain, raw_json_oddities

FORCE = minisign.KeyPair.generate()
GOOD = UpdateFile("leicestershire", "RIVA", 1, "2026-11-21T12:00:00Z", (
    CaseUpdate("ab" * 16, "RIVA-2026-00001-I", date(2026, 11, 21), "LP/1", "crime",
               date(2026, 11, 20), "Charged", True),
))  # fmt: skip


def _signed_body(document: Any, comment: str = trusted_comment("RIVA", 1)) -> bytes:
    body = json.dumps(document).encode()
    block = signature_block(FORCE.secret_key, body, untrusted_comment=UNTRUSTED_COMMENT,
                            trusted_comment=comment)  # fmt: skip
    return block + body


def test_a_good_file_reads_back_as_written() -> None:
    assert read_updates(sign_updates(GOOD, FORCE.secret_key), FORCE.public_key) == GOOD


def test_a_file_signed_by_another_key_is_refused() -> None:
    other = sign_updates(GOOD, minisign.KeyPair.generate().secret_key)
    with pytest.raises(UpdatesInvalid, match="signature does not match"):
        read_updates(other, FORCE.public_key)


def test_a_signature_naming_another_number_is_refused() -> None:
    with pytest.raises(UpdatesInvalid, match="another file"):
        read_updates(_signed_body(GOOD.to_json(), trusted_comment("RIVA", 2)), FORCE.public_key)


@settings(max_examples=200, deadline=None)
@given(raw=st.one_of(st.binary(max_size=2000), raw_json_oddities,
                     json_values.map(lambda v: json.dumps(v).encode())))  # fmt: skip
def test_any_bytes_as_an_update_file_are_refused_plainly(raw: bytes) -> None:
    with pytest.raises(UpdatesInvalid) as refused:
        read_updates(raw, FORCE.public_key)
    plain(refused.value)


@settings(max_examples=300, deadline=None)
@given(data=st.data())
def test_wrongly_shaped_files_under_a_good_signature_are_refused_plainly_or_within_limits(
    data: st.DataObject,
) -> None:
    document = data.draw(mutated(GOOD.to_json()))
    comment = trusted_comment(str(document.get("centre_code")), document.get("sequence"))  # type: ignore[arg-type]
    try:
        raw = _signed_body(document, comment)
    except ValueError:
        return  # minisign will not sign a comment with a line break
    try:
        parsed = read_updates(raw, FORCE.public_key)
    except UpdatesInvalid as refused:
        plain(refused)
        return
    for update in parsed.updates:  # what got through is one line, short, without controls
        assert name_problem(update.crime_reference, MAX_CRIME_REFERENCE) is None
        assert name_problem(update.outcome, MAX_OUTCOME) is None
        assert update.crime_reference.strip()
        assert isinstance(update.closed, bool)


@settings(max_examples=100, deadline=None)
@given(
    crime_reference=st.text(min_size=1, max_size=MAX_CRIME_REFERENCE),
    outcome=st.text(max_size=MAX_OUTCOME),
)
def test_any_acceptable_text_survives_the_round_trip(crime_reference: str, outcome: str) -> None:
    if name_problem(crime_reference, MAX_CRIME_REFERENCE) or name_problem(outcome, MAX_OUTCOME):
        return
    if not crime_reference.strip():
        return
    update = CaseUpdate("ab" * 16, "RIVA-2026-00001-I", date(2026, 11, 21), crime_reference,
                        "incident", None, outcome, False)  # fmt: skip
    file = UpdateFile("leicestershire", "RIVA", 7, "2026-11-21T12:00:00Z", (update,))
    assert read_updates(sign_updates(file, FORCE.secret_key), FORCE.public_key) == file


def test_the_published_schema_accepts_what_the_force_writes() -> None:
    import jsonschema

    published = json.loads(Path("docs/schema/case-updates-v1.schema.json").read_text())
    jsonschema.validate(GOOD.to_json(), published)
    for name in ("good-1.updates", "good-2.updates"):
        raw = (Path("tests/fixtures/case_updates") / name).read_bytes()
        body = raw.split(b"\n", 4)[4]
        jsonschema.validate(json.loads(body), published)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({**GOOD.to_json(), "sequence": 0}, published)
