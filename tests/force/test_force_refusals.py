"""intake-force refuses every kind of bad batch, with one message, and writes nothing."""

from __future__ import annotations

import hashlib
import io
import json
import tarfile
from pathlib import Path

import minisign
import pyrage
import pytest

from intake_app.exchange.batch_format import MAX_BATCH_BYTES, UNTRUSTED_COMMENT, trusted_comment
from intake_app.exchange.signed_file import signature_block
from intake_app.force.identity import add_centre
from intake_app.force.opening import BatchRefused, check_signature, open_batch, open_signed

REPORT_ID = "ab" * 16


def _report(**changes: object) -> dict[str, object]:
    from intake_app.domain.report_template import example_report
    from intake_app.exchange.report_schema import sent_form

    document: dict[str, object] = {
        "format": "intake-report/2", "id": REPORT_ID, "reference": "RIVA-2026-00001-I",
        "centre_code": "RIVA", "created_at": "2026-11-21T10:00:00Z", "identifying_details": True,
        "attachments": [], "report": sent_form(example_report()),
    }  # fmt: skip
    document.update(changes)
    return document


def craft(home: Path, members: list[tuple[str, bytes]], *, key: minisign.KeyPair, recipient: object,
          manifest_changes: dict[str, object] | None = None, kind: bytes = tarfile.REGTYPE) -> Path:  # fmt: skip
    listed = [
        {"name": n, "size": len(c), "sha256": hashlib.sha256(c).hexdigest()} for n, c in members
    ]
    manifest = {
        "format": "intake-batch", "version": 1, "centre_code": "RIVA", "batch_id": "cd" * 16,
        "sequence": 1, "previous_batch_sha256": "0" * 64, "created_at": "2026-11-21T10:00:00Z",
        "force_code": "leicestershire", "report_count": 1, "members": listed,
    }  # fmt: skip
    manifest.update(manifest_changes or {})
    body = json.dumps(manifest).encode()
    comment = trusted_comment("cd" * 16, 1, "RIVA")
    signature = bytes(key.secret_key.sign(body, trusted_comment=comment))
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w") as tar:
        for name, content in [
            *members,
            ("manifest.json", body),
            ("manifest.json.minisig", signature),
        ]:
            info = tarfile.TarInfo(name)
            info.size, info.type = (
                len(content),
                (kind if name.startswith("reports/") else tarfile.REGTYPE),
            )
            if info.type == tarfile.SYMTYPE:
                info.linkname, info.size = "/etc/passwd", 0
                tar.addfile(info)
            else:
                tar.addfile(info, io.BytesIO(content))
    path = home / "crafted.intake"
    path.write_bytes(sealed(pyrage.encrypt(buffer.getvalue(), [recipient]), key, comment))
    return path


def sealed(encrypted: bytes, key: minisign.KeyPair, comment: str) -> bytes:
    """The batch file: the centre's signature of the encrypted bytes, then those bytes."""
    return signature_block(key.secret_key, encrypted, untrusted_comment=UNTRUSTED_COMMENT,
                           trusted_comment=comment) + encrypted  # fmt: skip


@pytest.fixture
def setup(tmp_path: Path):  # type: ignore[no-untyped-def]
    home = tmp_path / "force"
    home.mkdir()
    identity = pyrage.x25519.Identity.generate()
    centre_keys = minisign.KeyPair.generate()
    pub = tmp_path / "RIVA.pub"
    pub.write_text(
        "untrusted comment: centre\n" + centre_keys.public_key.to_base64().decode() + "\n"
    )
    add_centre(home, pub, "RIVA")
    return home, identity, centre_keys


def test_a_well_formed_crafted_batch_opens(setup) -> None:  # type: ignore[no-untyped-def]
    home, identity, keys = setup
    good = craft(
        home,
        [(f"reports/{REPORT_ID}.json", json.dumps(_report()).encode())],
        key=keys,
        recipient=identity.to_public(),
    )
    assert len(open_batch(home, good, identity).reports) == 1


@pytest.mark.parametrize("name", ["../escape.json", "reports/../../etc/x.json", "/abs/path.json",
                                  "reports/evil.json", "notes.txt"])  # fmt: skip
def test_member_names_that_escape_or_do_not_fit_are_refused(setup, name: str) -> None:  # type: ignore[no-untyped-def]
    home, identity, keys = setup
    path = craft(home, [(name, b"{}")], key=keys, recipient=identity.to_public())
    with pytest.raises(BatchRefused, match="name or kind that is not allowed"):
        open_batch(home, path, identity)


