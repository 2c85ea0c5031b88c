"""Markdown in everything people write is rendered safely: no script, no raw HTML, no event
handlers, no javascript: links, and every link gets rel="nofollow noopener"."""

import pytest
from django.urls import reverse

from community import services
from community.text import plain_text, render_markdown
from tests.community.factories import ExampleFactory


@pytest.mark.parametrize(
    "text",
    [
        "<script>alert('x')</script>",
        "Hello <script src=https://evil.example/x.js></script>",
        "<img src=x onerror=alert(1)>",
        '<a href="https://example.org" onclick="alert(1)">x</a>',
        "[click](javascript:alert(1))",
        "[click](JaVaScRiPt:alert(1))",
        '<a href="javascript:alert(1)">x</a>',
        "<iframe src=https://evil.example></iframe>",
        '<div style="background:url(javascript:alert(1))">styled</div>',
        "<svg onload=alert(1)>",
        '<form action="https://evil.example"><input name=x></form>',
        "![x](https://evil.example/track.png)",
        "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    ],
)
def test_nothing_executable_survives(text):
    html = str(render_markdown(text)).lower()
    for forbidden in (
        "<script",
        "onerror",
        "onclick",
        "onload",
        "javascript:",
        "<iframe",
        "<img",
        "<svg",
        "<form",
        "<input",
        "style=",
        "data:",
    ):
        assert forbidden not in html, (text, html)


def test_raw_html_is_not_passed_through():
    html = str(render_markdown("<b>bold</b> <marquee>old</marquee> <span class=x>s</span>"))
    assert "<b>" not in html and "<marquee" not in html and "<span" not in html
    assert "bold" in html


def test_markdown_formats_and_links_get_rel():
    html = str(
        render_markdown("**Bold**, *it*\n\n- one\n- two\n\n[NIRN](https://nirn.fpg.unc.edu/) <https://example.org>")
    )
    assert "<strong>Bold</strong>" in html and "<em>it</em>" in html and "<li>one</li>" in html
    assert '<a href="https://nirn.fpg.unc.edu/" rel="nofollow noopener">NIRN</a>' in html
    assert html.count('rel="nofollow noopener"') == 2
    # An author's own rel is replaced, not kept.
    assert 'rel="nofollow noopener"' in str(render_markdown('<a href="https://x.org" rel="opener">x</a>'))


def test_headings_move_down_so_a_post_never_adds_a_page_heading():
    html = str(render_markdown("# Big\n\n## Smaller"))
    assert "<h1" not in html and "<h2" not in html and "<h3>Big</h3>" in html and "<h4>Smaller</h4>" in html


def test_plain_text_drops_markup():
    assert plain_text("**Bold** and <script>alert(1)</script> [a link](https://x.org)") == "Bold and a link"
    assert plain_text("one two three four", words=2) == "one two…"


def test_pages_render_posts_and_examples_safely(client_as, member):
    example = ExampleFactory(summary="<script>alert('summary')</script>**fine**")
    services.example_comment_add(
        example=example, actor=member, body="[x](javascript:alert(1)) <img src=x onerror=alert(2)>"
    )
    topic = services.topic_create(actor=member, title="<script>t</script>", body="<script>alert(3)</script>hi")
    client = client_as(member)
    for url in (example.get_absolute_url(), topic.get_absolute_url(), reverse("community:example_list")):
        page = client.get(url).content.decode()
        assert "alert(" not in page, url
        assert "onerror" not in page, url
    assert "&lt;script&gt;t&lt;/script&gt;" in client.get(topic.get_absolute_url()).content.decode()


def test_each_text_is_rendered_once_per_process(monkeypatch):
    from community import text

    calls = []
    real = text.markdown_lib.markdown
    monkeypatch.setattr(text.markdown_lib, "markdown", lambda *a, **k: calls.append(a) or real(*a, **k))
    body = "A *fresh* post about coaching, written for this test."
    first = text.render_markdown(body)
    assert text.render_markdown(body) == first == "<p>A <em>fresh</em> post about coaching, written for this test.</p>"
    assert len(calls) == 1
    text.render_markdown(body + " Edited.")  # an edit is new text: rendered again
    assert len(calls) == 2
