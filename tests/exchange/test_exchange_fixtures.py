"""The committed bad batches and receipts: each refused with its own message, nothing imported."""

from __future__ import annotations

import shutil
from pathlib import Path

import minisign
import pyrage
import pytest

from intake_app.exchange.receipts import ReceiptInvalid, read_receipt
from intake_app.force.identity import add_centre
from intake_app.force.opening import BatchRefused, open_batch
from intake_app.force.store import ForceStore

FIXTURES = Path(__file__).parents[1] / "fixtures" / "exchange"
IDENTITY = pyrage.x25519.Identity.from_str((FIXTURES / "force-identity.txt").read_text().strip())
FORCE_KEY = minisign.PublicKey.from_base64(
    (FIXTURES / "force-receipt-key.pub").read_text().strip().encode()
)


@pytest.fixture
def home(tmp_path: Path) -> Path:
    add_centre(tmp_path, FIXTURES / "centre.pub", "RIVA")
    return tmp_path


def test_the_good_fixture_opens_and_imports(home: Path) -> None:
    opened = open_batch(home, FIXTURES / "good.intake", IDENTITY)
    store = ForceStore(home, IDENTITY)
    assert store.import_batch(opened).new_reports == 1
    store.close()


@pytest.mark.parametrize(
    ("fixture", "message"),
    [
        ("truncated.intake", "signature does not match"),  # the signature covers every byte
        ("bit-flipped.intake", "signature does not match"),
        ("old-format.intake", "older version of Intake"),
        ("wrong-recipient.intake", "not addressed to this force"),
        ("escaping-name.intake", "name or kind that is not allowed"),
        ("bad-signature.intake", "signature does not match"),
        ("manifest-mismatch.intake", "does not match the hash"),
        ("schema-violation.intake", "report schema"),
    ],
)
def test_each_bad_batch_is_refused_and_nothing_is_written(
    home: Path, fixture: str, message: str
) -> None:
    copy = home / fixture
    shutil.copy(FIXTURES / fixture, copy)
    with pytest.raises(BatchRefused, match=message):
        open_batch(home, copy, IDENTITY)
    assert not (home / "force.db").exists()


def test_a_batch_from_an_unregistered_centre_is_refused(tmp_path: Path) -> None:
    with pytest.raises(BatchRefused, match="not registered"):
        open_batch(tmp_path, FIXTURES / "good.intake", IDENTITY)


def test_the_good_receipt_reads() -> None:
    receipt = read_receipt((FIXTURES / "receipt-good.receipt").read_bytes(), FORCE_KEY)
    assert receipt["reports"][0]["outcome"] == "accepted"


@pytest.mark.parametrize(
    ("fixture", "message"),
    [
        ("receipt-forged.receipt", "signature does not match"),
        ("receipt-other-key.receipt", "signature does not match"),
        ("receipt-malformed.receipt", "signed by the force but is not valid JSON"),
        ("receipt-duplicate.receipt", "lists a report more than once"),
        ("receipt-old-format.json", "older version of intake-force"),
    ],
)
def test_each_bad_receipt_is_refused(fixture: str, message: str) -> None:
    with pytest.raises(ReceiptInvalid, match=message):
        read_receipt((FIXTURES / fixture).read_bytes(), FORCE_KEY)
