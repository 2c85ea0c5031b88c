"""Who to tell: the people holding a role, for notifications. Reads only."""

from .models import Membership, Role, User


def _holders(**filters):
    user_ids = Membership.objects.active().filter(**filters).values("user_id")
    return list(User.objects.filter(pk__in=user_ids, is_active=True).order_by("pk"))


def area_leads(area) -> list[User]:
    """The area's active leads."""
    return _holders(area=area, role=Role.AREA_LEAD)


def area_team(area) -> list[User]:
    """Everyone who works on the area's records: its members and leads."""
    return _holders(area=area, role__in=[Role.AREA_MEMBER, Role.AREA_LEAD])


def celcis_staff() -> list[User]:
    """CELCIS staff (who review returns and examples, and build reports)."""
    return _holders(role=Role.CELCIS)


def national_viewers() -> list[User]:
    """National viewers (the Scottish Government and partners), who read published reports."""
    return _holders(role=Role.NATIONAL_VIEWER)
