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
        self,
        message: str = (
            "That user name and passphrase did not unlock the store. (An account a coordinator "
            "has deactivated no longer unlocks it.)"
        ),
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


DATA_FOLDER = "the data folder"


class StorageFailure(IntakeError):
    """The disk or the operating system refused to read or write a file.

    ``place`` names the folder concerned ("the data folder", or "the chosen folder" for a file
    being saved elsewhere). ``cause`` finishes a sentence ("… because the disk is full") and
    ``advice`` says what to do, for places that report a failure in their own words.
    """

    def __init__(self, message: str = "", *, place: str = DATA_FOLDER) -> None:
        self.place = place
        super().__init__(message or self.default_message())

    @property
    def cause(self) -> str:
        return "a file could not be read or written"

    @property
    def advice(self) -> str:
        return f"Check {self.place} and the disk that holds it."

    def default_message(self) -> str:
        return f"This could not be done, because {self.cause}. {self.advice}"


class DiskFull(StorageFailure):
    """No space left (SQLITE_FULL, ENOSPC, EDQUOT)."""

    @property
    def cause(self) -> str:
        return "the disk is full"

    @property
    def advice(self) -> str:
        return f"Free some space on the disk that holds {self.place}, then try again."

    def default_message(self) -> str:
        return f"The disk is full, so this could not be done. Nothing saved before is lost. {self.advice}"


class StoreReadOnly(StorageFailure):
    """The folder or its drive does not allow writing (SQLITE_READONLY, EROFS, a folder this
    account may read but not write)."""

    @property
    def cause(self) -> str:
        return f"{self.place} is read-only"

    @property
    def advice(self) -> str:
        return (
            "Make the folder writable again (check its permissions, and that its drive is not "
            "mounted or shared read-only), then try again."
        )

    def default_message(self) -> str:
        return (
            f"{self.place[0].upper()}{self.place[1:]} is read-only, so this could not be done. "
            f"Nothing saved before is lost. {self.advice}"
        )


class StoreNotPermitted(StorageFailure):
    """The operating system denied this account access (EACCES, EPERM, SQLITE_PERM)."""

    @property
    def cause(self) -> str:
        return f"this account is not allowed to use the files in {self.place}"

    @property
    def advice(self) -> str:
        return (
            "Use the account that set the store up, or ask whoever looks after this computer to "
            f"give this account access to {self.place}."
        )

    def default_message(self) -> str:
        return (
            f"This account is not allowed to use the files in {self.place} (permission denied), "
            f"so this could not be done. Nothing was changed. {self.advice}"
        )


class DiskFailure(StorageFailure):
    """Any other input/output error (SQLITE_IOERR, EIO): the disk or its connection."""

    @property
    def cause(self) -> str:
        return "the disk reported an error while reading or writing"

    @property
    def advice(self) -> str:
        return (
            "Check the drive (reconnect it if it is external or on a network) and try again. If "
            "it keeps happening, copy the whole data folder to another disk and run "
            "'intake check'."
        )

    def default_message(self) -> str:
        return (
            "The disk reported an error while reading or writing, so this could not be done. "
            "That points to the disk or its connection, not to damage in the store. " + self.advice
        )


class StoreMoved(StorageFailure):
    """The open database file was moved or replaced under the app (SQLITE_READONLY_DBMOVED)."""

    @property
    def cause(self) -> str:
        return "the store's files were moved or replaced while it was open"

    @property
    def advice(self) -> str:
        return "Close the store (lock the app, or let the command end) and open it again."

    def default_message(self) -> str:
        return (
            "The store's files were moved or replaced while it was open, so this could not be "
            f"done. {self.advice}"
        )


class StoreInUse(IntakeError):
    """Another window or command holds the store lock (a restore needs the store to itself)."""


class RestoreUnfinished(IntakeError):
    """A restore was interrupted and its record in the data folder needs attention."""


class JournalDamaged(IntakeError):
    """A store's write-ahead log holds committed changes SQLite would silently drop."""


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
