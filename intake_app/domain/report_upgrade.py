"""A report document written by an earlier version, read as this version's report.

The store's migration 0009 rewrites the reports it holds; a report sealed before then (a
volunteer's deposit, a handed-over copy) arrives in the old shape and is read through here:
"under 16" becomes "under 18", and the Gypsy, Roma and Traveller strand one force listed becomes
race's category. A document already in the new shape is returned as it is.
"""

from __future__ import annotations

from typing import Any

from intake_app.domain.vocabulary import MOVED_STRANDS


def upgraded(data: Any) -> Any:
    if not isinstance(data, dict) or ("under_16" not in data and not _moved(data)):
        return data
    data = dict(data)
    if "under_16" in data:
        was_under_16 = data.pop("under_16")
        data.setdefault("under_18", was_under_16 is True)
    if _moved(data):
        # In place, as migration 0009 does: the strand with no category goes, the category says it.
        into = {MOVED_STRANDS[c["strand"]][0] for c in data["strands"] if _is_moved(c)}
        strands = []
        for choice in data["strands"]:
            if _is_moved(choice):
                strand, sub_category = MOVED_STRANDS[choice["strand"]]
                strands.append({"strand": strand, "sub_category": sub_category})
            elif not any(_same_strand_bare(choice, strand) for strand in into):
                strands.append(choice)
        data["strands"] = strands
    return data


def _is_moved(choice: Any) -> bool:
    strand = choice.get("strand") if isinstance(choice, dict) else None
    return isinstance(strand, str) and strand in MOVED_STRANDS  # a list here is not hashable


def _same_strand_bare(choice: Any, strand: str) -> bool:
    return (
        isinstance(choice, dict)
        and choice.get("strand") == strand
        and not choice.get("sub_category")
    )


def _moved(data: dict[str, Any]) -> bool:
    strands = data.get("strands")
    return isinstance(strands, list) and any(_is_moved(c) for c in strands)
