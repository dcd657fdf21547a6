"""The force replaces its keys, through both command lines: a batch the centre wrote before still
imports; the centre's receipt check refuses the new key's receipts until it imports the new
profile, then takes them; batches written with the new profile import too."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest


def _export(centre: Any, folder: Path) -> Path:
    folder.mkdir()
    code, out, err = centre("export", "-o", str(folder))
    assert code == 0, err
    return Path(out.strip())


def test_new_force_keys_reach_the_centre_with_the_new_profile(world) -> None:  # type: ignore[no-untyped-def]
    centre, force, tmp_path, _refs = world
    before = json.loads((tmp_path / "force" / "force.json").read_text())
    in_flight = _export(centre, tmp_path / "usb1")  # encrypted to the earlier key

    code, out, err = force("rotate-keys")
    assert code == 0, err
    assert out.startswith("New keys made for Leicestershire Police. Batches encrypted to the")
    assert "intake-force profile -o leicestershire.json" in out
    after = json.loads((tmp_path / "force" / "force.json").read_text())
    assert after["age_recipient"] != before["age_recipient"]
    assert after["minisign_public_key"] != before["minisign_public_key"]

    code, _out, err = force("import", str(in_flight))
    assert code == 0, err
    assert "encrypted to the force's earlier key: centre RIVA has not imported" in err
    receipt = tmp_path / "receipt-1"
    assert force("receipt", str(in_flight), "-o", str(receipt))[0] == 0
    code, _out, err = centre("receipt", "import", str(receipt))
    assert code != 0 and "import its new profile first" in err  # signed with the new key

    code, out, _err = force("profile", "-o", str(tmp_path / "new-profile.json"))
    fingerprint = out.strip().splitlines()[-1].strip()
    code, _out, err = centre(
        "profile", "import", str(tmp_path / "new-profile.json"), "--fingerprint", fingerprint
    )
    assert code == 0, err
    code, out, err = centre("receipt", "import", str(receipt))
    assert code == 0, err

    code, out, err = centre("report", "add", "--json", str(tmp_path / "r.json"), "--ready")
    assert code == 0, err
    second = _export(centre, tmp_path / "usb2")  # encrypted to the new key
    code, _out, err = force("import", str(second))
    assert code == 0 and "earlier key" not in err, err


def test_a_registered_centres_key_is_replaced_only_when_asked(world) -> None:  # type: ignore[no-untyped-def]
    import minisign

    _centre, force, tmp_path, _refs = world
    home = tmp_path / "force"
    before = (home / "centres" / "RIVA.pub").read_bytes()
    code, out, err = force("centre", "add", str(tmp_path / "RIVA.pub"), "--code", "RIVA")
    assert (code, out) == (
        0,
        "Centre RIVA was registered with this key already. Nothing was changed.\n",
    ), err
    other = minisign.KeyPair.generate().public_key.to_base64().decode()
    (tmp_path / "other.pub").write_text(f"untrusted comment: someone\n{other}\n")
    code, out, err = force("centre", "add", str(tmp_path / "other.pub"), "--code", "RIVA")
    assert (code, out) == (1, "") and "already registered, with another key" in err
    assert other in err and "--replace" in err
    assert (home / "centres" / "RIVA.pub").read_bytes() == before
    code, out, err = force(
        "centre", "add", str(tmp_path / "other.pub"), "--code", "RIVA", "--replace"
    )
    assert (code, out) == (
        0,
        "Centre RIVA's key replaced: its batches are checked with the new one.\n",
    ), err
    assert other in (home / "centres" / "RIVA.pub").read_text()


def test_new_keys_can_come_with_a_new_passphrase(world) -> None:  # type: ignore[no-untyped-def]
    from intake_app.force.identity import secrets_for
    from intake_app.support.errors import WrongCredentials
    from tests.handoff_world import FORCE_PASSPHRASE

    _centre, force, tmp_path, _refs = world
    (tmp_path / "short.pass").write_text("too short\n")
    code, _out, err = force("rotate-keys", "--new-passphrase-file", str(tmp_path / "short.pass"))
    assert code == 1 and "at least 12 characters" in err
    (tmp_path / "new.pass").write_text("otter meadow lantern ninety\n")
    code, out, err = force("rotate-keys", "--new-passphrase-file", str(tmp_path / "new.pass"))
    assert code == 0 and "database new-content-key" in out, err
    home = tmp_path / "force"
    with pytest.raises(WrongCredentials):
        secrets_for(home, FORCE_PASSPHRASE)
    secrets_for(home, "otter meadow lantern ninety")
