"""Project-wide middleware."""

from django.conf import settings
from django.http import HttpResponseBadRequest
from django.shortcuts import render
from django.template.defaultfilters import filesizeformat


class ContentSecurityPolicyMiddleware:
    """Send the fixed Content-Security-Policy from settings on every response.

    The policy never varies per request (no nonces: templates carry no inline script or style),
    so a header from one setting is all that is needed.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", settings.CONTENT_SECURITY_POLICY)
        return response


class RequestSizeLimitMiddleware:
    """Refuse a request body larger than MAX_REQUEST_BYTES before anything reads it.

    Django writes an upload to a temporary file as it reads it, so the size checks in forms come
    too late to protect the disk: one signed-in user could otherwise fill it. The declared length is
    checked here instead, in `__call__`, which runs before any middleware's `process_view` (where
    CSRF reads the form) and before the view. It sits after authentication so that the refusal page
    has the site's layout and navigation. A body sent without a length (chunked) is refused too:
    browsers always send the length of a form.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        declared = request.META.get("CONTENT_LENGTH") or ""
        if not declared.strip():
            if "chunked" in request.META.get("HTTP_TRANSFER_ENCODING", "").lower():
                return self.refuse(request, status=411)
            return self.get_response(request)
        try:
            length = int(declared)
        except ValueError:
            return HttpResponseBadRequest("The request's Content-Length is not a number.")
        if length > settings.MAX_REQUEST_BYTES:
            return self.refuse(request, status=413)
        return self.get_response(request)

    def refuse(self, request, *, status):
        """The 413 page (also used for a body without a length), saying how much may be sent."""
        context = {"limit": filesizeformat(settings.MAX_REQUEST_BYTES), "without_length": status == 411}
        return render(request, "413.html", context, status=status)
