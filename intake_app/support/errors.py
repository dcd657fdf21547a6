"""Errors a person can act on.

Every error raised towards the GUI or the command line is an ``IntakeError`` whose message is one
plain sentence or two, in the language the app speaks when it is raised (marked for translation
where it is written). Messages never contain report content, names or secrets.
"""

from __future__ import annotations

from intake_app.support.i18n import N_, _, ngettext


class IntakeError(Exception):
    """Base for errors shown to the person using the app."""

    exit_code = 1


class WrongCredentials(IntakeError):
    """The user name or passphrase (or recovery key) did not open the store."""

    def __init__(self, message: str = "") -> None:
        super().__init__(
            message
            or _(
                "That user name and passphrase did not unlock the store. (An account a "
                "coordinator has deactivated no longer unlocks it.)"
            )
        )


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


# Where a storage failure happened, as a message id (translated where the message is made).
DATA_FOLDER = N_("the data folder")


class StorageFailure(IntakeError):
    """The disk or the operating system refused to read or write a file.

    ``place`` names the folder concerned ("the data folder", or "the chosen folder" for a file
    being saved elsewhere), untranslated; ``place_text`` is it as people read it. ``cause``
    finishes a sentence ("… because the disk is full") and ``advice`` says what to do, for places
    that report a failure in their own words.
    """

    def __init__(self, message: str = "", *, place: str = DATA_FOLDER) -> None:
        self.place = place
        super().__init__(message or self.default_message())

    @property
    def place_text(self) -> str:
        return _(self.place)

    @property
    def cause(self) -> str:
        # Translators: finishes the sentence "This could not be done, because …".
        return _("a file could not be read or written")

    @property
    def advice(self) -> str:
        # Translators: {place} is "the data folder" or "the chosen folder".
        return _("Check {place} and the disk that holds it.").format(place=self.place_text)

    def default_message(self) -> str:
        # Translators: {cause} finishes the sentence, such as "the disk is full"; {advice} is
        # a sentence saying what to do.
        return _("This could not be done, because {cause}. {advice}").format(
            cause=self.cause, advice=self.advice
        )


class DiskFull(StorageFailure):
    """No space left (SQLITE_FULL, ENOSPC, EDQUOT)."""

    @property
    def cause(self) -> str:
        # Translators: finishes the sentence "This could not be done, because …".
        return _("the disk is full")

    @property
    def advice(self) -> str:
        # Translators: {place} is "the data folder" or "the chosen folder".
        return _("Free some space on the disk that holds {place}, then try again.").format(
            place=self.place_text
        )

    def default_message(self) -> str:
        # Translators: {advice} is a sentence saying what to do.
        return _(
            "The disk is full, so this could not be done. Nothing saved before is lost. {advice}"
        ).format(advice=self.advice)


class StoreReadOnly(StorageFailure):
    """The folder or its drive does not allow writing (SQLITE_READONLY, EROFS, a folder this
    account may read but not write)."""

    @property
    def cause(self) -> str:
        # Translators: finishes the sentence "This could not be done, because …"; {place} is
        # "the data folder" or "the chosen folder".
        return _("{place} is read-only").format(place=self.place_text)

    @property
    def advice(self) -> str:
        return _(
            "Make the folder writable again (check its permissions, and that its drive is not "
            "mounted or shared read-only), then try again."
        )

    def default_message(self) -> str:
        place = self.place_text
        # Translators: {place} is "the data folder" or "the chosen folder", here with a capital
        # letter; {advice} is a sentence saying what to do.
        return _(
            "{place} is read-only, so this could not be done. Nothing saved before is lost. "
            "{advice}"
        ).format(place=f"{place[:1].upper()}{place[1:]}", advice=self.advice)


class StoreNotPermitted(StorageFailure):
    """The operating system denied this account access (EACCES, EPERM, SQLITE_PERM)."""

    @property
    def cause(self) -> str:
        # Translators: finishes the sentence "This could not be done, because …"; {place} is
        # "the data folder" or "the chosen folder".
        return _("this account is not allowed to use the files in {place}").format(
            place=self.place_text
        )

    @property
    def advice(self) -> str:
        # Translators: {place} is "the data folder" or "the chosen folder".
        return _(
            "Use the account that set the store up, or ask whoever looks after this computer to "
            "give this account access to {place}."
        ).format(place=self.place_text)

    def default_message(self) -> str:
        # Translators: {place} is "the data folder" or "the chosen folder"; {advice} is a
        # sentence saying what to do.
        return _(
            "This account is not allowed to use the files in {place} (permission denied), "
            "so this could not be done. Nothing was changed. {advice}"
        ).format(place=self.place_text, advice=self.advice)


