"""Whose stage a stage page is about: the area's programme as a whole, or one of the area's own
records (an innovation, say).

The stage pages are written once. Another app serves them for its records by passing its own
`StagePages` to the views' `as_view(pages=...)` in its urls.py: where its stage pages live, how
they are headed, and which record they are about. The stages app never imports that app.

A few parts (`SHARED_PARTS`: stage targets, confirming evidence) the stages app serves itself for
every subject, under /areas/<slug>/stages/of/<namespace>/<pk>/…: each `StagePages` registers itself
under its namespace when it is made, and those pages find it there. An app that serves stage pages
for its records so gets them without adding routes of its own.
"""

from django.http import Http404
from django.urls import reverse
from django.utils.functional import cached_property

from core.views import AreaRecordMixin

_REGISTERED: dict[str, "StagePages"] = {}

# Part → URL name in the stages app for the programme; "subject_" + name for a subject's pages.
SHARED_PARTS = {"targets": "targets", "evidence": "activity_evidence"}


class StagePages:
    """The area's programme as a whole (no subject): the Stages section's own pages."""

    namespace = "stages"
    # A stage page's part → its URL name in `namespace`. "activities" lists the checklist.
    url_names = {
        "stage": "overview",
        "change": "change_create",
        "decide": "change_decide",
        "activity": "activity_progress",
        "activities": "checklist",
        "targets": "targets",
        "evidence": "activity_evidence",
    }
    # The URL kwarg naming the record a part is about (a stage change, a catalogue activity).
    record_kwargs = {"decide": "pk", "activity": "activity_pk", "evidence": "activity_pk"}
    breadcrumbs = "areas/_area_breadcrumbs.html"  # takes page_name, parent_name, parent_url
    nav = "stages/_section_nav.html"  # takes stages_page
    stage_page_name = "Stages"  # the stage page, in breadcrumbs
    activities_page_name = "Stage activities"  # the page listing the activities, in breadcrumbs
    kind = ""  # what a subject is, in words ("innovation"); empty for the programme

    def __init__(self):
        _REGISTERED[self.namespace] = self

    def get_subject(self, view):
        """The record the pages are about (None: the programme)."""
        return None

    def url_kwargs(self, view) -> dict:
        """The URL kwargs every one of the subject's stage pages takes."""
        return {"area_slug": view.area.slug}

    def url(self, view, part: str, record_pk=None) -> str:
        """The URL of one of the subject's stage pages."""
        kwargs = self.url_kwargs(view)
        if part in SHARED_PARTS and part not in self.url_names:
            # Served by the stages app for this subject (see the module docstring).
            kwargs["subject_pages"] = self.namespace
            if record_pk is not None:
                kwargs["activity_pk"] = record_pk
            return reverse(f"stages:subject_{SHARED_PARTS[part]}", kwargs=kwargs)
        if record_pk is not None:
            kwargs[self.record_kwargs[part]] = record_pk
        return reverse(f"{self.namespace}:{self.url_names[part]}", kwargs=kwargs)

    def context(self, view) -> dict:
        """What the subject's own breadcrumbs and navigation need in the template context."""
        return {}


class StageSubjectMixin(AreaRecordMixin):
    """For a stage page about the programme or about a subject: `self.subject` and its URLs."""

    pages = StagePages()  # the programme's; another app passes its own through as_view(pages=...)

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        if "subject_pages" in kwargs:  # a shared part of another app's stage pages
            pages = _REGISTERED.get(kwargs["subject_pages"])
            if pages is None or not pages.kind:
                raise Http404("No such stage pages")
            self.pages = pages

    @cached_property
    def subject(self):
        return self.pages.get_subject(self)

    def stage_url(self, part: str, record_pk=None) -> str:
        """The URL of one of this subject's stage pages (the `stage_url` template tag calls this)."""
        return self.pages.url(self, part, record_pk)

    def get_context_data(self, **kwargs):
        kwargs.update(self.pages.context(self))
        return super().get_context_data(subject=self.subject, stage_pages=self.pages, **kwargs)
