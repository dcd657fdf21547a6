"""Both command lines, handed odd files and arbitrary bytes: never exit 70 ("an unexpected
error"), and on a refusal exactly one short line on stderr (at most 400 characters, nothing
invisible in it)."""

from __future__ import annotations

import io
import json
import os
import sys
from pathlib import Path

import minisign
import pyrage
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from intake_app.app.session import create_store
from intake_app.cli.force_main import main as force_main
from intake_app.cli.main import main as intake_main
from intake_app.domain.report_template import example_report
from intake_app.force import identity as ident
from intake_app.storage.kdf import TEST_PARAMS
from intake_app.support.untrusted import MAX_MESSAGE, one_line
from tests.conftest import PASSPHRASE
from tests.exchange.test_parsers_never_crash import json_values, mutated, raw_json_oddities
from tests.force.test_force_refusals import REPORT_ID, _report, craft

FORCE_PASSPHRASE = "blue heron quarry lantern"
SLOW_FIXTURES = [HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
ODD_FILES = ["missing", "folder", "fifo", "device", "empty", "sparse-2GiB", "loop", "not-text",
             "deep-json", "bidi-name\u202etxt.intake"]  # fmt: skip


def _odd(folder: Path, kind: str) -> Path:
    path = folder / kind
    if kind == "folder":
        path.mkdir()
    elif kind == "fifo":
        os.mkfifo(path)
    elif kind == "device":
        path.symlink_to("/dev/zero")
    elif kind == "loop":
        path.symlink_to(path)
    elif kind == "sparse-2GiB":
        with open(path, "wb") as handle:
            handle.truncate(2 << 30)
    elif kind != "missing":
        path.write_bytes({"empty": b"", "not-text": b"\xff\xfe\x00" * 50,
                          "deep-json": b"[" * 200_000}.get(kind, b"{}"))  # fmt: skip
    return path


def _one_plain_line(code: int, err: str) -> None:
    assert code != 70, err
    if code != 0:
        lines = err.strip().splitlines()
        assert len(lines) == 1, err
        assert len(lines[0]) <= MAX_MESSAGE and lines[0] == one_line(lines[0]), lines[0]


# --- intake-force ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def force_world(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    root = tmp_path_factory.mktemp("force-cli")
    home, secret = root / "force", root / "force.pass"
    secret.write_text(FORCE_PASSPHRASE + "\n")
    assert force_main(["--home", str(home), "--passphrase-file", str(secret), "keygen",
                       "--name", "Leicestershire Police", "--code", "leicestershire"]) == 0  # fmt: skip
    centre = minisign.KeyPair.generate()
    (root / "RIVA.pub").write_text(
        "untrusted comment: centre\n" + centre.public_key.to_base64().decode() + "\n"
    )
    assert force_main(["--home", str(home), "centre", "add", str(root / "RIVA.pub"), "--code", "RIVA"]) == 0  # fmt: skip
    return root, home, secret, centre


def _force(world, *args: str) -> tuple[int, str, str]:  # type: ignore[no-untyped-def]
    _root, home, secret, _ = world
    out, err = io.StringIO(), io.StringIO()
    real = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = out, err
    try:
        code = force_main(["--home", str(home), "--passphrase-file", str(secret), *args])
    finally:
        sys.stdout, sys.stderr = real
    return code, out.getvalue(), err.getvalue()


@pytest.mark.skipif(os.name != "posix", reason="POSIX special files")
@pytest.mark.parametrize("kind", ODD_FILES)
@pytest.mark.parametrize("command", ["open", "import", "receipt"])
def test_the_force_tool_refuses_odd_files_in_one_line(
    force_world, light_kdf: None, tmp_path: Path, kind: str, command: str
) -> None:  # type: ignore[no-untyped-def]
    extra = ["-o", str(tmp_path / "out.receipt")] if command == "receipt" else []
    code, out, err = _force(force_world, command, str(_odd(tmp_path, kind)), *extra)
    assert code == 1 and out == ""
    _one_plain_line(code, err)
    assert not (tmp_path / "out.receipt").exists()


@pytest.mark.skipif(os.name != "posix", reason="POSIX special files")
@pytest.mark.parametrize("kind", ODD_FILES)
def test_the_force_tool_refuses_odd_centre_key_files_in_one_line(
    force_world, light_kdf: None, tmp_path: Path, kind: str
) -> None:  # type: ignore[no-untyped-def]
    code, _, err = _force(force_world, "centre", "add", str(_odd(tmp_path, kind)), "--code", "ODD")
    assert code == 1
    _one_plain_line(code, err)


@settings(max_examples=120, deadline=None, suppress_health_check=SLOW_FIXTURES)
@given(
    raw=st.one_of(st.binary(max_size=3000), raw_json_oddities),
    command=st.sampled_from(["open", "import"]),
)
def test_the_force_tool_refuses_any_bytes_in_one_line(
    force_world, light_kdf: None, tmp_path_factory, raw: bytes, command: str
) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path_factory.mktemp("batch") / "x.intake"
    path.write_bytes(raw)
    code, out, err = _force(force_world, command, str(path))
    assert code == 1 and out == ""
    _one_plain_line(code, err)


@pytest.mark.skipif(os.name != "posix", reason="POSIX special files")
@pytest.mark.parametrize("kind", ODD_FILES)
def test_the_force_tool_refuses_odd_update_lists_in_one_line(
    force_world, light_kdf: None, tmp_path: Path, kind: str
) -> None:  # type: ignore[no-untyped-def]
    out_file = tmp_path / "out.updates"
    code, _, err = _force(force_world, "update", "--from", str(_odd(tmp_path, kind)), "-o",
                          str(out_file))  # fmt: skip
    assert code == 1
    _one_plain_line(code, err)
    assert not out_file.exists()


@settings(max_examples=80, deadline=None, suppress_health_check=SLOW_FIXTURES)
@given(items=st.one_of(json_values, st.lists(json_values, max_size=4),
                       st.lists(st.dictionaries(st.sampled_from(
                           ["reference", "crime_reference", "recorded_as", "contacted_on",
                            "outcome", "closed", "x"]), json_values), max_size=3)))  # fmt: skip
def test_the_force_tool_refuses_wrongly_shaped_update_lists_in_one_line(
    force_world, light_kdf: None, tmp_path_factory, items: object
) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path_factory.mktemp("updates")
    (folder / "list.json").write_text(json.dumps(items))
    code, _, err = _force(force_world, "update", "--from", str(folder / "list.json"), "-o",
                          str(folder / "out.updates"))  # fmt: skip
    assert code == 1  # the force holds no report at all: nothing can be written
    _one_plain_line(code, err)
    assert not (folder / "out.updates").exists()


@settings(max_examples=25, deadline=None, suppress_health_check=SLOW_FIXTURES)
@given(data=st.data())
def test_the_force_tool_handles_wrongly_shaped_signed_batches(
    force_world, light_kdf: None, tmp_path_factory, data: st.DataObject
) -> None:  # type: ignore[no-untyped-def]
    _root, home, _secret, centre = force_world
    folder = tmp_path_factory.mktemp("signed")
    recipient = ident.load(home).age_recipient
    document = data.draw(mutated(_report()))
    path = craft(folder, [(f"reports/{REPORT_ID}.json", json.dumps(document).encode())],
                 key=centre, recipient=pyrage.x25519.Recipient.from_str(recipient))  # fmt: skip
    # The force's keys are opened with scrypt (about 1 s) once, then remembered (light_kdf).
    code, _, err = _force(force_world, "open", str(path))
    _one_plain_line(code, err)


# --- intake (the centre) ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def centre_world(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    root = tmp_path_factory.mktemp("centre-cli")
    session, _ = create_store(root / "store", centre_name="Riverside Advice Centre",
                              centre_code="RIVA", user_name="Amina", passphrase=PASSPHRASE,
                              params=TEST_PARAMS, device_binding=False)  # fmt: skip
    from tests.exchange.test_parsers_never_crash import FORCE, PROFILE

    session.exports.import_profile(json.dumps(PROFILE).encode())
    session.close()
    (root / "pass.txt").write_text(PASSPHRASE + "\n")
    return root, FORCE


def _centre(world, *args: str) -> tuple[int, str, str]:  # type: ignore[no-untyped-def]
    root, _ = world
    out, err = io.StringIO(), io.StringIO()
    real = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = out, err
    try:
        code = intake_main(["--data-dir", str(root / "store"), "--user", "Amina",
                            "--passphrase-file", str(root / "pass.txt"), *args])  # fmt: skip
    finally:
        sys.stdout, sys.stderr = real
    return code, out.getvalue(), err.getvalue()


CENTRE_COMMANDS = [["report", "add", "--json"], ["receipt", "import"],
                   ["profile", "import", "--yes"], ["update", "import"]]  # fmt: skip


@pytest.mark.skipif(os.name != "posix", reason="POSIX special files")
@pytest.mark.parametrize("kind", ODD_FILES)
@pytest.mark.parametrize("command", CENTRE_COMMANDS, ids=lambda c: c[0])
def test_the_centre_refuses_odd_files_in_one_line(
    centre_world, tmp_path: Path, kind: str, command: list[str]
) -> None:  # type: ignore[no-untyped-def]
    path = _odd(tmp_path, kind)
    args = (
        [*command[:-1], str(path), command[-1]] if command[-1] == "--yes" else [*command, str(path)]
    )
    code, _, err = _centre(centre_world, *args)
    assert code == 1 or kind.startswith("bidi-name")  # "{}" is an empty draft report
    _one_plain_line(code, err)


@settings(max_examples=60, deadline=None, suppress_health_check=SLOW_FIXTURES)
@given(raw=st.one_of(st.binary(max_size=2000), raw_json_oddities,
                     json_values.map(lambda v: json.dumps(v).encode())),
       command=st.sampled_from(CENTRE_COMMANDS))  # fmt: skip
def test_the_centre_refuses_any_bytes_in_one_line(
    centre_world, tmp_path_factory, raw: bytes, command: list[str]
) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path_factory.mktemp("input") / "input"
    path.write_bytes(raw)
    args = (
        [*command[:-1], str(path), command[-1]] if command[-1] == "--yes" else [*command, str(path)]
    )
    code, _, err = _centre(centre_world, *args)
    _one_plain_line(code, err)


@settings(max_examples=60, deadline=None, suppress_health_check=SLOW_FIXTURES)
@given(document=mutated(example_report().to_dict()))
def test_report_add_with_wrongly_shaped_reports_saves_or_says_why_in_one_line(
    centre_world, tmp_path_factory, document: object
) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path_factory.mktemp("report") / "r.json"
    path.write_text(json.dumps(document))
    code, out, err = _centre(centre_world, "report", "add", "--json", str(path))
    _one_plain_line(code, err)
    assert code != 0 or out.strip().startswith("RIVA-")


def test_report_add_reads_at_most_4_mib_from_standard_input(centre_world, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b" " * (5 << 20))))
    code, _, err = _centre(centre_world, "report", "add", "--json", "-")
    assert code == 1 and "larger than 4 MiB" in err
    _one_plain_line(code, err)


def test_a_report_with_thousands_of_unknown_fields_is_refused_in_one_short_line(
    centre_world, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    document = {f"\u202efield{i}\n": i for i in range(5000)}
    (tmp_path / "r.json").write_text(json.dumps(document))
    code, _, err = _centre(centre_world, "report", "add", "--json", str(tmp_path / "r.json"))
    assert code == 1 and "5000 problems" in err and "more)" in err and "\\u202e" in err
    _one_plain_line(code, err)
