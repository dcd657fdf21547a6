"""Safe statistics exports: small numbers hidden, nothing that could name anyone, audited."""

from __future__ import annotations

import csv
import io
import subprocess
from pathlib import Path

import pypdfium2 as pdfium
import pytest

from intake_app.app.session import Session, unlock
from intake_app.domain.report import Person, StrandChoice, When, Where, Witness
from intake_app.statistics.figures import Period
from intake_app.support.errors import NotAllowed
from tests.conftest import VOLUNTEER_PASSPHRASE, full_report

YEAR = Period("2026-01", "2026-12")
NAMES = ["Zenobia Quarterfield", "Ignatius Fairweather", "Perpetua Oakhanger", "Lysander Mote"]
SECRETS = [*NAMES, "Thaddeus Ormsgill", "Wexcombe", "hijab", "Larkspur", "LE2 7QX", "LE27QX",
           "LE1 5WW", "LE15WW", "0116 496 0777", "zenobia.q@example.org", "Orange hivis"]  # fmt: skip


@pytest.fixture
def reported(session: Session) -> Session:
    """Fourteen reports: race in all, religion in ten (muslim 7, jewish 3), one arson."""
    for n in range(14):
        strands = [StrandChoice("race", "")]
        if n < 10:
            strands.append(StrandChoice("religion", "muslim" if n < 7 else "jewish"))
        report = full_report(
            person=Person(name=NAMES[n % 4], postcode="LE2 7QX", phone="0116 496 0777"),
            witnesses=[Witness(name="Thaddeus Ormsgill")],
            strands=strands,
            incident_types=["arson"] if n == 0 else ["verbal_abuse"],
            when=When(start=f"2026-{1 + n % 3:02d}-1{n % 9}"),
            where=Where(place_type="street", postcode="LE1 5WW"),
        )
        record = session.reports.create_draft(report)
        session.reports.mark_ready(record.id)
    return session


def _rows(data: bytes) -> dict[tuple[str, str], list[str]]:
    reader = csv.reader(io.StringIO(data.decode("utf-8-sig")))
    header = next(reader)
    assert header[2:] == ["Jan 2026 to Dec 2026", "Jan 2025 to Dec 2025", "Change"]
    return {(row[0], row[1]): row[2:] for row in reader}


def test_csv_hides_small_numbers_and_what_would_reveal_them(
    reported: Session, tmp_path: Path
) -> None:
    out = tmp_path / "stats.csv"
    figures = reported.statistics.figures(YEAR)
    reported.statistics.export(figures, "csv", out)
    rows = _rows(out.read_bytes())
    assert rows[("All reports", "Reports")] == ["14", "0", "up 14"]
    religion = "Religion or belief"
    assert rows[("Religion or belief", "Muslim")][0] == "7"
    assert rows[(religion, "Jewish")][0] == "<5"
    incident = "Kind of incident"
    assert rows[(incident, "Arson")][0] == "<5"
    # A report can name several kinds, so 13 beside 14 reports leaves arson anywhere in 1 to 4.
    assert rows[(incident, "Verbal abuse")][0] == "13"
    months = "Month it happened"
    # 5 + 5 + 4 = 14: March would follow from the total, so January is hidden with it.
    assert [rows[(months, m)][0] for m in ("Jan 2026", "Feb 2026", "Mar 2026")] == ["*", "5", "<5"]
    assert rows[(months, "Apr 2026")][0] == "0"
    assert rows[("Postcode district", "LE1")][0] == "14"


def test_exports_hold_no_names_narratives_or_full_postcodes(
    reported: Session, tmp_path: Path
) -> None:
    figures = reported.statistics.figures(YEAR)
    reported.statistics.export(figures, "csv", tmp_path / "s.csv")
    reported.statistics.export(figures, "pdf", tmp_path / "s.pdf")
    text = subprocess.run(["pdftotext", str(tmp_path / "s.pdf"), "-"], check=True,
                          capture_output=True, text=True).stdout  # fmt: skip
    assert "Hate crime and hate incident reports" in text and "Riverside Advice Centre" in text
    blobs = [(tmp_path / "s.csv").read_bytes(), (tmp_path / "s.pdf").read_bytes(), text.encode()]
    for secret in SECRETS:
        for blob in blobs:
            assert secret.encode() not in blob, secret
    assert len(pdfium.PdfDocument(tmp_path / "s.pdf")) == 1


def test_every_export_is_audited_and_only_coordinators_export(
    reported: Session, tmp_path: Path, data_dir: Path
) -> None:
    figures = reported.statistics.figures(YEAR)
    reported.statistics.export(figures, "pdf", tmp_path / "s.pdf")
    entry = reported.audit.readable()[0]
    assert (entry.action, entry.detail) == ("statistics.exported", "pdf 2026-01..2026-12")
    reported.users.add("Bilal", "volunteer", VOLUNTEER_PASSPHRASE)
    with unlock(data_dir, "Bilal", VOLUNTEER_PASSPHRASE) as volunteer, pytest.raises(NotAllowed):
        volunteer.statistics.figures(YEAR)


def test_a_full_disk_loses_nothing_and_says_so(reported: Session, tmp_path: Path) -> None:
    figures = reported.statistics.figures(YEAR)
    with pytest.raises(Exception, match=r"(?i)no such file|folder|disk|save"):
        reported.statistics.export(figures, "csv", tmp_path / "missing" / "s.csv")
    assert reported.audit.readable()[0].action != "statistics.exported"


def test_demo_figures_say_so_on_every_export(session: Session, tmp_path: Path) -> None:

    session.demo.generate(30, ready_share=1.0)
    year = Period.last_months(12, session.local_now().date())
    figures = session.statistics.figures(year)
    session.statistics.export(figures, "csv", tmp_path / "d.csv")
    assert "DEMO DATA" in (tmp_path / "d.csv").read_text("utf-8-sig")
    session.statistics.export(figures, "pdf", tmp_path / "d.pdf")
    text = subprocess.run(["pdftotext", str(tmp_path / "d.pdf"), "-"], check=True,
                          capture_output=True, text=True).stdout  # fmt: skip
    assert "DEMO DATA" in text
