"""The centre a store belongs to: its name, its code (which begins every reference) and the
force whose vocabulary it uses, and the rules for typing them."""

from __future__ import annotations

from dataclasses import dataclass

from intake_app.domain import reference
from intake_app.domain.text_rules import text_problem
from intake_app.domain.vocabulary import available_forces
from intake_app.support.errors import IntakeError
from intake_app.support.i18n import _


@dataclass(frozen=True)
class Centre:
    name: str
    code: str
    force_code: str


def check_centre_name(name: str) -> str:
    name = name.strip()
    if not name:
        raise IntakeError(_("Enter the centre's name."))
    reason = text_problem(name, 120)
    if reason:
        # Translators: {problem} is what is wrong with the name, as a sentence.
        raise IntakeError(_("Centre name: {problem}").format(problem=reason))
    return name


def check_centre_code(code: str) -> str:
    code = code.strip().upper()
    if not reference.CENTRE_CODE.match(code):
        raise IntakeError(
            _(
                "The centre code is 2 to 8 capital letters or digits, starting with a letter "
                "(for example LEIC1). It begins every report reference."
            )
        )
    return code


def check_centre(name: str, code: str, force_code: str = "") -> tuple[str, str]:
    name, code = check_centre_name(name), check_centre_code(code)
    if force_code and force_code not in available_forces():
        # Translators: {force} is a police force's code, such as "leicestershire".
        raise IntakeError(
            _("There is no vocabulary file for the force '{force}'.").format(force=force_code)
        )
    return name, code