class DiskFailure(StorageFailure):
    """Any other input/output error (SQLITE_IOERR, EIO): the disk or its connection."""

    @property
    def cause(self) -> str:
        # Translators: finishes the sentence "This could not be done, because …".
        return _("the disk reported an error while reading or writing")

    @property
    def advice(self) -> str:
        # Translators: 'intake check' is a command: do not translate it.
        return _(
            "Check the drive (reconnect it if it is external or on a network) and try again. If "
            "it keeps happening, copy the whole data folder to another disk and run "
            "'intake check'."
        )

    def default_message(self) -> str:
        # Translators: {advice} is a sentence saying what to do.
        return _(
            "The disk reported an error while reading or writing, so this could not be done. "
            "That points to the disk or its connection, not to damage in the store. {advice}"
        ).format(advice=self.advice)


class StoreMoved(StorageFailure):
    """The open database file was moved or replaced under the app (SQLITE_READONLY_DBMOVED)."""

    @property
    def cause(self) -> str:
        # Translators: finishes the sentence "This could not be done, because …".
        return _("the store's files were moved or replaced while it was open")

    @property
    def advice(self) -> str:
        return _("Close the store (lock the app, or let the command end) and open it again.")

    def default_message(self) -> str:
        # Translators: {advice} is a sentence saying what to do.
        return _(
            "The store's files were moved or replaced while it was open, so this could not be "
            "done. {advice}"
        ).format(advice=self.advice)


class StoreInUse(IntakeError):
    """Another window or command holds the store lock (a restore needs the store to itself)."""


class RestoreUnfinished(IntakeError):
    """A restore was interrupted and its record in the data folder needs attention."""


class JournalDamaged(IntakeError):
    """A store's write-ahead log holds committed changes SQLite would silently drop."""


class StoreLocked(IntakeError):
    """The store was closed (the app locked) while something still wanted it."""

    def __init__(self, message: str = "") -> None:
        super().__init__(
            message or _("The app locked before this could finish. Nothing was changed.")
        )


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


class AlreadyThere(IntakeError):
    """Files about to be written are already in the chosen folder; ``names`` are their names
    (never personal: the caller names the files)."""

    def __init__(self, names: list[str]) -> None:
        self.names = names
        super().__init__(
            # Translators: {files} is a list of file names, such as "subject-access-RIVA-2026-
            # 00001-7.pdf, subject-access-RIVA-2026-00001-7.json".
            ngettext(
                "{files} is already in the chosen folder. Nothing was written: choose another "
                "folder, or move the file away.",
                "{files} are already in the chosen folder. Nothing was written: choose another "
                "folder, or move the files away.",
                len(names),
            ).format(files=", ".join(names))
        )


class BackupInvalid(IntakeError):
    pass


class ValidationFailed(IntakeError):
    """A report or input failed validation; ``problems`` holds one message per field."""

    def __init__(self, problems: list[tuple[str, str]]) -> None:
        self.problems = problems
        if not problems:
            super().__init__(_("The report is not complete or has a mistake."))
            return
        (field, problem), more = problems[0], len(problems) - 1
        if not more:
            # Translators: {field} is the field's code, such as "person.phone"; {problem} is a
            # sentence saying what is wrong with it.
            message = _("The report is not complete or has a mistake. {field}: {problem}")
        else:
            # Translators: {field} is the field's code, such as "person.phone"; {problem} is a
            # sentence saying what is wrong with it; {count} is how many other problems there are.
            message = ngettext(
                "The report is not complete or has a mistake. {field}: {problem} (and {count} "
                "more)",
                "The report is not complete or has a mistake. {field}: {problem} (and {count} "
                "more)",
                more,
            )
        super().__init__(message.format(field=field, problem=problem, count=more))
