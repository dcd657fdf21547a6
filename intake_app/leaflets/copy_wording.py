"""Every label and sentence on the person's copy of their report, in one place.

The texts are English for now. Each is a gettext message id, marked with ``N_`` so that
``xgettext --keyword=N_`` finds them; ``Wording`` looks each one up in a translations object
(``gettext.NullTranslations`` gives the English), so a language version needs a catalogue, not
code. Texts with ``{name}`` fields are filled in after they are translated.
"""

from __future__ import annotations

from gettext import NullTranslations

from intake_app.domain.report_sharing import (
    EVERYTHING_ELSE,
    IDENTIFYING,
    KEPT_WITHOUT_DETAILS,
    PASSED_WITHOUT_DETAILS,
)
from intake_app.domain.vocabulary import VOCABULARY_CONTEXT


def N_(message: str) -> str:
    """Marks a message for translation; it is looked up when the copy is made."""
    return message


def NN_(singular: str, plural: str) -> tuple[str, str]:  # gettext-style marker
    """Marks a message with a plural (one per count form of each language); ``Wording.plural``
    picks the form when the copy is made."""
    return singular, plural


class Wording:
    def __init__(self, translations: NullTranslations | None = None) -> None:
        self.translations = translations or NullTranslations()

    def __call__(self, message: str, **values: object) -> str:
        if not message:
            return ""  # gettext gives the catalogue's header for an empty id
        text = self.translations.gettext(message)
        return text.format(**values) if values else text

    def plural(self, singular: str, plural: str, count: int) -> str:
        return self.translations.ngettext(singular, plural, count).format(count=count)

    def term(self, english: str) -> str:
        """A vocabulary label (a strand, a kind of incident or place) in the copy's language."""
        return self.translations.pgettext(VOCABULARY_CONTEXT, english)


TITLE = N_("A copy of your report")
REFERENCE = N_("Your reference number")
REFERENCE_HINT = N_(
    "Quote this number whenever you contact the centre or the police about what happened."
)
TAKEN_BY = N_("Taken by")
TAKEN_ON = N_("Date taken")
MADE_ON = N_("This copy was made on")
FOOTER = N_("Keep this copy somewhere safe. It holds personal details.")
PAGE = N_("Reference {reference} · page {page} of {pages}")

YES, NO = N_("Yes"), N_("No")
MONTHS = (
    N_("January"), N_("February"), N_("March"), N_("April"), N_("May"), N_("June"),
    N_("July"), N_("August"), N_("September"), N_("October"), N_("November"), N_("December"),
)  # fmt: skip
DAY = N_("{day} {month} {year}")
DAY_AND_TIME = N_("{day} at {time}")
BETWEEN = N_("Between {start} and {end}")

# --- where the report is now, and who gets what --------------------------------------------

STATUS_HEADING = N_("Where your report is now")
STATUS = {
    "draft": N_(
        "Not finished: the centre is still writing your report down. Nothing has been sent "
        "to anyone yet."
    ),
    "ready": N_("Ready to send: the centre will pass it to the police in its next batch."),
    "ready_kept": N_("Finished: the centre keeps it. It is not sent to the police."),
    "exported": N_(
        "Sent: the centre has passed it to the police. They have not yet confirmed that they "
        "have it."
    ),
    "acknowledged": N_("Received: the police have confirmed that they have your report."),
}

SHARING_HEADING = N_("Who gets what")
# Said to the person it happened to; for a witness or someone reporting for them, the
# volunteer-facing sentence from report_sharing is used as it is.
CONSENT = {
    "police_with_contact": N_(
        "You agreed that the centre passes your report to the police with your name and "
        "contact details, so officers can contact you."
    ),
    "police_without_details": N_(
        "You agreed that the centre passes your report to the police without anything that "
        "identifies you. The police learn what happened, but not who you are."
    ),
    "monitoring_only": N_(
        "You asked the centre to keep your report for monitoring only. Nothing leaves the "
        "centre; it is counted, without your details, in anonymous figures."
    ),
}
NO_CONSENT = N_("What may be shared has not been decided yet.")
POLICE_GET = N_("What the police get")
CENTRE_KEEPS = N_("What stays at the centre")
# The lists from report_sharing, in words for the person it happened to.
SHARED_ITEMS = {
    IDENTIFYING[0]: N_("your name, date of birth, address, phone and email"),
    EVERYTHING_ELSE[0]: N_("why you think it happened, and what kind of hate it was"),
    EVERYTHING_ELSE[2]: N_("descriptions of who did it"),
    PASSED_WITHOUT_DETAILS[2]: N_(
        "where it happened: only the first part of the postcode, and nothing if it was at or "
        "near your home"
    ),
    PASSED_WITHOUT_DETAILS[3]: N_("descriptions of who did it, without their names"),
    KEPT_WITHOUT_DETAILS[3]: N_("the language you need an interpreter for, and your needs"),
    "the whole report": N_("the whole report"),
    "attachments not marked to share": N_("photos or documents not marked to share"),
    "contact preferences and access needs": N_(
        "how you would like to be contacted, and your needs"
    ),
}

