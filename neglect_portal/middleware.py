"""Project-wide middleware."""

from django.conf import settings


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
