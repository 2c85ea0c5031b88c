"""Access-matrix rows for returns, the CELCIS review and reports: a member drafts a return, the
area's lead submits it, CELCIS reviews it and builds and publishes reports, national viewers read
published national reports only, and community members see none of it."""

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

from core.quarters import quarter_slug
from reports.models import FileKind, KeyMessages, ReportFile, ReportScope, RunStatus
from tests.access import AREA_CELCIS, AREA_READ, AREA_WRITE, LOGIN, NATIONAL_READ, NATIONAL_WRITE, Row, as_post, expect
from tests.reports.factories import QuarterlyReturnFactory, ReportRunFactory

# A sample report kept once in storage (fixed names, so repeated runs add nothing).
SAMPLE = {
    FileKind.HTML: (
        "reports/access-matrix-sample.html",
        b"<h1>Sample</h1><!-- report-body-start --><p>Sample</p><!-- report-body-end -->",
    ),
    FileKind.PDF: ("reports/access-matrix-sample.pdf", b"%PDF-1.4\n%%EOF\n"),
    FileKind.XLSX: ("reports/access-matrix-sample.xlsx", b"PK\x03\x04"),
}

# Only the area's own lead submits its return: CELCIS reviews, it does not submit.
AREA_OWN_LEAD = expect(404, anonymous=LOGIN, member=403, lead=200, viewer=403, celcis=403, area_viewer=403)
# The reports pages: CELCIS, national viewers, area leads and area viewers (each their own area's
# reports); only CELCIS and leads build one.
REPORTS = expect(404, anonymous=LOGIN, lead=200, other_lead=200, viewer=200, celcis=200, area_viewer=200)
REPORTS_WRITE = expect(404, anonymous=LOGIN, lead=200, other_lead=200, viewer=403, celcis=200, area_viewer=403)


def _return(**traits):
    def kwargs(dundee):
        quarterly_return = QuarterlyReturnFactory(area=dundee, **traits)
        return {"area_slug": dundee.slug, "quarter": quarter_slug(quarterly_return.quarter)}

    return kwargs


def _published_run(dundee):
    run = ReportRunFactory(status=RunStatus.DONE, published=True, published_at=timezone.now())
    for kind, (name, content) in SAMPLE.items():
        if not default_storage.exists(name):
            default_storage.save(name, ContentFile(content))
        ReportFile.objects.create(run=run, kind=kind, file=name, size=len(content))
    return {"pk": run.pk}


def _published_file(dundee):
    return {**_published_run(dundee), "kind": "pdf"}


def _unpublished_run_with_key_messages(dundee):
    run = ReportRunFactory(status=RunStatus.DONE)
    KeyMessages.objects.create(run=run, generated=["A message (test)"], messages="A message (test)")
    return {"pk": run.pk}


def _failed_run(dundee):
    return {"pk": ReportRunFactory(scope=ReportScope.NATIONAL, status=RunStatus.FAILED, error="Broken").pk}


AREA = "area"
# A draft return is the area's and CELCIS's: national viewers (and area viewers) get 404, as if it
# did not exist; they read accepted returns only.
RETURN_IN_PROGRESS = AREA_READ | {"viewer": 404, "area_viewer": 404}
# The key messages of an unpublished version: CELCIS only (viewers never see an unpublished version).
KEY_MESSAGES = expect(404, anonymous=LOGIN, celcis=200)

ROWS = {
    "reports:return_list": Row(get=AREA_READ, kwargs=AREA),
    "reports:return_start": Row(get=None, post=as_post(AREA_WRITE), kwargs=AREA),
    "reports:return_detail": Row(get=RETURN_IN_PROGRESS, kwargs=_return()),
    "reports:return_edit": Row(get=AREA_WRITE, post=as_post(AREA_WRITE), kwargs=_return()),
    "reports:return_submit": Row(get=AREA_OWN_LEAD, post=as_post(AREA_OWN_LEAD), kwargs=_return()),
    "reports:return_review": Row(get=AREA_CELCIS, post=as_post(AREA_CELCIS), kwargs=_return(submitted=True)),
    "reports:return_reopen": Row(get=AREA_CELCIS, post=as_post(AREA_CELCIS), kwargs=_return(accepted=True)),
    "reports:review": Row(get=NATIONAL_READ),
    "reports:run_list": Row(get=REPORTS),
    "reports:run_create": Row(get=REPORTS_WRITE, post=as_post(REPORTS_WRITE)),
    "reports:run_detail": Row(get=NATIONAL_READ, kwargs=_published_run),
    "reports:run_status": Row(get=NATIONAL_READ, kwargs=_published_run),
    "reports:run_report": Row(get=NATIONAL_READ, kwargs=_published_run),
    "reports:run_file": Row(get=NATIONAL_READ, kwargs=_published_file),
    "reports:run_publish": Row(get=NATIONAL_WRITE, post=as_post(NATIONAL_WRITE), kwargs=_published_run),
    "reports:key_messages_edit": Row(
        get=KEY_MESSAGES, post=as_post(KEY_MESSAGES), kwargs=_unpublished_run_with_key_messages
    ),
    "reports:figures_export": Row(get=NATIONAL_READ),
    "reports:figures_download": Row(get=NATIONAL_READ, kwargs=lambda dundee: {"kind": "csv"}),
    "reports:run_retry": Row(get=None, post=expect(404, anonymous=LOGIN, celcis="ok"), kwargs=_failed_run),
}
