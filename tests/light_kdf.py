"""Cheaper key derivation for tests that are not about key derivation.

Every command-line call unlocks the store again, paying the production Argon2id cost (about
0.35 s on two free cores, over a second on a busy machine), and every ``intake-force`` call
opens the force's keys with age's scrypt (about a second). Tests of the hand-off, of odd input
and of the commands themselves make dozens of such calls, so they use these instead (the
``light_kdf`` fixture in conftest, or ``light_kdf_context`` for a fixture wider than a test):

- stores made by ``create_store`` without explicit settings (the command line's ``init``)
  get ``TEST_PARAMS``, as the library tests' stores do;
- the force's keys are opened for real once for each set of key files and passphrase, and the
  result reused for the same files and passphrase. A wrong passphrase or a changed file is
  never remembered, so it still fails the real way.

The production settings stay covered: the setup wizard tests make stores with them, and
``tests/storage/test_key_slots.py`` checks the bounds a slot file must respect.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import minisign
import pyrage
import pytest

from intake_app.force import identity
from intake_app.storage import keyslots
from intake_app.storage.kdf import TEST_PARAMS, Argon2Params

_REAL_NEW = keyslots.new
_REAL_SECRETS_FOR = identity.secrets_for
_OPENED: dict[bytes, tuple[pyrage.x25519.Identity, minisign.SecretKey]] = {}


def _light_new(params: Argon2Params, device_bound: bool) -> keyslots.SlotFile:
    return _REAL_NEW(TEST_PARAMS, device_bound)


def _key_files(home: Path, passphrase: str) -> bytes | None:
    digest = hashlib.sha256(passphrase.encode())
    for name in ("identity.age", "signing.key"):
        try:
            digest.update(b"\x00" + (home / name).read_bytes())
        except OSError:
            return None
    return digest.digest()


def _remembered_secrets_for(
    home: Path, passphrase: str
) -> tuple[pyrage.x25519.Identity, minisign.SecretKey]:
    key = _key_files(home, passphrase)
    if key is not None and key in _OPENED:
        return _OPENED[key]
    opened = _REAL_SECRETS_FOR(home, passphrase)  # raises as it would for a wrong passphrase
    if key is not None:
        _OPENED[key] = opened
    return opened


def use_light_kdf(patch: pytest.MonkeyPatch) -> None:
    """Both cheaper derivations, undone with ``patch``."""
    patch.setattr(keyslots, "new", _light_new)
    patch.setattr(identity, "secrets_for", _remembered_secrets_for)


@contextmanager
def light_kdf_context() -> Iterator[None]:
    """The same for a fixture wider than one test (which cannot use ``monkeypatch``)."""
    with pytest.MonkeyPatch.context() as patch:
        use_light_kdf(patch)
        yield
