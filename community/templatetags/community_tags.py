from django import template

from community.text import plain_text, render_markdown

register = template.Library()


@register.filter
def markdown(value: str):
    """Render Markdown safely (see community.text)."""
    return render_markdown(value or "")


@register.filter
def markdown_plain(value: str, words: int = 40) -> str:
    """Markdown as plain text, cut to `words` words."""
    return plain_text(value or "", words=int(words))


@register.filter
def filesize(value: int) -> str:
    """Bytes as “2.4 MB” or “320 KB”."""
    if value is None:
        return ""
    if value >= 1024 * 1024:
        return f"{value / (1024 * 1024):.1f} MB"
    return f"{max(1, round(value / 1024))} KB"
