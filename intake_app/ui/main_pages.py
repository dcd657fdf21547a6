"""The main window's screens other than the reports list, the form and the leaflets: which
page each entry of the list on the left shows, made when it is chosen."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

from PySide6.QtWidgets import QWidget

from intake_app.app.session import Session
from intake_app.ui.pages.audit_page import AuditPage
from intake_app.ui.pages.centre_settings_page import CentreSettingsPage
from intake_app.ui.pages.due_page import DuePage
from intake_app.ui.pages.export_page import ExportPage
from intake_app.ui.pages.scrolling_page import ScrollingHolder
from intake_app.ui.pages.statistics_page import StatisticsPage
from intake_app.ui.pages.users_page import UsersPage

if TYPE_CHECKING:
    from intake_app.ui.main_window import MainWindow

# The window's attributes that hold a page of their own, let go of at every lock.
PAGES = (
    "users_page",
    "settings_page",
    "audit_page",
    "leaflets_page",
    "export_page",
    "statistics_page",
    "due_page",
)

PageT = TypeVar("PageT", bound=QWidget)
KeptT = TypeVar("KeptT", UsersPage, CentreSettingsPage)


def show_screen(window: MainWindow, target: str, session: Session) -> None:
    """Show the page for ``target`` (users, settings, export, statistics, audit or due)."""
    if target == "users":
        window.users_page = kept_page(window, "users_page", lambda: UsersPage(session))
    elif target == "settings":
        window.settings_page = kept_page(
            window,
            "settings_page",
            lambda: CentreSettingsPage(session, window.on_auto_lock_changed),
        )
    elif target == "export":
        # Long pages scroll, so the window fits a 1366×768 screen at 150 % text.
        window.export_page = fresh_page(
            window, "export_page", lambda: ExportPage(session), scrolls=True
        )
    elif target == "statistics":
        window.statistics_page = fresh_page(
            window, "statistics_page", lambda: StatisticsPage(session)
        )
    elif target == "audit":
        window.audit_page = fresh_page(window, "audit_page", lambda: AuditPage(session))
    elif target == "due":
        page = fresh_page(window, "due_page", lambda: DuePage(session), scrolls=True)  # two lists
        page.open_requested.connect(window.view_report)
        window.due_page = page


def kept_page(window: MainWindow, name: str, make: Callable[[], KeptT]) -> KeptT:
    """Show a page made once a session, read again from the store each time it is shown."""
    page: KeptT | None = getattr(window, name)
    if page is None:
        page = make()
        window.pages.addWidget(page)
    page.refresh()
    window.pages.setCurrentWidget(page)
    return page


def fresh_page(
    window: MainWindow, name: str, make: Callable[[], PageT], *, scrolls: bool = False
) -> PageT:
    """Show a newly made page in place of the old one (so it shows the store as it is now);
    ``scrolls``: held in a scroll area."""
    window.drop_page(name)
    page = make()
    shown: QWidget = ScrollingHolder(page) if scrolls else page
    window.pages.addWidget(shown)
    window.pages.setCurrentWidget(shown)
    return page
