"""The command line speaks the language asked for: ``--lang`` before the command, else the
locale variables; a leaflet's own ``--lang`` is still the leaflet's."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from intake_app.cli.language_option import asked_language
from intake_app.cli.main import VALUE_OPTIONS, main
from intake_app.support import i18n
from tests.conftest import PASSPHRASE


@pytest.fixture
def store(tmp_path: Path, capsys: pytest.CaptureFixture[str], light_kdf: None) -> list[str]:
    secret = tmp_path / "pass.txt"
    secret.write_text(PASSPHRASE + "\n")
    common = [
        "--data-dir",
        str(tmp_path / "data"),
        "--user",
        "Amina",
        "--passphrase-file",
        str(secret),
    ]
    assert (
        main(
            [*common, "init", "--centre-name", "Riverside", "--centre-code", "RIVA", "--no-keyring"]
        )
        == 0
    )
    capsys.readouterr()
    return common


def english(message: str) -> str:
    return message


def test_the_error_for_a_bad_report_file_is_in_polish(
    store: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"reporter_type": "victim",\n  oops}')
    code = main(["--lang", "pl", *store, "report", "add", "--json", str(bad)])
    err = capsys.readouterr().err
    assert code != 0
    expected = i18n.load("pl").gettext("The report file is not valid JSON (line {line}).")
    assert expected != "The report file is not valid JSON (line {line})."  # translated
    assert err.strip() == "intake: " + expected.format(line=2)
    i18n.use("en")
    assert main([*store, "report", "add", "--json", str(bad)]) != 0
    assert "not valid JSON (line 2)" in capsys.readouterr().err


def test_the_locale_variables_choose_when_no_option_does(
    store: list[str],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("LANGUAGE", "")
    monkeypatch.setenv("LC_ALL", "")
    monkeypatch.setenv("LANG", "ro_RO.UTF-8")
    bad = tmp_path / "bad.json"
    bad.write_text("[")
    assert main([*store, "report", "add", "--json", str(bad)]) != 0
    assert i18n.current().code == "ro"
    assert "not valid JSON" not in capsys.readouterr().err


def test_a_leaflets_own_lang_is_not_the_interface_language() -> None:
    argv = ["--data-dir", "d", "leaflet", "--lang", "ur", "R-1"]
    assert asked_language(argv, VALUE_OPTIONS) is None
    assert asked_language(["--lang", "pl", "leaflet", "--lang", "ur"], VALUE_OPTIONS) == "pl"
    assert asked_language(["--lang=cy", "stats"], VALUE_OPTIONS) == "cy"
    assert asked_language(["--user", "--lang", "report"], VALUE_OPTIONS) is None  # a user's name
    assert asked_language(["--lang"], VALUE_OPTIONS) is None


@given(st.lists(st.text(max_size=12), max_size=8))
def test_any_command_line_is_read_for_a_language_without_failing(argv: list[str]) -> None:
    found = asked_language(argv, VALUE_OPTIONS)
    assert found is None or isinstance(found, str)


def test_a_mistyped_command_is_explained_in_the_language_asked_for(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with pytest.raises(SystemExit) as stopped:
        main(["--lang", "pl", "report", "add"])  # --json is required
    assert stopped.value.code == 2
    err = capsys.readouterr().err
    polish = i18n.load("pl")
    required = polish.gettext("the following arguments are required: %s") % "--json"
    assert required in err
    assert polish.gettext("usage: ").strip() in err
    assert "the following arguments are required" not in err
