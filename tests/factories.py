"""factory-boy factories shared by every app's tests."""

import factory
from django.utils import timezone

from areas.models import LocalArea, Membership, Role, User


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.django.Password("correct-horse-battery")


class LocalAreaFactory(factory.django.DjangoModelFactory):
    """Programme areas come from a migration; this makes (or finds) one by slug."""

    class Meta:
        model = LocalArea
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Test area {n}")
    slug = factory.Sequence(lambda n: f"test-area-{n}")
    council = factory.LazyAttribute(lambda a: f"{a.name} Council")
    health_board = "NHS Test"
    child_protection_committee = factory.LazyAttribute(lambda a: f"{a.name} Child Protection Committee")
    in_programme = True
    date_joined = factory.LazyFunction(timezone.localdate)


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    area = factory.SubFactory(LocalAreaFactory)
    role = Role.AREA_MEMBER
