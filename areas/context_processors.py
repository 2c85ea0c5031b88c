"""Navigation shown in every page's header."""

from .access import access_for


def navigation(request):
    """The signed-in user's areas and whether they see the national pages."""
    if not getattr(request, "user", None) or not request.user.is_authenticated:
        return {}
    access = access_for(request)
    return {"access": access, "nav_areas": access.own_areas}