def test_links_are_refused(setup) -> None:  # type: ignore[no-untyped-def]
    home, identity, keys = setup
    path = craft(
        home,
        [(f"reports/{REPORT_ID}.json", b"")],
        key=keys,
        recipient=identity.to_public(),
        kind=tarfile.SYMTYPE,
    )
    with pytest.raises(BatchRefused, match="not allowed"):
        open_batch(home, path, identity)


def test_wrong_recipient_is_refused(setup) -> None:  # type: ignore[no-untyped-def]
    home, identity, keys = setup
    someone_else = pyrage.x25519.Identity.generate().to_public()
    path = craft(
        home,
        [(f"reports/{REPORT_ID}.json", json.dumps(_report()).encode())],
        key=keys,
        recipient=someone_else,
    )
    with pytest.raises(BatchRefused, match="not addressed to this force"):
        open_batch(home, path, identity)


def test_signature_by_another_key_is_refused(setup) -> None:  # type: ignore[no-untyped-def]
    home, identity, _ = setup
    path = craft(home, [(f"reports/{REPORT_ID}.json", json.dumps(_report()).encode())],
                 key=minisign.KeyPair.generate(), recipient=identity.to_public())  # fmt: skip
    with pytest.raises(BatchRefused, match="signature does not match"):
        open_batch(home, path, identity)


def test_manifest_that_does_not_match_is_refused(setup) -> None:  # type: ignore[no-untyped-def]
    home, identity, keys = setup
    members = [(f"reports/{REPORT_ID}.json", json.dumps(_report()).encode())]
    wrong_hash = [{"name": members[0][0], "size": 1, "sha256": "0" * 64}]
    path = craft(
        home,
        members,
        key=keys,
        recipient=identity.to_public(),
        manifest_changes={"members": wrong_hash},
    )
    with pytest.raises(BatchRefused, match="does not match the hash"):
        open_batch(home, path, identity)
    path = craft(
        home, members, key=keys, recipient=identity.to_public(), manifest_changes={"members": []}
    )
    with pytest.raises(BatchRefused, match="do not match its manifest"):
        open_batch(home, path, identity)


def test_schema_violation_is_refused(setup) -> None:  # type: ignore[no-untyped-def]
    home, identity, keys = setup
    bad = _report(identifying_details="yes")
    path = craft(
        home,
        [(f"reports/{REPORT_ID}.json", json.dumps(bad).encode())],
        key=keys,
        recipient=identity.to_public(),
    )
    with pytest.raises(BatchRefused, match="report schema at identifying_details"):
        open_batch(home, path, identity)


def test_the_outer_signature_is_checked_before_anything_is_decrypted(setup) -> None:  # type: ignore[no-untyped-def]
    home, identity, keys = setup
    good = craft(home, [(f"reports/{REPORT_ID}.json", json.dumps(_report()).encode())],
                 key=keys, recipient=identity.to_public()).read_bytes()  # fmt: skip
    path = home / "case.intake"
    block_end = good.index(b"age-encryption.org/v1\n")
    cases = {
        good[block_end:]: "older version of Intake",  # a batch from before the outer signature
        b"garbage" * 100: "does not begin with a centre's signature",
        good.replace(b"centre RIVA", b"centre OTHR"): "OTHR, which is not registered",
        good[:-1] + bytes([good[-1] ^ 1]): "signature does not match",
        good + b"x": "signature does not match",
        good[:block_end] + pyrage.encrypt(b"not even a tar", [identity.to_public()]):
            "signature does not match",
    }  # fmt: skip
    for raw, message in cases.items():
        path.write_bytes(raw)
        with pytest.raises(BatchRefused, match=message):
            check_signature(home, path)


def test_a_file_over_the_limit_is_refused_from_its_size_alone(setup) -> None:  # type: ignore[no-untyped-def]
    home, identity, _ = setup
    path = home / "huge.intake"
    with open(path, "wb") as handle:
        handle.truncate(MAX_BATCH_BYTES + 1)  # sparse: nothing is written, nothing read
    with pytest.raises(BatchRefused, match="larger than 1 GiB"):
        open_batch(home, path, identity)


