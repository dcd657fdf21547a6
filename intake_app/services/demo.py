"""Synthetic reports for trying the app and for benchmarks. Every one is marked as demo data.

Names and stories are invented and obviously so ("Demo person 17"); the random generator is
seeded, so the same count gives the same reports.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import replace
from datetime import date, timedelta

from intake_app.domain.police_copy import confirmed
from intake_app.domain.report import (
    CONSENTS,
    ContactPreferences,
    Harm,
    History,
    Offender,
    Organisation,
    Person,
    Report,
    StrandChoice,
    When,
    Where,
)
from intake_app.domain.vocabulary import Vocabulary
from intake_app.services.context import ServiceContext
from intake_app.services.reports import ReportService

_PERCEPTIONS = (
    "They shouted about my religion while they did it.",
    "They used words about my skin colour.",
    "They called me names because I am gay.",
    "They mocked the way I walk with my stick.",
    "They said trans people are not welcome here.",
    "It happened after they saw my headscarf.",
    "They made comments about where my family comes from.",
)
_DESCRIPTIONS = (
    "Demo story: a group followed the person from the bus stop and shouted abuse.",
    "Demo story: a note was pushed through the door of the flat.",
    "Demo story: messages were posted under the person's photos on a social network.",
    "Demo story: the shop window was sprayed with graffiti overnight.",
    "Demo story: a neighbour keeps dumping rubbish in the front garden.",
)
_POSTCODES = ("LE1 5WW", "LE2 0QS", "CV1 2GT", "WR1 2EY", "B12 9QH", "NG1 5FS", "BN1 1AA")


def make_report(rng: random.Random, n: int, vocab_strands: list[tuple[str, list[str]]],
                incidents: list[str], places: list[str], today: date) -> Report:  # fmt: skip
    consent = rng.choice(CONSENTS)
    anonymous = consent != "police_with_contact" and rng.random() < 0.4
    strand, subs = rng.choice(vocab_strands)
    when = today - timedelta(days=rng.randrange(0, 700))
    person = Person() if anonymous else Person(
        name=f"Demo person {n}",
        phone=f"0116 496 {n % 10000:04d}",
        postcode=rng.choice(_POSTCODES),
    )  # fmt: skip
    place = rng.choice(places)
    building = rng.random() < 0.08  # now and then a place of worship or a community building
    report = Report(
        reporter_type="victim",
        anonymous=anonymous,
        consent=consent,
        referral_to_support=rng.random() < 0.6,
        person=person,
        contact=ContactPreferences(phone_ok=not anonymous),
        victim_type="organisation" if building else "person",
        organisation=Organisation(
            f"Demo community building {n}", rng.choice(["place_of_worship", "community_building"])
        )
        if building
        else Organisation(),
        perception=rng.choice(_PERCEPTIONS),
        perceived_by=["victim"] if rng.random() < 0.8 else ["victim", "witness"],
        strands=[StrandChoice(strand, rng.choice(subs) if subs else "")],
        incident_types=rng.sample(incidents, k=rng.randint(1, 2)),
        description=rng.choice(_DESCRIPTIONS),
        when=When(start=when.isoformat()),
        where=Where(
            place_type=place,
            postcode=rng.choice(_POSTCODES),
            online_platform="Demo social network" if place == "online" else "",
        ),
        harm=Harm(medical_help=rng.random() < 0.1),
        offender_count=rng.randint(1, 4),
        offenders=[Offender(sex=rng.choice(["male", "female", ""]), age_range="20-30")],
        history=History(happened_before=rng.random() < 0.3),
    )
    # Made-up words name nobody: the demo's police copy counts as read and checked.
    return replace(report, police_copy=confirmed(report))


class DemoReports:
    def __init__(
        self,
        context: ServiceContext,
        reports: ReportService,
        *,
        vocabulary: Callable[[], Vocabulary],
    ) -> None:
        self.context = context
        self.reports = reports
        self.vocabulary = vocabulary

    def generate(
        self,
        count: int,
        *,
        seed: int = 1,
        ready_share: float = 0.5,
        progress: Callable[[int], None] | None = None,
    ) -> int:
        """Add ``count`` demo reports; about ``ready_share`` of them are marked ready."""
        rng = random.Random(seed)  # noqa: S311 - invented data, not secrets
        vocab = self.vocabulary()
        strands = [(s.code, [t.code for t in s.sub_categories]) for s in vocab.strands]
        incidents = [t.code for t in vocab.incident_types]
        places = [t.code for t in vocab.place_types]
        today = self.context.local_now().date() - timedelta(days=1)
        for n in range(1, count + 1):
            report = make_report(rng, n, strands, incidents, places, today)
            record = self.reports.create_draft(report, is_demo=True)
            if rng.random() < ready_share:
                self.reports.mark_ready(record.id)
            if progress and n % 1000 == 0:
                progress(n)
        with self.context.db.transaction():
            self.context.audit.append(self.context.actor, "demo.generated", detail=str(count))
        return count
