"""Qt stays under intake_app/ui: the import contract covers every other module."""

from __future__ import annotations

import ast
import pkgutil
import tomllib
from pathlib import Path
from typing import Any

import intake_app

ROOT = Path(__file__).resolve().parent.parent


# Who is given key material (docs/composition.md). A new module that needs keys is added here
# and left out of the key holder's contract in pyproject.toml, on purpose, in the same change.
MANAGE_KEYS = {
    "intake_app.backups",
    "intake_app.deposits",
    "intake_app.legacy_upgrade",
    "intake_app.rekey",
    "intake_app.session",
    "intake_app.store_keys",
    "intake_app.unlocking",
    "intake_app.users",
    "intake_app.workspace_admin",
}


def _contracts() -> list[dict[str, Any]]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())
    contracts: list[dict[str, Any]] = config["tool"]["importlinter"]["contracts"]
    return contracts


def _contract_sources() -> set[str]:
    forbidden = next(c for c in _contracts() if c["type"] == "forbidden")
    return set(forbidden["source_modules"])


def _top_level() -> set[str]:
    return {f"intake_app.{m.name}" for m in pkgutil.iter_modules(intake_app.__path__)}


def test_contract_names_every_module_outside_ui() -> None:
    top_level = _top_level() - {"intake_app.ui", "intake_app.__main__"}
    assert top_level <= _contract_sources(), top_level - _contract_sources()


def test_every_module_but_those_managing_keys_is_kept_from_the_key_holder() -> None:
    contract = next(c for c in _contracts() if c["name"].startswith("Only the modules that manage"))
    kept_out = set(contract["source_modules"])
    everything = _top_level() - {"intake_app.__main__"}
    assert everything - kept_out == MANAGE_KEYS


def test_no_module_outside_ui_mentions_qt() -> None:
    for path in (ROOT / "intake_app").rglob("*.py"):
        if "ui" in path.relative_to(ROOT / "intake_app").parts[:1]:
            continue
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            assert not any(n.startswith(("PySide6", "shiboken6")) for n in names), path
