def notifications(request):
    """The unread count for the header: kept on the user row the session loads anyway (no query)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"unread_notifications": user.unread_notifications}
