"""Errors a person can act on.

Every error raised towards the GUI or the command line is an ``IntakeError`` whose message is one
plain English sentence or two. Messages never contain report content, names or secrets.
"""

from __future__ import annotations


class IntakeError(Exception):
    """Base for errors shown to the person using the app."""

    exit_code = 1


class WrongCredentials(IntakeError):
    """The user name or passphrase (or recovery key) did not open the store."""

    def __init__(
        self, message: str = "That user name and passphrase did not unlock the store."
    ) -> None:
        super().__init__(message)


class AccountInactive(IntakeError):
    pass


class NotAllowed(IntakeError):
    """The signed-in user's role does not allow this."""


class StoreMissing(IntakeError):
    pass


class StoreExists(IntakeError):
    pass


class SlotFileDamaged(IntakeError):
    pass


class ForeignDatabase(IntakeError):
    pass


class DatabaseDamaged(IntakeError):
    pass


class JournalDamaged(IntakeError):
    """A store's write-ahead log holds committed changes SQLite would silently drop."""


class DiskFull(IntakeError):
    pass


class StoreLocked(IntakeError):
    """The store was closed (the app locked) while something still wanted it."""

    def __init__(
        self, message: str = "The app locked before this could finish. Nothing was changed."
    ) -> None:
        super().__init__(message)


class KeyringUnavailable(IntakeError):
    pass


class InvalidRecoveryKey(IntakeError):
    pass


class WeakPassphrase(IntakeError):
    pass


class NotFound(IntakeError):
    pass


class InvalidState(IntakeError):
    """The action does not fit the report's current state (e.g. editing a ready report)."""


class AttachmentRefused(IntakeError):
    pass


class BackupInvalid(IntakeError):
    pass


class ValidationFailed(IntakeError):
    """A report or input failed validation; ``problems`` holds one message per field."""

    def __init__(self, problems: list[tuple[str, str]]) -> None:
        self.problems = problems
        count = len(problems)
        first = f"{problems[0][0]}: {problems[0][1]}" if problems else ""
        more = f" (and {count - 1} more)" if count > 1 else ""
        super().__init__(f"The report is not complete or has a mistake. {first}{more}")
