"""``intake report add --ready`` whose report is saved but cannot yet be marked ready says that it
was saved, as which draft, and why it is not ready: it does not claim nothing was saved."""

from __future__ import annotations

import json

from intake_app.domain.report_template import example_report


def test_a_draft_saved_but_not_ready_is_named(world) -> None:  # type: ignore[no-untyped-def]
    centre, _force, tmp_path, _refs = world
    report = example_report().to_dict()
    report["consent"] = "police_without_details"  # its police copy must be checked first
    (tmp_path / "without.json").write_text(json.dumps(report))
    code, out, err = centre("report", "add", "--json", str(tmp_path / "without.json"), "--ready")
    assert code == 1 and out == ""
    assert err.startswith("intake: Saved as draft RIVA-"), err
    assert "but not marked ready (1 problem): police_copy: " in err
    reference = err.split("Saved as draft ", 1)[1].split(",", 1)[0]
    code, out, err = centre("report", "list")
    assert code == 0 and reference in out and "draft" in out, err
