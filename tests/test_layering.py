"""The layout the contracts describe (docs/architecture.md): every package has its layer, Qt stays
under intake_app/ui, and key material reaches only the modules that manage keys."""

from __future__ import annotations

import ast
import pkgutil
import tomllib
from pathlib import Path
from typing import Any

import intake_app

ROOT = Path(__file__).resolve().parent.parent

# Who is given key material (docs/architecture.md, "Composition"). A new module that needs keys
# is added here and left out of the key holder's contract in pyproject.toml, in the same change.
MANAGE_KEYS = {
    "intake_app.app.case_work",
    "intake_app.app.legacy_upgrade",
    "intake_app.app.session",
    "intake_app.app.unlocking",
    "intake_app.services.backups",
    "intake_app.services.casebooks",
    "intake_app.services.deposits",
    "intake_app.services.rekey",
    "intake_app.services.store_keys",
    "intake_app.services.users",
    "intake_app.services.workspace_admin",
}


def _contracts() -> list[dict[str, Any]]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())
    contracts: list[dict[str, Any]] = config["tool"]["importlinter"]["contracts"]
    return contracts


def _contract(starts: str) -> dict[str, Any]:
    return next(c for c in _contracts() if c["name"].startswith(starts))


def _packages() -> set[str]:
    return {f"intake_app.{m.name}" for m in pkgutil.iter_modules(intake_app.__path__) if m.ispkg}


def _modules() -> set[str]:
    return {m.name for m in pkgutil.walk_packages(intake_app.__path__, "intake_app.")}


def _covered(module: str, sources: set[str]) -> bool:
    return any(module == s or module.startswith(s + ".") for s in sources)


def test_the_top_of_the_package_holds_only_packages() -> None:
    loose = sorted(p.name for p in (ROOT / "intake_app").glob("*.py"))
    assert loose == ["__init__.py", "__main__.py"]


def test_every_package_has_its_layer() -> None:
    layers = _contract("Layers")["layers"]
    named = {name.strip() for layer in layers for name in layer.replace(":", "|").split("|")}
    assert named == _packages()


def test_qt_contract_names_every_package_outside_ui() -> None:
    sources = set(_contract("Qt is imported only")["source_modules"])
    assert sources == _packages() - {"intake_app.ui"}


def test_every_module_but_those_managing_keys_is_kept_from_the_key_holder() -> None:
    sources = set(_contract("Only the modules that manage")["source_modules"])
    not_kept_out = {m for m in _modules() if not _covered(m, sources)}
    assert not_kept_out - _packages() - {"intake_app.__main__"} == MANAGE_KEYS


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
