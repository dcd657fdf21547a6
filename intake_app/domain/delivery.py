"""Where a report stands with one recipient besides the police: agreed by the person, sent in
that recipient's batch, acknowledged by its receipt, or sent back; and what it was last told of
the report since (a correction or an erasure, and how far that has got)."""

from __future__ import annotations

from dataclasses import dataclass

from intake_app.domain.report_notice import NoticeState
from intake_app.support.i18n import N_, _

SENTENCES = {
    # Translators: {name} is a recipient's name, such as a council's anti-social behaviour team.
    "agreed": N_("{name}: the person agreed; not sent yet"),
    # Translators: {name} is a recipient's name.
    "exported": N_("{name}: sent, waiting for its receipt"),
    # Translators: {name} is a recipient's name.
    "acknowledged": N_("{name}: received (acknowledged)"),
    # Translators: {name} is a recipient's name.
    "rejected": N_("{name}: sent back"),
}


@dataclass(frozen=True)
class Delivery:
    recipient: str  # its code
    name: str
    identifying: bool  # with contact details, as the person agreed
    state: str  # a key of SENTENCES
    notice: NoticeState | None = None  # what the recipient was last told of the report

    def sentence(self) -> str:
        said = _(SENTENCES[self.state]).format(name=self.name)
        if self.notice is None:
            return said
        return _("{status} · {notice}").format(
            status=said, notice=self.notice.sentence(to_force=False)
        )
