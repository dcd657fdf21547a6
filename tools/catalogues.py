"""Make the translation catalogues agree with the code: ``make catalogues``.

1. Collects every string marked for translation (``_``, ``ngettext``, ``pgettext``, ``N_``…) in
   ``intake_app/`` and every label in the vocabulary files (``resources/vocabulary/``, context
   "vocabulary") into ``resources/locale/intake.pot``.
2. Brings each language's ``.po`` up to date with it (new strings untranslated, changed ones
   marked fuzzy for a translator to check, gone ones kept as obsolete).
3. Compiles each ``.po`` to the ``.mo`` the app reads.

``python -m tools.catalogues --check`` changes nothing and fails if any of it is out of date
(the test suite runs it).
"""

from __future__ import annotations

import argparse
import io
import json
import sys
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

from intake_app.support import i18n

ROOT = Path(__file__).resolve().parents[1]
LOCALE = ROOT / "resources" / "locale"
POT = LOCALE / f"{i18n.DOMAIN}.pot"
VOCABULARY = ROOT / "resources" / "vocabulary"
VOCABULARY_CONTEXT = "vocabulary"
HEADER = """Intake's words, as people see them on screen, on the command line and in statistics.
Each translation is "not yet reviewed by a fluent speaker" until X-Reviewed-By names someone;
docs/translating.md says how to review one."""


def template() -> Catalog:
    """Every translatable string, from the code and the vocabularies."""
    # A fixed creation date: the catalogues change only when their messages do, so a run that
    # finds nothing new writes nothing (and the compiled .mo stays byte for byte the same).
    pot = Catalog(
        project="Intake",
        header_comment=_comment(HEADER),
        fuzzy=False,
        creation_date=datetime(2026, 1, 1, tzinfo=UTC),
    )
    pot.locale = None
    for filename, lineno, message, comments, context in extract_from_dir(
        str(ROOT / "intake_app"),
        method_map=[("**.py", "python")],
        # NP_: Qt's own words with Qt's context (ui/qt_words.py); NN_: a plural marked where it
        # is defined (leaflets/copy_wording.py).
        keywords={**DEFAULT_KEYWORDS, "NP_": ((1, "c"), 2), "NN_": (1, 2)},
        comment_tags=("Translators:",),
        strip_comment_tags=True,
    ):
        pot.add(
            message,
            None,
            [(f"intake_app/{Path(filename).as_posix()}", lineno)],
            auto_comments=comments,
            context=context,
        )
    for where, label in vocabulary_labels():
        pot.add(label, None, [(where, 0)], context=VOCABULARY_CONTEXT)
    return pot


def vocabulary_labels() -> Iterator[tuple[str, str]]:
    for path in sorted(VOCABULARY.rglob("*.json")):
        where = path.relative_to(ROOT).as_posix()
        data = json.loads(path.read_text(encoding="utf-8"))
        for key in ("strands", "incident_types", "place_types"):
            for item in data.get(key, []):
                yield where, item["label"]
                for sub in item.get("sub_categories", []):
                    yield where, sub["label"]


def _comment(text: str) -> str:
    return "\n".join(f"# {line}" for line in text.splitlines())


def po_path(code: str) -> Path:
    return LOCALE / code / "LC_MESSAGES" / f"{i18n.DOMAIN}.po"


def languages() -> list[str]:
    return [lang.code for lang in i18n.LANGUAGES if lang.code != "en"]


def _po_bytes(catalog: Catalog) -> bytes:
    out = io.BytesIO()
    write_po(
        out, catalog, width=100, sort_output=False, ignore_obsolete=False, include_lineno=False
    )
    return out.getvalue()


def _mo_bytes(catalog: Catalog) -> bytes:
    out = io.BytesIO()
    write_mo(out, catalog, use_fuzzy=False)
    return out.getvalue()


def new_catalogue(code: str, pot: Catalog) -> Catalog:
    """An empty catalogue for a language, with its plural rules (from CLDR, through Babel)."""
    catalog = Catalog(
        locale=code,
        project="Intake",
        header_comment=_comment(HEADER),
        fuzzy=False,
    )
    catalog.update(pot)
    catalog.mime_headers  # noqa: B018  # fills the plural forms from the locale
    return catalog


def updated(code: str, pot: Catalog) -> Catalog:
    path = po_path(code)
    if not path.exists():
        return new_catalogue(code, pot)
    with path.open("rb") as handle:
        catalog = read_po(handle, locale=code)
    catalog.update(pot, update_header_comment=False)
    # Once more from the written form: Babel settles a new message's flags on the second pass,
    # and a single run of make catalogues must leave nothing for the next run to change.
    again = read_po(io.BytesIO(_po_bytes(catalog)), locale=code)
    again.update(pot, update_header_comment=False)
    return again


def _pot_bytes(pot: Catalog) -> bytes:
    out = io.BytesIO()
    # File names without line numbers: moving code about does not change the catalogues.
    write_po(out, pot, width=100, omit_header=False, sort_output=False, include_lineno=False)
    # The creation date changes on every run; keep the file steady between runs.
    return b"\n".join(
        line for line in out.getvalue().split(b"\n") if not line.startswith(b'"POT-Creation-Date')
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="fail if anything is out of date")
    args = parser.parse_args(argv)
    pot = template()
    wanted: dict[Path, bytes] = {POT: _pot_bytes(pot)}
    for code in languages():
        catalog = updated(code, pot)
        wanted[po_path(code)] = _po_bytes(catalog)
        wanted[po_path(code).with_suffix(".mo")] = _mo_bytes(catalog)
    stale = [path for path, data in wanted.items() if not _same(path, data)]
    if args.check:
        for path in stale:
            print(f"Out of date: {path.relative_to(ROOT)} (run: make catalogues)", file=sys.stderr)
        return 1 if stale else 0
    for path in stale:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(wanted[path])
        print(f"Wrote {path.relative_to(ROOT)}")
    return 0


def _same(path: Path, data: bytes) -> bool:
    if not path.exists():
        return False
    current = path.read_bytes()
    if path.suffix in (".po", ".pot"):
        strip = (b'"POT-Creation-Date', b'"PO-Revision-Date')
        keep = [line for line in current.split(b"\n") if not line.startswith(strip)]
        new = [line for line in data.split(b"\n") if not line.startswith(strip)]
        return keep == new
    return current == data


if __name__ == "__main__":
    sys.exit(main())
