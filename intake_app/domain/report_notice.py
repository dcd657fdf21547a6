"""What the force has been told about a report it already holds, and how far that has got.

A correction of a report the police have goes to the force as an **amendment** (the corrected
report); a withdrawal as an **erasure** (the report's id and reference, nothing else). Either
waits for the next batch, is sent in it, and is confirmed or refused by that batch's receipt.
"""

from __future__ import annotations

from dataclasses import dataclass

from intake_app.support.i18n import N_, _, ngettext

AMENDMENT, ERASURE = "amendment", "erasure"
KINDS = (AMENDMENT, ERASURE)
STATES = ("waiting", "sent", "confirmed", "refused")

_LABELS = {
    # Translators: a report's state after a coordinator corrected it once the police had it: the
    # corrected report goes to the force with the next batch written.
    (AMENDMENT, "waiting"): N_("Correction waiting for the next batch"),
    # Translators: the corrected report went to the force; its receipt has not come yet.
    (AMENDMENT, "sent"): N_("Correction sent"),
    # Translators: the force's receipt confirms it has the corrected report.
    (AMENDMENT, "confirmed"): N_("Correction confirmed"),
    (AMENDMENT, "refused"): N_("Correction refused by the force"),
    # Translators: a withdrawn report's state: the force is asked, with the next batch written,
    # to erase its copy.
    (ERASURE, "waiting"): N_("Erasure waiting for the next batch"),
    # Translators: the force has been asked to erase its copy; its receipt has not come yet.
    (ERASURE, "sent"): N_("Erasure sent"),
    # Translators: the force's receipt confirms it erased its copy of the report.
    (ERASURE, "confirmed"): N_("Erasure confirmed"),
    (ERASURE, "refused"): N_("Erasure refused by the force"),
}
# A recipient besides the police refuses in its own name.
_REFUSED_BY_RECIPIENT = {
    AMENDMENT: N_("Correction refused by the recipient"),
    ERASURE: N_("Erasure refused by the recipient"),
}


@dataclass(frozen=True)
class NoticeState:
    kind: str  # amendment | erasure
    state: str  # waiting | sent | confirmed | refused
    reason: str = ""  # the force's, when it refused

    @classmethod
    def parse(cls, text: str | None, reason: str = "") -> NoticeState | None:
        """From ``kind:state`` as the store gives it; None for nothing, or what is not known."""
        kind, _sep, state = (text or "").partition(":")
        return cls(kind, state, reason) if (kind, state) in _LABELS else None

    def label(self, *, to_force: bool = True) -> str:
        """``Correction sent``, in the language the app speaks (``to_force`` False: told to a
        recipient besides the police)."""
        if self.state == "refused" and not to_force:
            return _(_REFUSED_BY_RECIPIENT[self.kind])
        return _(_LABELS[(self.kind, self.state)])

    def sentence(self, *, to_force: bool = True) -> str:
        """The label, and the receiver's reason when it refused."""
        if self.state == "refused" and self.reason:
            # Translators: {state} is "Correction refused by the force" or "Erasure refused by
            # the force"; {reason} is the force's reason, as the force wrote it.
            return _("{state}: {reason}").format(
                state=self.label(to_force=to_force), reason=self.reason
            )
        return self.label(to_force=to_force)


def with_notice(status: str, notice: NoticeState | None) -> str:
    """A report's status with its notice, for a list: ``Acknowledged · Correction sent``."""
    if notice is None:
        return status
    # Translators: a report's status and, after it, what the force has been told of it:
    # "Acknowledged · Correction sent".
    return _("{status} · {notice}").format(status=status, notice=notice.label())


def notices_line(count: int, *, to_force: bool = True) -> str:
    """After what a batch holds: how many corrections and erasures it also takes the force (or,
    not ``to_force``, the recipient it is for)."""
    if not to_force:
        # Translators: {count} is a number of corrections and erasures of reports a recipient
        # besides the police (a council's team, a school…) already has.
        return ngettext(
            "It also tells the recipient of {count} correction or erasure.",
            "It also tells the recipient of {count} corrections or erasures.",
            count,
        ).format(count=count)
    # Translators: {count} is a number of corrections and erasures of reports the police have.
    return ngettext(
        "It also tells the force of {count} correction or erasure.",
        "It also tells the force of {count} corrections or erasures.",
        count,
    ).format(count=count)
