"""The one autosave protocol, for drafts saved as they are written (static/js/autosave.js).

The script posts the whole form in the background with `X-Requested-With: fetch` and reads JSON of
one shape: `{"saved": bool, "version": int | null, "message": str}` plus, when not saved,
`"clash": true` (someone else saved in between; 409), `"locked": true` (the record can no longer be
changed; 409) or `"errors": {field: [messages]}` (the form is invalid; 400). Any other keys a page
adds (the drivers page's answered count, say) are extra. Without JavaScript the same view answers
the ordinary way: the form again with errors, or a redirect with a message.
"""

from __future__ import annotations

from django.http import JsonResponse

from .locking import autosave_stale_message

FETCH_HEADER = "fetch"  # X-Requested-With value sent by static/js/autosave.js


def wants_json(request) -> bool:
    """Is this a background save from static/js/autosave.js?"""
    return request.headers.get("X-Requested-With") == FETCH_HEADER


def saved(*, version: int, message: str, **extra) -> JsonResponse:
    """The draft was saved: its new version and a status line to show."""
    return JsonResponse({"saved": True, "version": version, "message": message, **extra})


def invalid(form) -> JsonResponse:
    """The form has errors: nothing saved; the first error in the status line, all of them by field."""
    errors = {name: [str(e) for e in messages] for name, messages in form.errors.items()}
    first = next((message for messages in errors.values() for message in messages), "")
    return JsonResponse(
        {"saved": False, "version": None, "message": f"Not saved. {first}", "errors": errors}, status=400
    )


def clash(instance, *, version: int, what: str = "this draft", latest: str | None = None) -> JsonResponse:
    """Someone else saved in between: nothing overwritten; the version now stored."""
    message = autosave_stale_message(instance, what=what, latest=latest)
    return JsonResponse({"saved": False, "version": version, "clash": True, "message": message}, status=409)


def locked(message: str) -> JsonResponse:
    """The record can no longer be changed (submitted, completed): nothing saved."""
    return JsonResponse({"saved": False, "version": None, "locked": True, "message": message}, status=409)
