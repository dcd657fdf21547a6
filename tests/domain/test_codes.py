"""Recovery keys and report references catch the mistakes people make copying them."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from intake_app.domain import reference
from intake_app.storage import recovery_key
from intake_app.support.errors import InvalidRecoveryKey

secrets_ = st.binary(min_size=15, max_size=15)


@settings(max_examples=200, deadline=None)
@given(secrets_)
def test_recovery_key_round_trips_in_any_case_and_spacing(secret: bytes) -> None:
    text = recovery_key.format_key(secret)
    assert len(text.split("-")) == 6
    assert recovery_key.parse_key(text) == secret
    assert recovery_key.parse_key(text.lower().replace("-", " ")) == secret


@settings(max_examples=300, deadline=None)
@given(
    secret=secrets_, position=st.integers(0, 29), replacement=st.sampled_from(recovery_key.ALPHABET)
)
def test_any_single_mistyped_character_is_caught(
    secret: bytes, position: int, replacement: str
) -> None:
    chars = recovery_key.format_key(secret).replace("-", "")
    if chars[position] == replacement:
        return
    typo = chars[:position] + replacement + chars[position + 1 :]
    with pytest.raises(InvalidRecoveryKey, match=f"Group {position // 5 + 1}"):
        recovery_key.parse_key(typo)


@settings(max_examples=300, deadline=None)
@given(secret=secrets_, position=st.integers(0, 28))
def test_swapped_neighbours_are_caught(secret: bytes, position: int) -> None:
    chars = recovery_key.format_key(secret).replace("-", "")
    if chars[position] == chars[position + 1]:
        return
    swapped = chars[:position] + chars[position + 1] + chars[position] + chars[position + 2 :]
    with pytest.raises(InvalidRecoveryKey):
        recovery_key.parse_key(swapped)


@settings(max_examples=200, deadline=None)
@given(secret=secrets_, a=st.integers(0, 5), b=st.integers(0, 5))
def test_swapped_groups_are_caught(secret: bytes, a: int, b: int) -> None:
    groups = recovery_key.format_key(secret).split("-")
    if groups[a] == groups[b]:
        return
    groups[a], groups[b] = groups[b], groups[a]
    with pytest.raises(InvalidRecoveryKey):
        recovery_key.parse_key("-".join(groups))


def test_wrong_length_says_how_long_a_key_is() -> None:
    with pytest.raises(InvalidRecoveryKey, match="6 groups of 5"):
        recovery_key.parse_key("ABCD")


@settings(max_examples=300, deadline=None)
@given(
    code=st.from_regex(r"[A-Z][A-Z0-9]{1,7}", fullmatch=True),
    year=st.integers(2020, 2099),
    sequence=st.integers(1, 99_999),
    position=st.integers(0, 30),
    replacement=st.sampled_from(reference.ALPHABET),
)
def test_reference_check_catches_one_wrong_character(
    code: str, year: int, sequence: int, position: int, replacement: str
) -> None:
    ref = reference.make(code, year, sequence)
    assert reference.is_valid(ref)
    assert reference.is_valid(ref.lower())
    position %= len(ref)
    if ref[position] == "-" or ref[position] == replacement:
        return
    typo = ref[:position] + replacement + ref[position + 1 :]
    if position < len(code) and not reference.CENTRE_CODE.match(typo.split("-")[0]):
        return
    assert not reference.is_valid(typo)
