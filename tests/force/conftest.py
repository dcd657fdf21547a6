from pathlib import Path

import pytest

from tests.postgres_server import postgres_database, postgres_server

__all__ = ["postgres_database", "postgres_server", "where"]


@pytest.fixture(params=["sqlite", "postgresql"])
def where(request: pytest.FixtureRequest, tmp_path: Path) -> tuple[Path, str | None]:
    """The force's folder, and the PostgreSQL database's address (None: force.db)."""
    home = tmp_path / "force"
    home.mkdir()
    if request.param == "sqlite":
        return home, None
    return home, str(request.getfixturevalue("postgres_database"))
