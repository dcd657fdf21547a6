"""Statistics for coordinators: figures for the screen, safe CSV and PDF exports (audited)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Literal

from intake_app.domain.accounts import COORDINATOR
from intake_app.domain.vocabulary import Vocabulary
from intake_app.exchange.force_profile_format import stored_profile
from intake_app.services.context import ServiceContext
from intake_app.statistics.case_figures import case_tables
from intake_app.statistics.figures import Figures, Period, compute
from intake_app.statistics.publish import make_safe, to_csv
from intake_app.support.atomic_files import atomic_write, disk_error

Format = Literal["csv", "pdf"]


class StatisticsService:
    def __init__(self, context: ServiceContext, *, vocabulary: Callable[[], Vocabulary]) -> None:
        self.context = context
        self.vocabulary = vocabulary

    def has_reports(self, *, demo: bool) -> bool:
        """Whether any counted report is (or, with ``demo=False``, is not) demo data."""
        found = self.context.db.scalar(
            "SELECT 1 FROM statistics_entries WHERE is_demo = ? LIMIT 1", (int(demo),)
        )
        return bool(found)

    def figures(self, period: Period, *, include_demo: bool = True) -> Figures:
        """Exact counts, for coordinators inside the centre."""
        self.context.require(COORDINATOR)
        db, vocabulary = self.context.db, self.vocabulary()
        figures = compute(db, vocabulary, period, include_demo=include_demo)
        profile = stored_profile(db)
        cases = case_tables(db, vocabulary, figures.period, figures.previous,
                            profile.promises if profile else None,
                            self.context.local_now().date(), include_demo=include_demo)  # fmt: skip
        return replace(figures, tables=figures.tables + cases)

    def export(self, figures: Figures, kind: Format, path: Path) -> None:
        """Write the safe figures to ``path`` and record it in the audit log."""
        self.context.require(COORDINATOR)
        safe = make_safe(figures)
        today = self.context.local_now().date()
        name = self.context.centre.name
        if kind == "csv":
            data = to_csv(safe, name, today)
        else:
            from intake_app.statistics.summary_pdf import render_summary

            data = render_summary(safe, name, today)
        try:
            atomic_write(Path(path), data)
        except OSError as exc:
            raise disk_error(exc) from None
        period = f"{figures.period.first}..{figures.period.last}"
        with self.context.db.transaction():
            self.context.audit.append(
                self.context.actor, "statistics.exported", None,
                f"{kind} {period}{' with demo reports' if figures.demo_reports else ''}",
            )  # fmt: skip
