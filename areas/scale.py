"""Data at scale (`python manage.py seed_scale`): the programme areas and people every app's
`<app>/scale.py` writes its records for, and what those modules share.

The three demo areas come first (with their demo leads and members when `seed_demo` has run), then
Scotland's other councils in alphabetical order, each brought into the programme through the
onboarding service and labelled as scale-test data. Every scale-test person's name ends in
"(scale test)" and signs in with the demo password. The years end today, so the latest records are
current; every date and figure comes from the seeded random generator, so a seed gives the same data.

Most records go through their app's services, one at a time. The kinds there are thousands of
(team members, meetings, actions, engagements, fidelity checks, measure values, cycles) are built in
memory, checked with the rules their service applies (each app's rules, then the model's own checks:
`checked`) and written in batches with `bulk_save_with_history`, which writes each record's history
row too, in the same transaction. Timings at scale are in the report of issue 17.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.contrib.auth.hashers import make_password
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from simple_history.utils import get_history_manager_for_model

from core.dates import day_label
from core.services import save_with_history

from .demo import DEMO_PASSWORD
from .models import LocalArea, Membership, Role, User
from .onboarding import area_onboard
from .services import membership_add

LABEL = "(scale test)"
AREA_NOTE = "(scale test data)"
REASON = f"Scale test data {LABEL}"
DOMAIN = "scale.neglect-portal.invalid"
DEMO_AREAS = ("dundee", "inverclyde", "perth-and-kinross")
CELCIS_USERNAME = "scale-celcis"


@dataclass
class ScaleArea:
    """One programme area at scale, and who writes its records: its lead and a member."""

    area: LocalArea
    lead: User
    member: User


@dataclass
class Scale:
    """Everything an app's `scale.seed` needs: the areas, the years and CELCIS."""

    areas: list[ScaleArea]
    years: int
    today: date
    celcis: User
    start: date = field(init=False)

    def __post_init__(self):
        self.start = years_before(self.today, self.years)

    def year_spans(self) -> list[tuple[date, date]]:
        """Each year as (first day, last day), the last ending today."""
        spans = []
        for number in range(self.years, 0, -1):
            last = years_before(self.today, number - 1) - timedelta(days=1) if number > 1 else self.today
            spans.append((years_before(self.today, number), last))
        return spans


def years_before(day: date, years: int) -> date:
    """The same day `years` years earlier (28 February for 29 February)."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def days_between(rng: random.Random, first: date, last: date, count: int) -> list[date]:
    """`count` days spread at random from `first` to `last` (inclusive), in order."""
    span = max((last - first).days, 0)
    return sorted(first + timedelta(days=rng.randint(0, span)) for _ in range(count))


def at(day: date, hour: int = 16) -> datetime:
    """An aware moment on `day` (local time): when a record of that day was written."""
    return timezone.make_aware(datetime.combine(day, time(hour)))


def checked(record: models.Model, *, exclude=()) -> models.Model:
    """The model's own checks on one record about to be written in bulk: each field's validators and
    choices, and `clean()`. Foreign keys set from saved records are not looked up again (one query
    each); the database's constraints still stand behind every row."""
    related = [f.name for f in record._meta.concrete_fields if f.is_relation]
    record.clean_fields(exclude=[*related, *exclude])
    record.clean()
    return record


def refuse_if_errors(errors: dict, what: str) -> None:
    """Stop the seeding when a rule of the app refuses a record: the data would not be believable."""
    if errors:
        raise ValidationError(f"{what}: {errors}")


def bulk_save_with_history(
    model, records: list, *, actor, reason: str = REASON, stamps: tuple = (), batch_size: int = 2000
) -> list:
    """Insert new records in batches, each with its history row, dated by the record's `_history_date`
    when set (so the history shows when the work was done).

    `stamps` names fields the database fills in on insert (`auto_now_add`) that should keep the
    date the record was made (an action agreed two years ago), set back straight after the insert.
    """
    if not records:
        return []
    wanted = [[getattr(record, name) for name in stamps] for record in records]
    with transaction.atomic():
        model._default_manager.bulk_create(records, batch_size=batch_size)
        if stamps:
            for record, values in zip(records, wanted, strict=True):
                for name, value in zip(stamps, values, strict=True):
                    setattr(record, name, value)
            # Small batches: each UPDATE carries a CASE with one branch per row.
            model._default_manager.bulk_update(records, list(stamps), batch_size=500)
        get_history_manager_for_model(model).bulk_history_create(
            records, batch_size=batch_size, default_user=actor, default_change_reason=reason
        )
    return records


