"""The lawful basis a centre relies on to keep and pass on reports (UK GDPR), as the privacy
notice tells the person reporting.

Two choices, made once for the centre by a coordinator: the basis for personal data in general
(Article 6), and the condition for the special category data a report holds (race, religion or
belief, sexual orientation, health and disability: Article 9, with the Data Protection Act 2018,
Schedule 1), which also covers the allegation of a crime. The codes are kept in the store; the
labels are message ids, translated where they are shown.
"""

from __future__ import annotations

from intake_app.support.i18n import N_

LAWFUL_BASES = {
    # Translators: choices of the lawful basis under data protection law (UK GDPR Article 6),
    # for the centre's settings.
    "consent": N_("Consent"),
    "legitimate_interests": N_("Legitimate interests"),
    "public_task": N_("Public task"),
}
SPECIAL_CATEGORY_CONDITIONS = {
    # Translators: choices of the condition for sensitive ("special category") data under data
    # protection law (UK GDPR Article 9), for the centre's settings.
    "explicit_consent": N_("Explicit consent"),
    "substantial_public_interest": N_("Substantial public interest (Data Protection Act 2018)"),
    "not_for_profit": N_("Not-for-profit body (its members and regular contacts only)"),
}
DEFAULT_LAWFUL_BASIS = "consent"
DEFAULT_SPECIAL_CATEGORY_CONDITION = "explicit_consent"
