"""Several importers, each a process of its own, importing batches from many centres at once
into one PostgreSQL database: every batch imported once, every report stored once, nothing
lost, and each centre's sequence (the gaps, the late batches) judged exactly as if the imports
had run one after another (tests/concurrent_importer.py says what each importer does)."""

from __future__ import annotations

import collections
import json
import os
import re
import subprocess
import sys
from typing import Any

import pyrage
import pytest

from intake_app.force.store import ForceStore
from tests.concurrent_importer import MISSING, centre_batch, centre_code, report_ids

IMPORTERS, CENTRES, BATCHES, REPORTS = 4, 4, 12, 3
ALREADY = "This batch was imported before; nothing changed."
GAP = re.compile(r"Batches ([0-9]+) to ([0-9]+) from (C[0-9]+) have not arrived\.")
LATE = re.compile(r"Batch ([0-9]+) from (C[0-9]+) arrives after batch ([0-9]+): .*")


def _judged_as_one_after_another(imports: list[dict[str, Any]]) -> None:
    """Each import of a centre's batches says which batch it expected next (by its notes: a gap
    from the expected batch, a late batch after the one before it, else none). That is exact
    when some order of the imports has each expect one more than the highest batch imported
    before it: found greedily, taking first the late batches, which do not move the highest."""
    waiting = []
    for said in imports:
        sequence, notes = said["sequence"], said["notes"]
        assert len(notes) <= 1, notes
        gap = GAP.fullmatch(notes[0]) if notes else None
        late = LATE.fullmatch(notes[0]) if notes else None
        assert not notes or gap or late, notes
        expecting = int(gap[1]) if gap else int(late[3]) + 1 if late else sequence
        if gap:
            assert int(gap[2]) == sequence - 1
        waiting.append((expecting, sequence))
    highest = 0
    while waiting:
        now = [w for w in waiting if w[0] == highest + 1]
        later = [w for w in now if w[1] > highest]
        assert now and len(later) <= 1, (highest, sorted(waiting))
        for w in [w for w in now if w[1] <= highest] + later:
            waiting.remove(w)
            highest = max(highest, w[1])


@pytest.mark.slow
def test_concurrent_importers_lose_nothing_and_duplicate_nothing(
    postgres_database, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    identity = pyrage.x25519.Identity.generate()
    home = tmp_path / "force"
    home.mkdir()
    ForceStore(home, identity, postgres_database).close()  # the schema, made once
    start = tmp_path / "start"
    environment = {**os.environ, "INTAKE_TEST_IDENTITY": str(identity)}
    importers = [
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "tests.concurrent_importer",
                postgres_database,
                str(home),
                str(start),
                str(i * CENTRES // IMPORTERS),
                str(CENTRES),
                str(BATCHES),
                str(REPORTS),
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=environment,
        )
        for i in range(IMPORTERS)
    ]
    start.touch()
    said = []
    for importer in importers:
        out, err = importer.communicate(timeout=300)
        assert importer.returncode == 0, err[-3000:]
        said += [json.loads(line) for line in out.splitlines()]

    expected = {(centre_code(c), s) for c in range(CENTRES) for s in range(1, BATCHES + 1)} - {
        MISSING
    }
    assert len(said) == IMPORTERS * len(expected)
    imported = [s for s in said if not s["already"]]
    assert sorted((s["centre"], s["sequence"]) for s in imported) == sorted(expected)  # once each
    assert all(s["notes"] == [ALREADY] for s in said if s["already"])
    for centre in {s["centre"] for s in imported}:
        _judged_as_one_after_another([s for s in imported if s["centre"] == centre])

    sent = collections.Counter(
        r for centre, sequence in expected for r in report_ids(centre, sequence, REPORTS)
    )
    assert sum(s["new"] for s in imported) == len(sent)
    assert sum(s["duplicates"] for s in imported) == sum(sent.values()) - len(sent)

    store = ForceStore(home, identity, postgres_database)
    try:
        db = store.db
        assert db.scalar("SELECT count(*) FROM reports") == len(sent)
        assert db.scalar("SELECT count(*) FROM attachments") == len(sent)
        assert db.scalar("SELECT count(*) FROM batches") == len(expected)
        assert db.scalar("SELECT count(*) FROM outcomes") == sum(sent.values())
        by_centre = dict(db.all("SELECT centre_code, count(*) FROM batches GROUP BY centre_code"))
        assert by_centre == {centre_code(c): BATCHES - (c == 0) for c in range(CENTRES)}
        for centre, sequence in sorted(expected)[:: max(1, len(expected) // 10)]:
            opened = centre_batch(centre, sequence, REPORTS)
            receipt = store.receipt(opened, "test")  # written from the database
            assert sorted(r["id"] for r in receipt["reports"]) == sorted(
                d["id"] for d in opened.reports
            )
            for document in opened.reports:
                assert store.report(document["id"]) is not None
    finally:
        store.close()
