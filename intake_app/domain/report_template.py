"""An example report that passes validation: the template for ``intake report template``."""

from __future__ import annotations

from intake_app.domain.report import (
    ContactPreferences,
    Evidence,
    Harm,
    History,
    Offender,
    Person,
    Report,
    StrandChoice,
    When,
    Where,
    Witness,
)


def example_report() -> Report:
    return Report(
        reporter_type="victim",
        anonymous=False,
        consent="police_with_contact",
        referral_to_support=True,
        person=Person(name="Example Person", phone="0116 496 0123", postcode="LE1 5WW"),
        contact=ContactPreferences(phone_ok=True, visit_ok=False, officer_sex="no_preference"),
        interpreter_language="",
        access_needs="",
        perception="Example: they shouted about my religion while they did it.",
        perceived_by=["victim", "witness"],
        strands=[StrandChoice("religion", "muslim")],
        incident_types=["verbal_abuse", "threats"],
        description="Example: two men followed me from the bus stop and shouted abuse.",
        exact_words="Example: the words they shouted, exactly as they were said.",
        when=When(start="2026-01-15T18:30"),
        where=Where(place_type="street", address="Example Street", postcode="LE1 5WW"),
        harm=Harm(injuries="", medical_help=False),
        offender_count=2,
        offenders=[
            Offender(known_to_victim=False, sex="male", age_range="20-30", could_recognise=True)
        ],
        witnesses=[Witness(name="Example Witness", notes="Saw it from the shop.")],
        evidence=Evidence(cctv=None, notes=""),
        history=History(happened_before=False, reported_before=False),
    )
