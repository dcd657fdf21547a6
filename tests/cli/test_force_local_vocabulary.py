"""A force's own strands, kinds of incident and kinds of place travel in its profile: the centre
that imports it can record them; a malformed or oversized list is refused before a profile is
written; a profile without them keeps the fingerprint it always had."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from intake_app.domain.force_profile import ForceProfile
from intake_app.domain.report_template import example_report
from tests.conftest import PASSPHRASE, MemoryKeyring
from tests.handoff_world import World

LOCAL = {
    "strands": [{"code": "alternative_subculture", "label": "Alternative subculture"}],
    "incident_types": [{"code": "spiking", "label": "Spiking"}],
    "place_types": [{"code": "night_time_economy", "label": "Night-time economy zone"}],
}


@pytest.fixture
def world(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    memory_keyring: MemoryKeyring,
    light_kdf: None,
) -> World:
    world = World(tmp_path, capsys)
    (tmp_path / "centre.pass").write_text(PASSPHRASE + "\n")
    (tmp_path / "force.pass").write_text("blue heron quarry lantern\n")
    init = ("init", "--centre-name", "Riverside Advice Centre", "--centre-code", "RIVA")
    assert world.centre(*init)[0] == 0
    keygen = ("keygen", "--name", "West Mercia Police", "--code", "west-mercia")
    assert world.force(*keygen)[0] == 0
    return world


def _report_at_the_force_s_own_place(root: Path) -> Path:
    report = example_report()
    report.where.place_type = "night_time_economy"
    report.incident_types = ["spiking"]
    path = root / "local.json"
    path.write_text(json.dumps(report.to_dict()))
    return path


def test_a_centre_records_the_force_s_own_kinds_of_place_once_it_has_the_profile(
    world: World, tmp_path: Path
) -> None:
    report = _report_at_the_force_s_own_place(tmp_path)
    code, _out, err = world.centre("report", "add", "--json", str(report), "--ready")
    assert code != 0 and "not a known kind of place" in err  # not before the profile
    (tmp_path / "local-vocabulary.json").write_text(json.dumps(LOCAL))
    code, out, err = world.force(
        "profile",
        "-o",
        str(tmp_path / "p.json"),
        "--vocabulary",
        str(tmp_path / "local-vocabulary.json"),
    )
    assert code == 0, err
    fingerprint = out.strip().splitlines()[-1].strip()
    imported = world.centre(
        "profile", "import", str(tmp_path / "p.json"), "--fingerprint", fingerprint
    )
    assert imported[0] == 0, imported[2]
    code, out, err = world.centre("report", "add", "--json", str(report), "--ready")
    assert code == 0, err
    code, shown, _ = world.centre("report", "show", out.strip())
    assert "Night-time economy zone" in shown and "Spiking" in shown


@pytest.mark.parametrize(
    "local",
    [
        {"place_types": [{"code": "Night Time", "label": "x"}]},  # not a code
        {"place_types": [{"code": "ok", "label": ""}]},  # no label
        {"incident_types": "spiking"},  # not a list
        {"place_types": [{"code": f"p{i}", "label": "x"} for i in range(51)]},  # too many
        {"place_types": [{"code": "ok", "label": "x" * 501}]},  # too long
    ],
)
def test_a_malformed_local_vocabulary_writes_no_profile(
    world: World, tmp_path: Path, local: dict[str, object]
) -> None:
    (tmp_path / "v.json").write_text(json.dumps(local))
    code, _out, err = world.force(
        "profile", "-o", str(tmp_path / "p.json"), "--vocabulary", str(tmp_path / "v.json")
    )
    assert code != 0 and err.strip()
    assert "Traceback" not in err
    assert not (tmp_path / "p.json").exists()


def test_a_profile_without_local_kinds_keeps_its_fingerprint() -> None:
    profile = ForceProfile("west-mercia", "West Mercia Police", ("age1x",), "RWQk")
    assert "local_place_types" not in profile.to_json()
    assert "local_incident_types" not in profile.to_json()
    # The fingerprint the version before local kinds of place gave this profile.
    assert profile.fingerprint == "4723 35AD 6CA8 EEB4 9DE8 C8F6 E9E5 B00D"
