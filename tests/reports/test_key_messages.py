"""The national report's first page: key messages drafted from the figures, edited and signed off by
CELCIS (kept with the version, with history), and publishing refused until they are signed off.
The outputs are made again with the new words, and lose their DRAFT marks once published."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from pypdf import PdfReader

from reports import services
from reports.models import KeyMessages, ReportDownload, ReportFile
from tests.query_budget import assert_flat_query_count
from tests.reports.test_runs import _accepted_return, _build


def _text(run, kind) -> str:
    stored = ReportFile.objects.get(run=run, kind=kind)
    with stored.file.open("rb") as handle:
        content = handle.read()
    if kind == "pdf":
        return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)
    return content.decode()


@pytest.fixture
def run(dundee, inverclyde, lead, other_lead, celcis):
    _accepted_return(dundee, lead, celcis, meetings=3, participants=12)
    return _build(celcis)


def test_celcis_signs_off_the_key_messages_before_publishing(run, client_for, celcis):
    key_messages = KeyMessages.objects.get(run=run)
    assert any("Perth & Kinross: the return is" in line for line in key_messages.generated)
    with pytest.raises(ValidationError, match="sign off"):
        services.report_run_publish(run=run, actor=celcis)

    client = client_for(celcis)
    url = reverse("reports:key_messages_edit", args=[run.pk])
    assert "What the portal drafted from the figures" in client.get(url).content.decode()
    response = client.post(
        url,
        {
            "messages": "Two areas moved forward this quarter. (test)",
            "themes": "Coaching capacity is stretched. (test)",
            "risks": "Funding after March. (test)",
            "asks": "Confirm funding for dedicated time. (test)",
            "sign_off": "on",
            "version": key_messages.version,
        },
    )
    assert response.status_code == 302
    key_messages.refresh_from_db()
    assert key_messages.is_signed_off and key_messages.signed_off_by == celcis
    assert key_messages.history.count() == 2
    pdf = _text(run, "pdf")
    assert "Confirm funding for dedicated time. (test)" in pdf and "Signed off for CELCIS" in pdf
    assert "DRAFT" in pdf

    services.report_run_publish(run=run, actor=celcis)
    assert "DRAFT" not in _text(run, "pdf")
    assert "DRAFT" not in _text(run, "html")
    again = client.post(url, {"messages": "Changed (test)", "version": key_messages.version})
    assert "published, so its key messages are final" in again.content.decode()


def test_a_change_after_sign_off_takes_the_sign_off_away_and_a_stale_form_is_refused(run, client_for, celcis):
    key_messages = KeyMessages.objects.get(run=run)
    client = client_for(celcis)
    url = reverse("reports:key_messages_edit", args=[run.pk])
    client.post(url, {"messages": "First (test)", "sign_off": "on", "version": key_messages.version})
    client.post(url, {"messages": "Second (test)", "version": key_messages.version + 1})
    key_messages.refresh_from_db()
    assert (key_messages.messages, key_messages.is_signed_off) == ("Second (test)", False)
    stale = client.post(url, {"messages": "Third (test)", "version": 1})
    assert "Someone else saved changes" in stale.content.decode()
    key_messages.refresh_from_db()
    assert key_messages.messages == "Second (test)"
    empty = client.post(url, {"messages": "", "sign_off": "on", "version": key_messages.version})
    assert "Write at least one key message" in empty.content.decode()


def test_the_key_messages_page_uses_a_fixed_number_of_queries(run, client_for, celcis):
    client = client_for(celcis)
    url = reverse("reports:key_messages_edit", args=[run.pk])
    assert_flat_query_count(
        client, url, lambda: ReportDownload.objects.create(run=run, kind="pdf", user=celcis), max_queries=20
    )
