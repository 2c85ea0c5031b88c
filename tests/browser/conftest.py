"""Browser tests: Debian's Chromium driven by Playwright against a live server.

Every page a browser test visits is checked with axe-core (WCAG 2.0/2.1/2.2 A and AA) and must have
no violations, at the desktop width and again at a phone's 390 px, where the page must not scroll
sideways either; `visit()` and `checked()` do the check, and a test fails at teardown if it reached a
page it never checked. Any request to another host is blocked and fails the test.
"""

import os
from urllib.parse import urldefrag, urlparse

import pytest
from axe_playwright_python.sync_playwright import Axe

# Playwright's sync API runs an event loop in the test thread; Django's ORM refuses to run under
# one unless told that this is safe (it is: the tests are single-threaded).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


PHONE = {"width": 390, "height": 844}
# The innermost elements that reach past the right edge of the window, to say what to fix.
WIDEST_ELEMENTS = """() => {
  const limit = document.documentElement.clientWidth;
  const describe = (el) => el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") +
    (el.className && typeof el.className === "string" ? "." + el.className.trim().split(/\\s+/).join(".") : "");
  return [...document.querySelectorAll("body *")]
    .filter((el) => el.getBoundingClientRect().right > limit + 1)
    .filter((el) => ![...el.children].some((child) => child.getBoundingClientRect().right > limit + 1))
    .slice(0, 6)
    .map((el) => describe(el) + " (" + Math.round(el.getBoundingClientRect().right) + " px): " +
      (el.textContent || "").trim().slice(0, 40));
}"""


@pytest.fixture(scope="session")
def axe():
    return Axe()


class CheckedPage:
    """Wraps a Playwright page: every page reached must pass axe-core before the test ends."""

    def __init__(self, page, base_url, axe):
        self.page = page
        self.base_url = base_url
        self.axe = axe
        self.reached: list[str] = []
        self.checked: set[str] = set()
        self.foreign_requests: list[str] = []
        page.on("framenavigated", self._on_navigated)
        page.route("**/*", self._guard_host)

    def _on_navigated(self, frame):
        if frame == self.page.main_frame:
            self.reached.append(frame.url)

    def _guard_host(self, route):
        url = route.request.url
        if urlparse(url).netloc != urlparse(self.base_url).netloc and not url.startswith(("data:", "about:")):
            self.foreign_requests.append(url)
            route.abort()
        else:
            route.continue_()

    def visit(self, path: str):
        """Go to `path` on the live server and check the page."""
        response = self.page.goto(self.base_url + path)
        self.check_accessibility()
        return response

    def _run_axe(self, where: str):
        results = self.axe.run(self.page, options={"runOnly": {"type": "tag", "values": AXE_TAGS}})
        violations = results.response["violations"]
        assert not violations, f"Accessibility violations on {self.page.url} {where}:\n{results.generate_report()}"

    def check_accessibility(self):
        """Run axe-core on the page as it is now, then again on a phone's screen (390 × 844), where
        the page must not scroll sideways either; fail on any violation."""
        self.page.wait_for_load_state("load")
        self._run_axe("at the desktop width")
        url = urldefrag(self.page.url).url
        if url not in self.checked:
            self.check_narrow(PHONE)
        self.checked.add(url)

    def check_narrow(self, size: dict):
        """At `size`, the page fits the width (wide tables scroll in their own region) and passes axe."""
        wide = self.page.viewport_size
        self.page.set_viewport_size(size)
        try:
            self.page.wait_for_timeout(250)  # static/js/portal.js re-checks wide tables after a resize
            page_width = self.page.evaluate("document.documentElement.scrollWidth")
            assert page_width <= size["width"], (
                f"{self.page.url} scrolls sideways at {size['width']} px wide: the page is {page_width} px wide; "
                f"too wide: {self.page.evaluate(WIDEST_ELEMENTS)}"
            )
            self._run_axe(f"at {size['width']} px wide")
        finally:
            self.page.set_viewport_size(wide)

    def unchecked_pages(self):
        # Moving to a #fragment of a checked page is not a new page.
        return [url for url in self.reached if urldefrag(url).url not in self.checked and url != "about:blank"]


@pytest.fixture
def site(page, live_server, axe):
    checked = CheckedPage(page, live_server.url, axe)
    yield checked
    assert not checked.foreign_requests, f"Requests to other hosts: {checked.foreign_requests}"
    assert not checked.unchecked_pages(), f"Pages reached without an accessibility check: {checked.unchecked_pages()}"


@pytest.fixture
def signed_in(site):
    """`signed_in(user)` signs in through the real form and returns the checked page."""

    def sign_in(user, password="correct-horse-battery"):
        site.visit("/accounts/login/")
        site.page.get_by_label("Username").fill(user.username)
        site.page.get_by_label("Password").fill(password)
        site.page.get_by_role("button", name="Sign in").click()
        site.page.wait_for_load_state("load")
        site.check_accessibility()
        return site

    return sign_in
