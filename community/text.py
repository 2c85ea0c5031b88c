"""Markdown for everything people write in the community, rendered safely.

Markdown is turned into HTML and the HTML is then cleaned by nh3 (the Ammonia sanitiser): only a
small set of tags survives, scripts and event handlers are dropped, links keep only http(s) and
mailto addresses and get rel="nofollow noopener". Headings move down two levels so a post never
adds a second h1 (or h2) to the page around it.
"""

import re
from functools import lru_cache

import markdown as markdown_lib
import nh3
from django.utils.html import strip_tags
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator

ALLOWED_TAGS = {
    "a",
    "abbr",
    "blockquote",
    "br",
    "code",
    "em",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "li",
    "ol",
    "p",
    "pre",
    "strong",
    "table",
    "tbody",
    "td",
    "th",
    "thead",
    "tr",
    "ul",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "th": {"scope"}}
URL_SCHEMES = {"http", "https", "mailto"}
LINK_REL = "nofollow noopener"
MARKDOWN_EXTENSIONS = ["tables", "fenced_code", "sane_lists"]

_HEADING = re.compile(r"<(/?)h([1-6])\b", re.IGNORECASE)


def _demote_headings(html: str) -> str:
    return _HEADING.sub(lambda m: f"<{m.group(1)}h{min(int(m.group(2)) + 2, 6)}", html)


def render_markdown(text: str) -> SafeString:
    """Markdown → sanitised HTML, safe to put in a page as it is."""
    if not text:
        return mark_safe("")  # noqa: S308 -- an empty string
    return _rendered(text)


@lru_cache(maxsize=4096)
def _rendered(text: str) -> SafeString:
    # Keyed by the text itself, so each version of a post is rendered once per process: an edit is new text.
    html = markdown_lib.markdown(text, extensions=MARKDOWN_EXTENSIONS, output_format="html")
    cleaned = nh3.clean(
        _demote_headings(html),
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel=LINK_REL,
        strip_comments=True,
    )
    return mark_safe(cleaned)  # noqa: S308 -- cleaned by nh3 just above


def plain_text(text: str, words: int = 40) -> str:
    """The words of some Markdown without any markup, cut short: for lists and search results."""
    rendered = render_markdown(text)
    return Truncator(" ".join(strip_tags(rendered).split())).words(words, truncate="…")
