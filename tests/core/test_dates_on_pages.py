"""One date style on the pages themselves (issue 15): every page in the access matrix, opened by a
user who may read it, writes its dates as "26 Nov 2026", "Jul 2025" and "26 Nov 2026, 14:02" —
never "2025-07", "2026-11-26", "06 Jan 2025" or "2:02 p.m." where a reader sees them. ("July 2025"
is left to the code check in test_date_style.py: people write months in full in their own prose.)

Values inside form fields and links (attributes) stay ISO, as HTML wants; only the text read on the
page is checked. The records on each page are the ones the access matrix makes for it.
"""

import re
from datetime import date, datetime, timedelta
from html.parser import HTMLParser
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from charts import Series, line_chart
from core.locking import last_saved
from core.services import save_with_history
from tests.areas.test_access_matrix import MATRIX, url_kwargs
from tests.community.factories import EventFactory
from tests.cycles.factories import CycleFactory

READERS = ("celcis", "lead", "member", "community", "viewer", "area_viewer")


def _reader(row):
    return next((user for user in READERS if row.get.get(user) == 200), None)


PAGES = sorted(name for name, row in MATRIX.items() if row.get is not None and _reader(row) is not None)

SHORT_MONTHS = "Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec"
WRONG = [
    ("an ISO date", re.compile(r"\b\d{4}-\d{2}-\d{2}\b")),
    ("a day with a leading zero", re.compile(rf"\b0\d (?:{SHORT_MONTHS}) \d{{4}}\b")),
    ("a 12-hour time", re.compile(r"\b\d{1,2}(?::\d{2})?\s?[ap]\.m\.|\b(?:noon|midnight)\b")),
]
ISO_MONTH = re.compile(r"\b(\d{4})-(\d{2})\b")


class _Text(HTMLParser):
    """The words a reader sees as dates: text outside tags, scripts, styles and typed-in form values,
    and outside `<code>`, which shows what to type in a file or field (ISO there is the format)."""

    HIDDEN = {"script", "style", "textarea", "template", "code"}

    def __init__(self):
        super().__init__()
        self.parts: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag, attrs):
        if tag in self.HIDDEN:
            self.hidden += 1

    def handle_endtag(self, tag):
        if tag in self.HIDDEN and self.hidden:
            self.hidden -= 1

    def handle_data(self, data):
        if not self.hidden:
            self.parts.append(data)


def visible_text(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    return " ".join(parser.parts)


def dates_written_wrongly(text: str) -> list[str]:
    found = [f"{what}: {m.group(0)!r}" for what, pattern in WRONG for m in pattern.finditer(text)]
    for match in ISO_MONTH.finditer(text):
        year, second = int(match.group(1)), int(match.group(2))
        if second != (year + 1) % 100:  # "2025-26" is a financial year, "2025-07" a month written as ISO
            found.append(f"a month as ISO: {match.group(0)!r}")
    return found


def test_the_page_check_tells_a_financial_year_from_a_month():
    assert dates_written_wrongly("2025-26 Q3, 26 Nov 2026, Jul 2025, 26 Nov 2026, 14:02") == []
    assert len(dates_written_wrongly("2025-07; 2026-11-26; 06 Jan 2025; 2:02 p.m.; noon")) == 6


@pytest.mark.parametrize("name", PAGES)
def test_every_page_writes_its_dates_the_one_way(client, request, dundee, inverclyde, name):
    row = MATRIX[name]
    user = _reader(row)
    client.force_login(request.getfixturevalue(user))
    response = client.get(reverse(name, kwargs=url_kwargs(row.kwargs, dundee)))
    if response.status_code != 200 or not response.get("Content-Type", "").startswith("text/html"):
        return  # a redirect, a download or a JSON answer: no page to read
    wrong = dates_written_wrongly(visible_text(response.content.decode()))
    assert not wrong, f"{name} as {user}: {wrong}"


# --- The pages this issue changed ----------------------------------------------------------------


def test_the_cycle_list_asks_for_start_dates_on_or_before_a_day(client_for, member, dundee):
    page = client_for(member).get(reverse("cycles:list", args=[dundee.slug])).content.decode()
    assert "Started on or after" in page and "Started on or before" in page and "Started by" not in page
    assert re.search(r'<input type="date" name="end"', page)


def test_the_cycle_timeline_names_months_and_days_the_one_way(client_for, member, dundee):
    CycleFactory(area=dundee, title="Huddle", started_on=date(2025, 7, 3))
    # Dates chosen: without them the timeline shows only the last twelve months (issue 17).
    url = reverse("cycles:timeline", args=[dundee.slug])
    page = client_for(member).get(url, {"start": "2025-06-01"}).content.decode()
    text = visible_text(page)
    assert "Jul 2025" in text and "3 Jul 2025" in text
    assert "July 2025" not in text and "2025-07" not in page


def test_an_event_gives_its_day_and_times_the_one_way(client_for, member, dundee):
    starts = datetime(2026, 11, 26, 10, 0, tzinfo=ZoneInfo("Europe/London"))
    event = EventFactory(starts_at=starts, ends_at=starts + timedelta(hours=5, minutes=30))
    page = client_for(member).get(reverse("community:event_detail", args=[event.pk])).content.decode()
    text = visible_text(page)
    assert "26 Nov 2026" in text and "10:00 to 15:30" in text
    assert "Thursday" not in text and "November" not in text


def test_a_chart_marks_its_months_in_words_not_as_iso():
    chart = line_chart(
        title="Referrals",
        caption="Monthly",
        series=[Series("Referrals", [(date(2025, month, 1), month) for month in range(1, 13)])],
        x_label="Month",
        y_label="Referrals",
    )
    ticks = visible_text(chart.svg)
    assert "Jul 2025" in ticks and not ISO_MONTH.search(ticks)
    assert chart.rows[0][0] == "1 Jan 2025"


def test_a_clash_says_when_the_record_was_last_saved_in_the_one_style(celcis, dundee):
    save_with_history(dundee, actor=celcis, reason="Renamed")
    message = last_saved(dundee)
    assert re.search(r"on \d{1,2} [A-Z][a-z]{2} \d{4}, \d{2}:\d{2}\.$", message), message