def dated(record, day: date):
    """Mark when `record` was written, for its history row (see `bulk_save_with_history`)."""
    record._history_date = at(day)
    return record


# --- Areas and people ----------------------------------------------------------------------------


def _person(username: str, first_name: str, last_name: str, job_title: str, password: str) -> User:
    user, _ = User.objects.get_or_create(
        username=username,
        defaults={
            "first_name": first_name,
            "last_name": f"{last_name} {LABEL}",
            "job_title": job_title,
            "email": f"{username}@{DOMAIN}",
            "password": password,
        },
    )
    return user


def _email_off(user: User) -> None:
    """Scale-test people read their notifications in the portal: no email for thousands of events."""
    from notifications.kinds import OFF, all_kinds
    from notifications.services import preferences_save

    preferences_save(actor=user, choices={kind.key: OFF for kind in all_kinds()})


def _celcis(password: str) -> User:
    celcis = _person(CELCIS_USERNAME, "CELCIS", "Adviser", "Implementation adviser", password)
    if not Membership.objects.active().filter(user=celcis, role=Role.CELCIS).exists():
        save_with_history(Membership(user=celcis, role=Role.CELCIS), actor=None, reason=REASON, validate=True)
    _email_off(celcis)
    return celcis


def _holder(area: LocalArea, role: str) -> User | None:
    membership = Membership.objects.active().filter(area=area, role=role).select_related("user").order_by("pk").first()
    return membership.user if membership else None


def _area_people(area: LocalArea, celcis: User, password: str, start: date) -> tuple[User, User]:
    """The area's lead and member: its own (the demo's) where it has them, or new scale-test people."""
    short = area.slug
    lead = _holder(area, Role.AREA_LEAD)
    if lead is None:
        lead = _person(f"{short}-lead-scale", area.name, "Lead", "Service manager, children and families", password)
        _email_off(lead)
        if area.in_programme:
            membership_add(actor=celcis, role=Role.AREA_LEAD, email=lead.email, area=area)
        else:
            area_onboard(
                area=area,
                actor=celcis,
                details={"date_joined": start, "notes": f"Joined for the scale test. {AREA_NOTE}"},
                expected_version=area.version,
                lead_email=lead.email,
            )
    member = _holder(area, Role.AREA_MEMBER)
    if member is None:
        member = _person(f"{short}-member-scale", area.name, "Member", "Health visitor", password)
        _email_off(member)
        membership_add(actor=celcis, role=Role.AREA_MEMBER, email=member.email, area=area)
    return lead, member


def chosen_areas(count: int) -> list[LocalArea]:
    """The demo areas first, then the other councils by name."""
    demo = sorted(LocalArea.objects.filter(slug__in=DEMO_AREAS), key=lambda a: DEMO_AREAS.index(a.slug))
    others = list(LocalArea.objects.exclude(slug__in=DEMO_AREAS).order_by("name"))
    return (demo + others)[:count]


def already_loaded() -> bool:
    """Scale-test data is in the database already (seed_scale refuses to add it twice)."""
    return User.objects.filter(username=CELCIS_USERNAME).exists()


def prepare(*, areas: int, years: int, stdout=None) -> Scale:
    """Bring `areas` councils into the programme (the demo ones reused), with their people."""
    today = timezone.localdate()
    password = make_password(DEMO_PASSWORD)  # hashed once: Argon2 is slow on purpose
    celcis = _celcis(password)
    start = years_before(today, years)
    scale_areas = []
    for area in chosen_areas(areas):
        lead, member = _area_people(area, celcis, password, start)
        area.refresh_from_db()
        scale_areas.append(ScaleArea(area=area, lead=lead, member=member))
    if stdout:
        stdout.write(f"Areas at scale: {len(scale_areas)} programme areas, {years} years from {day_label(start)}.")
    return Scale(areas=scale_areas, years=years, today=today, celcis=celcis)