def test_a_large_batch_with_a_false_signature_is_refused_without_being_held_in_memory(
    setup,
) -> None:  # type: ignore[no-untyped-def]
    import tracemalloc

    home, identity, keys = setup
    good = craft(home, [(f"reports/{REPORT_ID}.json", json.dumps(_report()).encode())],
                 key=keys, recipient=identity.to_public()).read_bytes()  # fmt: skip
    path = home / "large.intake"
    with open(path, "wb") as handle:  # the registered centre's signature lines, other bytes
        handle.write(good[: good.index(b"age-encryption.org/v1\n")])
        handle.truncate(200 * 1024 * 1024)
    tracemalloc.start()
    try:
        with pytest.raises(BatchRefused, match="signature does not match"):
            open_batch(home, path, identity)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 8 * 1024 * 1024  # streamed through the hash, never read whole


def test_the_manifest_must_name_the_batch_the_signature_names(setup) -> None:  # type: ignore[no-untyped-def]
    home, identity, keys = setup
    members = [(f"reports/{REPORT_ID}.json", json.dumps(_report()).encode())]
    path = craft(home, members, key=keys, recipient=identity.to_public(),
                 manifest_changes={"sequence": 2})  # fmt: skip
    with pytest.raises(BatchRefused, match="names another batch"):
        open_batch(home, path, identity)


def test_bytes_changed_after_the_signature_check_are_refused(setup) -> None:  # type: ignore[no-untyped-def]
    home, identity, keys = setup
    members = [(f"reports/{REPORT_ID}.json", json.dumps(_report()).encode())]
    path = craft(home, members, key=keys, recipient=identity.to_public())
    signed = check_signature(home, path)
    other = craft(home, members, key=keys, recipient=identity.to_public())  # same path, new bytes
    assert other == path
    with pytest.raises(BatchRefused, match="changed while it was being read"):
        open_signed(signed, identity)


# --- property-based: whatever arrives, one clear refusal, never a crash --------------------------

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from intake_app.exchange.receipts import ReceiptInvalid, read_receipt  # noqa: E402

_FORCE_KEYS = minisign.KeyPair.generate()


@settings(max_examples=200, deadline=None)
@given(st.one_of(st.binary(max_size=500),
                 st.dictionaries(st.sampled_from(["receipt", "signature", "x"]),
                                 st.one_of(st.text(max_size=50), st.integers(), st.dictionaries(st.text(max_size=5), st.text(max_size=5))))
                 .map(lambda d: json.dumps(d).encode())))  # fmt: skip
def test_any_receipt_file_is_read_or_refused_plainly(raw: bytes) -> None:
    with pytest.raises(ReceiptInvalid):
        read_receipt(raw, _FORCE_KEYS.public_key)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(payload=st.binary(max_size=3000))
def test_any_payload_encrypted_to_the_force_is_refused_plainly(setup, payload: bytes) -> None:  # type: ignore[no-untyped-def]
    home, identity, keys = setup
    path = home / "fuzz.intake"
    encrypted = pyrage.encrypt(payload, [identity.to_public()])
    path.write_bytes(sealed(encrypted, keys, trusted_comment("cd" * 16, 1, "RIVA")))
    with pytest.raises(BatchRefused):
        open_batch(home, path, identity)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(manifest=st.dictionaries(st.sampled_from(["format", "version", "centre_code", "members", "report_count", "sequence"]),
                                st.one_of(st.none(), st.integers(), st.text(max_size=10), st.lists(st.integers(), max_size=3))))  # fmt: skip
def test_any_signed_manifest_shape_is_refused_plainly(setup, manifest: dict[str, object]) -> None:  # type: ignore[no-untyped-def]
    home, identity, keys = setup
    manifest.setdefault("format", "intake-batch")
    manifest.setdefault("version", 1)
    manifest.setdefault("centre_code", "RIVA")
    body = json.dumps(manifest).encode()
    comment = trusted_comment("cd" * 16, 1, "RIVA")
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w") as tar:
        for name, content in (
            ("manifest.json", body),
            ("manifest.json.minisig", bytes(keys.secret_key.sign(body, trusted_comment=comment))),
        ):
            info = tarfile.TarInfo(name)
            info.size = len(content)
            tar.addfile(info, io.BytesIO(content))
    path = home / "fuzz.intake"
    path.write_bytes(
        sealed(pyrage.encrypt(buffer.getvalue(), [identity.to_public()]), keys, comment)
    )
    with pytest.raises(BatchRefused):
        open_batch(home, path, identity)
