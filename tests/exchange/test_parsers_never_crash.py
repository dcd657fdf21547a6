"""Every reader of outside input, fed arbitrary bytes and wrongly shaped JSON: only the app's own
plain errors come out (one line, at most 400 characters, nothing invisible), never a crash.

The command lines are tested the same way in test_cli_odd_input.py."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import minisign
import pyrage
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from intake_app.domain.force_profile import ForceProfile
from intake_app.domain.report import Report
from intake_app.domain.vocabulary import load as load_vocabulary
from intake_app.domain.vocabulary import with_local_strands
from intake_app.exchange.batch_format import trusted_comment
from intake_app.exchange.force_profile_format import (
    ProfileInvalid,
    parse_profile,
    public_key,
    recipients,
)
from intake_app.exchange.receipts import ReceiptInvalid, read_receipt, sign_receipt
from intake_app.exchange.report_schema import sent_form
from intake_app.force.identity import add_centre
from intake_app.force.opening import BatchRefused, open_batch
from intake_app.support.errors import IntakeError
from intake_app.support.untrusted import MAX_MESSAGE, one_line
from tests.force.test_force_refusals import REPORT_ID, _report, craft, sealed

FUNCTION_FIXTURE = [HealthCheck.function_scoped_fixture, HealthCheck.too_slow]

# Text that has broken readers before: direction overrides, line breaks, lone surrogates (as JSON
# escapes), a byte-order mark, very long text.
nasty_text = st.one_of(
    st.text(max_size=30),
    st.sampled_from(["\u202e", "\u2066x\u2069", "a\nb", "\r", "\ufeff", "\x00", "x" * 5000,
                     "RIVA-2026-00001-I\n", "ab" * 16 + "\n", "../../etc/passwd", ""]),
)  # fmt: skip
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | nasty_text,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(nasty_text, inner, max_size=4),
    max_leaves=12,
)
raw_json_oddities = st.sampled_from([
    b"[" * 100_000, b'{"a": NaN}', b'{"a": Infinity}', b'{"a": 1, "a": 2}', b'"\\ud800"',
    b'{"x": ' + b"9" * 10_000 + b"}", b"\xef\xbb\xbf{}", b"\xff\xfe{}", b"", b"null", b"1e999",
])  # fmt: skip


def plain(error: IntakeError) -> None:
    """The error a person would see: the app's own, one short visible line."""
    text = str(error)
    assert text and text == one_line(text), text
    assert len(text) <= MAX_MESSAGE, text


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix]
    if isinstance(value, dict):
        for key, item in value.items():
            found += _paths(item, (*prefix, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += _paths(item, (*prefix, index))
    return found


@st.composite
def mutated(draw: st.DrawFn, document: dict[str, Any]) -> dict[str, Any]:
    """``document`` with one to three places changed: a value replaced by any JSON value, a
    field removed, or an unknown field added."""
    changed = copy.deepcopy(document)
    for _ in range(draw(st.integers(1, 3))):
        path = draw(st.sampled_from(_paths(changed)))
        if not path:
            continue
        parent = changed
        for step in path[:-1]:
            parent = parent[step]
        action = draw(st.sampled_from(["replace", "remove", "add"]))
        if action == "replace":
            parent[path[-1]] = draw(json_values)
        elif action == "remove":
            del parent[path[-1]]
        elif isinstance(parent, dict):
            parent[draw(nasty_text)] = draw(json_values)
    return changed


# --- batches: intake_app/force/opening.py --------------------------------------------------------


@pytest.fixture
def force_home(tmp_path: Path):  # type: ignore[no-untyped-def]
    home = tmp_path / "force"
    home.mkdir()
    identity = pyrage.x25519.Identity.generate()
    centre = minisign.KeyPair.generate()
    pub = tmp_path / "RIVA.pub"
    pub.write_text("untrusted comment: centre\n" + centre.public_key.to_base64().decode() + "\n")
    add_centre(home, pub, "RIVA")
    return home, identity, centre


def _refused_plainly(home: Path, path: Path, identity: pyrage.x25519.Identity) -> None:
    try:
        open_batch(home, path, identity)
    except BatchRefused as refused:
        plain(refused)


@settings(max_examples=150, deadline=None, suppress_health_check=FUNCTION_FIXTURE)
@given(raw=st.one_of(st.binary(max_size=2000), raw_json_oddities))
def test_any_bytes_as_a_batch_file_are_refused_plainly(force_home, raw: bytes) -> None:  # type: ignore[no-untyped-def]
    home, identity, _ = force_home
    (home / "x.intake").write_bytes(raw)
    with pytest.raises(BatchRefused) as refused:
        open_batch(home, home / "x.intake", identity)
    plain(refused.value)


@settings(max_examples=100, deadline=None, suppress_health_check=FUNCTION_FIXTURE)
@given(body=st.binary(max_size=2000), encrypt=st.booleans(),
       comment=st.one_of(st.just(trusted_comment("cd" * 16, 1, "RIVA")), st.text(max_size=60)))  # fmt: skip
def test_anything_signed_by_the_centre_is_refused_plainly(
    force_home, body: bytes, encrypt: bool, comment: str
) -> None:  # type: ignore[no-untyped-def]
    home, identity, centre = force_home
    if encrypt:
        body = pyrage.encrypt(body, [identity.to_public()])
    try:
        raw = sealed(body, centre, comment)
    except ValueError:
        return  # minisign will not sign a comment with a line break or other odd characters
    (home / "x.intake").write_bytes(raw)
    with pytest.raises(BatchRefused) as refused:
        open_batch(home, home / "x.intake", identity)
    plain(refused.value)


@settings(max_examples=150, deadline=None, suppress_health_check=FUNCTION_FIXTURE)
@given(data=st.data())
def test_wrongly_shaped_reports_in_a_signed_batch_are_refused_plainly(
    force_home, data: st.DataObject
) -> None:  # type: ignore[no-untyped-def]
    home, identity, centre = force_home
    document = data.draw(mutated(_report()))
    members = [(f"reports/{REPORT_ID}.json", json.dumps(document).encode())]
    path = craft(home, members, key=centre, recipient=identity.to_public())
    _refused_plainly(home, path, identity)


@settings(max_examples=150, deadline=None, suppress_health_check=FUNCTION_FIXTURE)
@given(data=st.data())
def test_wrongly_shaped_manifests_in_a_signed_batch_are_refused_plainly(
    force_home, data: st.DataObject
) -> None:  # type: ignore[no-untyped-def]
    home, identity, centre = force_home
    members = [(f"reports/{REPORT_ID}.json", json.dumps(_report()).encode())]
    good = craft(home, members, key=centre, recipient=identity.to_public())
    assert open_batch(home, good, identity).reports  # the base case opens
    manifest = {"format": "intake-batch", "version": 1, "centre_code": "RIVA", "batch_id": "cd" * 16,
                "sequence": 1, "previous_batch_sha256": "0" * 64, "created_at": "2026-11-21T10:00:00Z",
                "force_code": "leicestershire", "report_count": 1, "members": []}  # fmt: skip
    changes = data.draw(mutated(manifest))
    path = craft(home, members, key=centre, recipient=identity.to_public(),
                 manifest_changes=changes)  # fmt: skip
    _refused_plainly(home, path, identity)


# --- receipts: intake_app/exchange/receipts.py ---------------------------------------------------

FORCE = minisign.KeyPair.generate()
RECEIPT = {"format": "intake-receipt", "version": 1, "force_code": "leicestershire",
           "centre_code": "RIVA", "batch_id": "cd" * 16, "sequence": 1, "batch_sha256": "0" * 64,
           "created_at": "2026-11-21T12:00:00Z",
           "reports": [{"id": REPORT_ID, "reference": "RIVA-2026-00001-I", "outcome": "accepted",
                        "reason": ""}]}  # fmt: skip


def _read(raw: bytes) -> None:
    try:
        read_receipt(raw, FORCE.public_key)
    except ReceiptInvalid as refused:
        plain(refused)


@settings(max_examples=200, deadline=None)
@given(raw=st.one_of(st.binary(max_size=2000), raw_json_oddities,
                     json_values.map(lambda v: json.dumps(v).encode())))  # fmt: skip
def test_any_bytes_as_a_receipt_are_refused_plainly(raw: bytes) -> None:
    with pytest.raises(ReceiptInvalid) as refused:
        read_receipt(raw, FORCE.public_key)
    plain(refused.value)


@settings(max_examples=200, deadline=None)
@given(body=st.one_of(st.binary(max_size=2000), raw_json_oddities))
def test_any_body_signed_by_the_force_is_refused_plainly(body: bytes) -> None:
    from intake_app.exchange.receipts import UNTRUSTED_COMMENT
    from intake_app.exchange.signed_file import signature_block

    block = signature_block(FORCE.secret_key, body, untrusted_comment=UNTRUSTED_COMMENT,
                            trusted_comment="intake receipt " + "cd" * 16)  # fmt: skip
    with pytest.raises(ReceiptInvalid) as refused:
        read_receipt(block + body, FORCE.public_key)
    plain(refused.value)


@settings(max_examples=300, deadline=None)
@given(receipt=mutated(RECEIPT))
def test_wrongly_shaped_signed_receipts_are_refused_plainly(receipt: dict[str, Any]) -> None:
    try:
        raw = sign_receipt(receipt, FORCE.secret_key)
    except (KeyError, TypeError, ValueError):
        return  # the force's own writer needs a batch id it can put in the signature
    _read(raw)


def test_a_receipt_listing_a_report_twice_is_refused() -> None:
    twice = {**RECEIPT, "reports": RECEIPT["reports"] * 2}
    with pytest.raises(ReceiptInvalid, match="more than once"):
        read_receipt(sign_receipt(twice, FORCE.secret_key), FORCE.public_key)


@pytest.mark.parametrize(("field", "value"), [("sequence", "1"), ("sequence", True),
                         ("version", True), ("batch_id", "CD" * 16), ("reports", {}),
                         ("batch_sha256", "0" * 64 + "\n"), ("created_at", 20261121)])  # fmt: skip
def test_a_receipt_field_of_the_wrong_kind_is_refused(field: str, value: object) -> None:
    with pytest.raises(ReceiptInvalid):
        read_receipt(sign_receipt({**RECEIPT, field: value}, FORCE.secret_key), FORCE.public_key)


# --- force profiles: intake_app/exchange/force_profile_format.py ----------------------------------------

PROFILE = ForceProfile(
    force_code="leicestershire", force_name="Leicestershire Police",
    age_recipients=(str(pyrage.x25519.Identity.generate().to_public()),),
    minisign_public_key=FORCE.public_key.to_base64().decode(),
    helplines=({"name": "Victim First", "phone": "0800 953 95 95"},
               {"name": "Local Line", "phone": "0800 111 2222", "text": "07700 900 123",
                "note_key": "open_24_7", "coordinator_note": "check this number",
                "web": "example.org", "note": "older, English", "last_checked": "2026-11-01"}),
    local_strands=({"code": "sex_or_gender", "label": "Sex or gender (misogyny)"},),
).to_json()  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(raw=st.one_of(st.binary(max_size=2000), raw_json_oddities,
                     json_values.map(lambda v: json.dumps(v).encode()),
                     mutated(PROFILE).map(lambda d: json.dumps(d).encode())))  # fmt: skip
def test_any_force_profile_is_read_or_refused_plainly(raw: bytes) -> None:
    try:
        profile = parse_profile(raw)
    except ProfileInvalid as refused:
        plain(refused)
        return
    assert len(profile.fingerprint) == 39 and recipients(profile) and public_key(profile)
    with_local_strands(load_vocabulary(), profile.local_strands)  # as every session does
    assert all(line.name and (line.phone or line.web or line.note_key) for line in profile.contacts)


def test_a_profile_keeps_its_helplines_notes_and_an_older_one_still_reads() -> None:
    (first, local) = parse_profile(json.dumps(PROFILE).encode()).contacts
    assert (first.name, first.note_key, first.coordinator_note) == ("Victim First", "", "")
    assert (local.note_key, local.coordinator_note, local.text, local.note) == (
        "open_24_7", "check this number", "07700 900 123", "older, English")  # fmt: skip
    older = {**PROFILE, "helplines": [{"name": "Victim First", "phone": "0800 953 95 95",
                                       "note": "weekdays", "last_checked": "2024-01-01"}]}  # fmt: skip
    (line,) = parse_profile(json.dumps(older).encode()).contacts
    assert (line.note, line.note_key, line.coordinator_note) == ("weekdays", "", "")


def test_a_recipients_profile_says_its_kind_and_a_forces_keeps_its_fingerprint() -> None:
    force = parse_profile(json.dumps(PROFILE).encode())
    assert force.kind == "police" and "kind" not in force.to_json()
    assert force.fingerprint == ForceProfile(**{**force.__dict__}).fingerprint
    council = parse_profile(json.dumps({**PROFILE, "kind": "council"}).encode())
    assert council.kind == "council" and council.fingerprint != force.fingerprint
    assert parse_profile(council.to_bytes()) == council


@settings(max_examples=100, deadline=None)
@given(kind=json_values)
def test_a_profile_of_any_other_kind_is_refused(kind: Any) -> None:
    """Only the kinds the app knows, and never "police" written out (a force's profile says
    nothing of its kind, so its fingerprint is the one it always had)."""
    raw = json.dumps({**PROFILE, "kind": kind}).encode()
    if kind in ("council", "housing", "school", "support"):
        assert parse_profile(raw).kind == kind
    else:
        with pytest.raises(ProfileInvalid):
            parse_profile(raw)


@pytest.mark.parametrize("name", ["Leicester\u202eecilop", "Police\u2066", "Po\u200blice", "A\nB"])
def test_a_force_name_with_invisible_or_direction_characters_is_refused(name: str) -> None:
    with pytest.raises(ProfileInvalid):
        parse_profile(json.dumps({**PROFILE, "force_name": name}).encode())


# --- the report JSON of `intake report add` ----------------------------------------------------------


@settings(max_examples=300, deadline=None)
@given(data=st.one_of(json_values, mutated(sent_form(Report()))))
def test_any_json_as_a_report_gives_problems_never_an_exception(data: Any) -> None:
    report, problems = Report.from_dict(data)
    assert isinstance(report, Report)
    assert all(isinstance(p, str) and isinstance(m, str) for p, m in problems)


# --- notices (batch format 3): amendments and erasures -------------------------------------------

NOTICE_ID = "ef" * 16


def _notice_members(amendment: Any, erasure: Any) -> list[tuple[str, bytes]]:
    return [(f"amendments/{REPORT_ID}.json", json.dumps(amendment).encode()),
            (f"erasures/{NOTICE_ID}.json", json.dumps(erasure).encode())]  # fmt: skip


ERASURE = {"format": "intake-erasure/1", "id": NOTICE_ID, "reference": "RIVA-2026-00002-Q",
           "centre_code": "RIVA"}  # fmt: skip


@settings(max_examples=150, deadline=None, suppress_health_check=FUNCTION_FIXTURE)
@given(data=st.data(), which=st.sampled_from(["amendment", "erasure", "manifest"]))
def test_wrongly_shaped_notices_in_a_signed_batch_are_read_exactly_or_refused_plainly(
    force_home, data: st.DataObject, which: str
) -> None:  # type: ignore[no-untyped-def]
    from tests.batch_craft import craft_batch

    home, identity, centre = force_home
    amendment, erasure, changes = _report(), dict(ERASURE), None
    if which == "amendment":
        amendment = data.draw(mutated(amendment))
    elif which == "erasure":
        erasure = data.draw(mutated(erasure))
    else:
        changes = data.draw(mutated({"version": 3, "amendment_count": 1, "erasure_count": 1,
                                     "report_count": 0}))  # fmt: skip
    raw = craft_batch(_notice_members(amendment, erasure), key=centre,
                      recipient=identity.to_public(), manifest_changes=changes)  # fmt: skip
    (home / "x.intake").write_bytes(raw)
    try:
        opened = open_batch(home, home / "x.intake", identity)
    except BatchRefused as refused:
        plain(refused)
        return
    assert opened.erasures == [ERASURE] and [a["id"] for a in opened.amendments] == [REPORT_ID]


RECEIPT_3 = {**RECEIPT, "version": 3, "audit_head": "1:" + "a" * 64,
             "notices": [{"id": NOTICE_ID, "reference": "RIVA-2026-00002-Q", "kind": "erasure",
                          "outcome": "applied", "reason": ""}]}  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(receipt=mutated(RECEIPT_3))
def test_wrongly_shaped_signed_receipts_with_notices_are_refused_plainly(
    receipt: dict[str, Any],
) -> None:
    try:
        raw = sign_receipt(receipt, FORCE.secret_key)
    except (KeyError, TypeError, ValueError):
        return
    _read(raw)


@settings(max_examples=500, deadline=None)
@given(name=st.one_of(nasty_text, st.from_regex(
    r"(reports|attachments|amendments|erasures|\.\.|/x)/[0-9a-fA-F./]{30,34}\.(json|png|pdf|exe)\n?",
    fullmatch=True)))  # fmt: skip
def test_only_the_fixed_member_names_are_allowed(name: str) -> None:
    import re

    from intake_app.exchange.batch_format import member_name_ok

    fixed = re.compile(r"(reports|amendments|erasures)/[0-9a-f]{32}\.json"
                       r"|attachments/[0-9a-f]{32}\.(jpg|png|gif|webp|pdf)"
                       r"|manifest\.json|manifest\.json\.minisig")  # fmt: skip
    assert member_name_ok(name) == bool(fixed.fullmatch(name))