# --- what was recorded ------------------------------------------------------------------------

ABOUT_YOU = N_("About you")
THE_PERSON = N_("The person it happened to")
ANONYMOUS = N_("You chose to stay anonymous: no name or contact details were recorded.")
NAME, DATE_OF_BIRTH, ADDRESS = N_("Name"), N_("Date of birth"), N_("Address")
POSTCODE, PHONE, EMAIL = N_("Postcode"), N_("Phone"), N_("Email")
UNDER_18, PARENT_AGREES = N_("Under 18"), N_("A parent or carer agrees")
AT_RISK = N_("An adult at risk")
TARGETED = N_("Who or what was targeted")
ORGANISATION_NAME = N_("Name of the organisation")
CONTACT_AT_ORGANISATION = N_("Who to contact at the organisation")
VICTIM = {"organisation": N_("An organisation or a building")}
ORGANISATION_KIND = N_("Kind of organisation")
ORGANISATION_KINDS = {
    "place_of_worship": N_("Place of worship"),
    "community_building": N_("Community centre or building"),
    "school": N_("School, college or university"),
    "business": N_("Business or shop"),
    "charity_or_group": N_("Charity or community group"),
    "other": N_("Another organisation"),
}
WHO_TOLD_US = N_("Who told the centre")
REPORTER = {
    "victim": N_("The person it happened to"),
    "witness": N_("A witness"),
    "third_party": N_("Someone reporting for the person it happened to"),
}
REPORTER_HEADING = N_("About the person reporting")
RELATIONSHIP, ORGANISATION = N_("How they know the person"), N_("Organisation")

WHAT_HAPPENED = N_("What happened")
KINDS = N_("What kind of incident")
IN_YOUR_WORDS = N_("In your words")
WHY = N_("Why you think it happened")
BECAUSE_OF = N_("Because of")
EXACT_WORDS = N_("The exact words used")
PERCEIVED_BY = N_("Who saw it as hostility")
PERCEIVERS = {
    "victim": N_("You"),
    "witness": N_("A witness"),
    "centre_staff": N_("Centre staff or a volunteer"),
    "someone_else": N_("Someone else"),
}

WHEN_WHERE = N_("When and where")
WHEN, PLACE = N_("When"), N_("Place")
ROUTE, ONLINE = N_("Route or service"), N_("Website or app")
MORE_ABOUT_PLACE = N_("More about the place")

WHO_DID_IT = N_("Who did it")
HOW_MANY = N_("How many people")
OFFENDER = N_("Person {number}")
KNOWN, SEX, AGE = N_("Known to you"), N_("Sex"), N_("Age")
HEIGHT, BUILD, HAIR = N_("Height"), N_("Build"), N_("Hair")
MARKS, CLOTHING, VEHICLE = N_("Marks or tattoos"), N_("Clothing"), N_("Vehicle")
RECOGNISE = N_("Could be recognised again")

WITNESSES_EVIDENCE = N_("Witnesses and evidence")
WITNESS = N_("Witness {number}")
NOTES = N_("Notes")
CCTV, PHOTOS, SCREENSHOTS = N_("CCTV"), N_("Photos or video"), N_("Screenshots of posts")
ATTACHMENTS = N_("Photos and documents")
ADDED = NN_("{count} photo or document was added", "{count} photos or documents were added")
SHARED = NN_("{count} is shared with the police", "{count} are shared with the police")
NONE_SHARED = N_("none is shared with the police")
ALL_KEPT = NN_("it stays at the centre", "they stay at the centre")
JOIN = N_("{first}; {second}.")

HARM = N_("Injuries, loss or damage")
INJURIES, MEDICAL_HELP = N_("Injuries"), N_("Medical help")
LOSS = N_("Loss or damage")

BEFORE = N_("Has it happened before")
HAPPENED_BEFORE = N_("Happened before")
REPORTED_BEFORE, REPORTED_TO = N_("Reported before"), N_("Reported to")

SUPPORT = N_("Support")
REFERRAL = N_("Put in touch with a support service")
INTERPRETER = N_("Interpreter in")
ACCESS_NEEDS = N_("Access needs")

POLICE_CONTACT = N_("How the police may contact you")
CONTACT = N_("How you would like to be contacted")
BY_PHONE, VISIT = N_("By phone"), N_("A visit")
LETTER, BY_EMAIL = N_("By letter"), N_("By email")
PLAIN_CLOTHES = N_("An officer in plain clothes")
OFFICER = N_("Officer")
OFFICER_SEX = {
    "no_preference": N_("No preference"),
    "female": N_("A female officer"),
    "male": N_("A male officer"),
}
BEST_TIMES = N_("Best times")
TRUSTED_PERSON = N_("Through someone you trust")
TRUSTED_DETAILS = N_("Who they are, and how to reach them")
