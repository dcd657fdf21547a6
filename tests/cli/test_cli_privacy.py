"""``intake privacy-notice`` and ``intake lawful-basis``: the notice written from the store's
settings, an unknown language or choice refused in words, and only a coordinator changing the
basis."""

from __future__ import annotations

from tests.cli.test_cli import cli  # noqa: F401  # the fixture
from tests.conftest import VOLUNTEER_PASSPHRASE
from tests.leaflets.test_privacy_notice import notice_text


def test_the_notice_is_written_in_the_language_asked_for(cli) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    out = cli.tmp / "notice.pdf"
    code, printed, err = cli("privacy-notice", "--lang", "ro", "-o", str(out))
    assert code == 0, err
    assert "Privacy notice written" in printed
    assert "Romanian translation has not yet been reviewed" in err
    text = notice_text(out.read_bytes(), cli.tmp)
    assert "Notă de informare" in text and "Riverside Advice Centre" in text
    assert "365 de zile" in text  # the retention setting, the Romanian way
    assert "ico.org.uk/make-a-complaint" in text
    code, printed, _err = cli("audit", "verify")
    assert code == 0


def test_an_unknown_language_is_refused_and_nothing_is_written(cli) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    out = cli.tmp / "notice.pdf"
    code, printed, err = cli("privacy-notice", "--lang", "xx", "-o", str(out))
    assert code == 1 and printed == ""
    assert err.strip() == (
        "intake: There is no privacy notice in 'xx'. Choose one of: ar, bn, cy, en, gu, pa, pl, "
        "ro, so, ur."
    )
    assert not out.exists()


def test_the_lawful_basis_is_shown_changed_and_printed(cli) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    code, printed, _err = cli("lawful-basis")
    assert code == 0
    assert printed.splitlines() == [
        "Personal data: consent (Consent)",
        "Sensitive data: explicit_consent (Explicit consent)",
    ]
    code, printed, _err = cli("lawful-basis", "--basis", "public_task")
    assert code == 0 and "Personal data: public_task (Public task)" in printed
    assert "Sensitive data: explicit_consent" in printed  # left as it was
    out = cli.tmp / "notice.pdf"
    assert cli("privacy-notice", "--lang", "en", "-o", str(out))[0] == 0
    text = notice_text(out.read_bytes(), cli.tmp)
    assert "a task in the public interest that the law gives us (public task)" in text
    assert "because you clearly agree to it (explicit consent)" in text


def test_an_unknown_basis_is_refused_in_words(cli) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    code, printed, err = cli("lawful-basis", "--special-category", "vital_interests")
    assert code == 1 and printed == ""
    assert err.strip() == (
        "intake: 'vital_interests' is not one of the choices: explicit_consent, "
        "substantial_public_interest, not_for_profit."
    )
    assert "explicit_consent" in cli("lawful-basis")[1]


def test_a_volunteer_sees_the_basis_but_cannot_change_it(cli) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    new = cli.tmp / "new.txt"
    new.write_text(VOLUNTEER_PASSPHRASE + "\n")
    assert cli("user", "add", "Thaddeus", "--new-passphrase-file", str(new))[0] == 0
    code, printed, _err = cli("lawful-basis", user="Thaddeus", passfile=new)
    assert code == 0 and "Personal data: consent" in printed
    code, printed, err = cli(
        "lawful-basis", "--basis", "public_task", user="Thaddeus", passfile=new
    )
    assert code != 0 and printed == ""
    assert err.strip() == "intake: Only a coordinator can change the centre's lawful basis."
