"""Qt stays under intake_app/ui: the import contract covers every other module."""

from __future__ import annotations

import ast
import pkgutil
import tomllib
from pathlib import Path

import intake_app

ROOT = Path(__file__).resolve().parent.parent


def _contract_sources() -> set[str]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())
    contracts = config["tool"]["importlinter"]["contracts"]
    forbidden = next(c for c in contracts if c["type"] == "forbidden")
    return set(forbidden["source_modules"])


def test_contract_names_every_module_outside_ui() -> None:
    top_level = {
        f"intake_app.{m.name}"
        for m in pkgutil.iter_modules(intake_app.__path__)
        if m.name not in ("ui", "__main__")
    }
    assert top_level <= _contract_sources(), top_level - _contract_sources()


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
