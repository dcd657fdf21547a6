"""The sealed values in the force's database, and the fields kept in clear beside them, fed
arbitrary input: a sealed value opens only as it was sealed, for its own row, and anything else
is the plain refusal; the clear fields are only dates, codes and strand codes, whatever a report
holds."""

from __future__ import annotations

import re
import secrets
from typing import Any

import pytest
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from hypothesis import given, settings
from hypothesis import strategies as st

from intake_app.force import content_keys
from intake_app.force.content_keys import ContentKeys
from intake_app.force.schema import clear_fields
from intake_app.support.errors import IntakeError

KEYS = ContentKeys({1: AESGCM(secrets.token_bytes(32)), 2: AESGCM(secrets.token_bytes(32))}, 2)
CONTEXT = content_keys.report_context("ab" * 16)
DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


@settings(max_examples=300)
@given(st.binary(max_size=200))
def test_arbitrary_bytes_never_open(raw: bytes) -> None:
    with pytest.raises(IntakeError, match="changed outside intake-force"):
        KEYS.open(raw, CONTEXT)


@settings(max_examples=200)
@given(st.binary(max_size=300), st.integers(min_value=0), st.integers(min_value=0, max_value=255))
def test_a_sealed_value_opens_only_unchanged_and_in_its_own_row(
    plain: bytes, at: int, flip: int
) -> None:
    sealed = KEYS.seal(plain, CONTEXT)
    assert KEYS.open(sealed, CONTEXT) == plain
    with pytest.raises(IntakeError):
        KEYS.open(sealed, content_keys.report_context("cd" * 16))
    with pytest.raises(IntakeError):
        KEYS.open(sealed, content_keys.attachment_context("ab" * 16, "attachments/x.png"))
    if flip:
        changed = bytearray(sealed)
        changed[at % len(changed)] ^= flip
        with pytest.raises(IntakeError):
            KEYS.open(bytes(changed), CONTEXT)
    with pytest.raises(IntakeError):
        KEYS.open(sealed[: at % len(sealed)], CONTEXT)


def test_a_value_sealed_under_a_key_not_held_does_not_open() -> None:
    sealed = KEYS.seal(b"report", CONTEXT)
    with pytest.raises(IntakeError):
        ContentKeys({1: KEYS.keys[1]}, 1).open(sealed, CONTEXT)
    assert ContentKeys({2: KEYS.keys[2]}, 2).open(sealed, CONTEXT) == b"report"


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=30),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4),
    max_leaves=20,
)  # fmt: skip


@settings(max_examples=300)
@given(
    st.fixed_dictionaries(
        {},
        optional={
            "created_at": JSON | st.text(max_size=30),
            "report": st.fixed_dictionaries(
                {},
                optional={
                    "when": st.fixed_dictionaries({}, optional={"start": JSON}) | JSON,
                    "consent": JSON,
                    "strands": st.lists(
                        st.fixed_dictionaries({}, optional={"strand": JSON | st.text(max_size=45)})
                        | JSON,
                        max_size=5,
                    ),
                },
            )
            | JSON,
        },
    )
)
def test_the_clear_fields_are_only_dates_and_codes(document: dict[str, Any]) -> None:
    made, began, consent, strands = clear_fields(document)
    assert made is None or DAY.fullmatch(made)
    assert began is None or DAY.fullmatch(began)
    assert consent is None or re.fullmatch(r"[a-z0-9_-]{1,40}", consent)
    assert all(re.fullmatch(r"[a-z0-9_-]{1,40}", s) for s in strands)
