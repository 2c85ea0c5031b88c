from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import cached_property
from django.views.generic import FormView, ListView, TemplateView

from areas.access import AreaMixin, NationalMixin, Permission
from areas.history import history_entries
from areas.models import LocalArea
from charts import Series, line_chart
from core.locking import StaleEdit

from . import selectors, services
from .forms import (
    AssessmentFilterForm,
    AssessmentForm,
    ChangeNoteForm,
    CompleteForm,
    GapActionForm,
    ItemForm,
    ScoreForm,
)
from .models import Assessment, AssessmentStatus, Item, ItemScore, ItemSet, ItemSetStatus
from .scoring import BANDS, score_label

PAGE_SIZE = 25
FETCH_HEADER = "fetch"  # X-Requested-With value sent by static/js/autosave.js


def _apply_errors(form, error: ValidationError) -> None:
    """Put a service's ValidationError on the form's fields (or at the top)."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            for message in errors:
                form.add_error(field if field in form.fields else None, message)
    else:
        for message in error.messages:
            form.add_error(None, message)


def _wants_json(request) -> bool:
    return request.headers.get("X-Requested-With") == FETCH_HEADER


def _last_change(assessment) -> str:
    """'Last saved by … at 14:05.' for a clash message (empty if nothing is recorded)."""
    records = [
        assessment.history.select_related("history_user").order_by("-history_date").first(),
        ItemScore.history.filter(assessment_id=assessment.pk)
        .select_related("history_user")
        .order_by("-history_date")
        .first(),
    ]
    records = [r for r in records if r is not None]
    if not records:
        return ""
    latest = max(records, key=lambda r: r.history_date)
    who = latest.history_user or "someone"
    return f"Last saved by {who} at {timezone.localtime(latest.history_date):%H:%M}."


def _subject_labels(assessments) -> None:
    """Set `about` on each assessment: 'The programme as a whole' or the innovation's name."""
    for assessment in assessments:
        subject = assessment.subject if assessment.subject_content_type_id else None
        assessment.about = str(subject) if subject is not None else "The programme as a whole"


# --- The area's assessments -------------------------------------------------------------------------


class AssessmentMixin(AreaMixin):
    """Loads the assessment named in the URL, from this area only (404 for any other)."""

    @cached_property
    def assessment(self) -> Assessment:
        assessment = get_object_or_404(
            Assessment.objects.select_related("item_set", "facilitator", "created_by", "completed_by", "corrects"),
            pk=self.kwargs["pk"],
            area=self.area,
        )
        assessment.area = self.area
        _subject_labels([assessment])
        return assessment

    def locked_redirect(self):
        messages.info(self.request, services.locked_message(self.assessment))
        return redirect(self.assessment.get_absolute_url())

    def get_context_data(self, **kwargs):
        return super().get_context_data(assessment=self.assessment, **kwargs)


class DriversHomeView(AreaMixin, ListView):
    """The area's assessments, newest first, with the latest scores and any draft in progress."""

    template_name = "drivers/assessment_list.html"
    paginate_by = PAGE_SIZE
    context_object_name = "assessments"

    def get_queryset(self):
        self.filter_form = AssessmentFilterForm(self.request.GET or None)
        assessments = Assessment.objects.filter(area=self.area).select_related("item_set", "facilitator")
        if self.filter_form.is_valid() and self.filter_form.cleaned_data["status"]:
            assessments = assessments.filter(status=self.filter_form.cleaned_data["status"])
        return assessments.prefetch_related("subject").order_by("-assessed_on", "-pk")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        page = list(context["assessments"])
        _subject_labels(page)
        scores = selectors.scores_by_assessment(page)
        for assessment in page:
            assessment.figures = scores[assessment.pk]
        drafts = [a for a in page if a.is_draft]
        return {
            **context,
            "assessments": page,
            "filter_form": self.filter_form,
            "drafts": drafts,
            "item_set": selectors.current_item_set(),
            "panel": selectors.overview_panel(self.area, self.access),
        }


class AssessmentCreateView(AreaMixin, FormView):
    permission = Permission.WRITE
    form_class = AssessmentForm
    template_name = "drivers/assessment_form.html"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "area": self.area}

    def get_initial(self):
        initial = {"assessed_on": timezone.localdate()}
        if self.access.is_celcis:
            initial["facilitator"] = self.request.user.pk
        return initial

    def get_context_data(self, **kwargs):
        return super().get_context_data(item_set=selectors.current_item_set(), **kwargs)

    def form_valid(self, form):
        try:
            assessment = services.assessment_create(
                area=self.area,
                actor=self.request.user,
                assessed_on=form.cleaned_data["assessed_on"],
                facilitator=form.cleaned_data["facilitator"],
                participants=form.participants,
                notes=form.cleaned_data["notes"],
                subject=form.subject,
            )
        except ValidationError as error:
            _apply_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, "Assessment started. Score each item; your answers are saved as a draft.")
        return redirect("drivers:assessment_score", area_slug=self.area.slug, pk=assessment.pk)


class AssessmentUpdateView(AssessmentMixin, FormView):
    """Change a draft's details; a completed assessment is locked."""

    permission = Permission.WRITE
    form_class = AssessmentForm
    template_name = "drivers/assessment_form.html"

    def get(self, request, *args, **kwargs):
        if not self.assessment.is_draft:
            return self.locked_redirect()
        return super().get(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "area": self.area, "current_facilitator": self.assessment.facilitator_id}

    def get_initial(self):
        return AssessmentForm.initial_for(self.assessment)

    def form_valid(self, form):
        try:
            services.assessment_update(
                assessment=self.assessment,
                actor=self.request.user,
                expected_version=form.cleaned_data["version"],
                assessed_on=form.cleaned_data["assessed_on"],
                facilitator=form.cleaned_data["facilitator"],
                participants=form.participants,
                notes=form.cleaned_data["notes"],
                subject=form.subject,
            )
        except StaleEdit:
            current = Assessment.objects.get(pk=self.assessment.pk)
            form.add_stale_error(current.version, _last_change(current))
            return self.form_invalid(form)
        except ValidationError as error:
            _apply_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, "Assessment details saved.")
        return redirect("drivers:assessment_score", area_slug=self.area.slug, pk=self.assessment.pk)


class AssessmentScoreView(AssessmentMixin, FormView):
    """Score every item of a draft. One form; with JavaScript it saves itself as you go (a fetch POST
    answered with JSON), without it the Save draft button does the same."""

    permission = Permission.WRITE
    form_class = ScoreForm
    template_name = "drivers/assessment_score.html"

    @cached_property
    def items(self) -> list[Item]:
        return list(self.assessment.item_set.items.select_related("driver").order_by("order", "pk"))

    def get(self, request, *args, **kwargs):
        if not self.assessment.is_draft:
            return self.locked_redirect()
        return super().get(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "items": self.items}

    def get_initial(self):
        initial = {"version": self.assessment.version}
        for record in ItemScore.objects.filter(assessment=self.assessment):
            initial[f"score_{record.item_id}"] = "" if record.score is None else str(record.score)
            initial[f"evidence_{record.item_id}"] = record.evidence
        return initial

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = context["form"]
        drivers = selectors.drivers_in_order()
        by_driver = {}
        for item in self.items:
            score, evidence = form.item_fields(item)
            by_driver.setdefault(item.driver_id, []).append({"item": item, "score": score, "evidence": evidence})
        groups = [
            {
                "value": group,
                "label": label,
                "drivers": [{"driver": d, "items": by_driver.get(d.pk, [])} for d in group_drivers],
            }
            for group, label, group_drivers in selectors.drivers_by_group(drivers)
        ]
        answered = sum(1 for item in self.items if form[f"score_{item.pk}"].value() not in (None, ""))
        return {**context, "groups": groups, "answered": answered, "total": len(self.items)}

    def post(self, request, *args, **kwargs):
        form = self.get_form()
        as_json = _wants_json(request)
        if not form.is_valid():
            if as_json:
                first = next(iter(e for errors in form.errors.values() for e in errors), "")
                return JsonResponse(
                    {"saved": False, "message": f"Not saved. {first}", "errors": form.errors_by_field()}, status=400
                )
            return self.form_invalid(form)
        answers = form.answers()
        try:
            assessment = services.assessment_save_draft(
                assessment=self.assessment,
                actor=request.user,
                expected_version=form.cleaned_data["version"],
                answers=answers,
            )
        except StaleEdit:
            current = Assessment.objects.get(pk=self.assessment.pk)
            latest = _last_change(current)
            if as_json:
                message = (
                    "Not saved: someone else saved this draft after you opened it. "
                    f"{latest} Your answers are still on this page. Open the saved draft in a new tab to compare, "
                    "then choose Save draft to keep your answers."
                )
                return JsonResponse(
                    {"saved": False, "clash": True, "message": message, "version": current.version}, status=409
                )
            form.add_stale_error(current.version, latest)
            return self.form_invalid(form)
        except ValidationError as error:
            if as_json:
                locked = not Assessment.objects.filter(pk=self.assessment.pk, status=AssessmentStatus.DRAFT).exists()
                return JsonResponse(
                    {"saved": False, "locked": locked, "message": "Not saved. " + " ".join(error.messages)},
                    status=409 if locked else 400,
                )
            _apply_errors(form, error)
            return self.form_invalid(form)
        saved_at = f"{timezone.localtime():%H:%M}"
        answered = sum(1 for answer in answers.values() if answer.score is not None)
        if as_json:
            return JsonResponse(
                {
                    "saved": True,
                    "version": assessment.version,
                    "message": f"Draft saved at {saved_at}. {answered} of {len(answers)} items answered.",
                    "answered": answered,
                    "total": len(answers),
                }
            )
        if "complete" in request.POST:
            return redirect("drivers:assessment_complete", area_slug=self.area.slug, pk=self.assessment.pk)
        messages.success(request, f"Draft saved at {saved_at}. {answered} of {len(answers)} items answered.")
        return redirect("drivers:assessment_score", area_slug=self.area.slug, pk=self.assessment.pk)


class AssessmentDetailView(AssessmentMixin, TemplateView):
    """One assessment: scores per driver, group and overall, each item with its evidence, what moved
    since the previous assessment, and the actions taken on its gaps."""

    template_name = "drivers/assessment_detail.html"

    def get_context_data(self, **kwargs):
        report = selectors.assessment_report(self.assessment, with_actions=True)
        correction = None
        if not self.assessment.is_draft:
            correction = self.assessment.corrections.order_by("-pk").first()
        return super().get_context_data(
            report=report,
            correction=correction,
            actions_enabled=selectors.actions_enabled(),
            **kwargs,
        )


class AssessmentCompleteView(AssessmentMixin, FormView):
    """Asks for confirmation with a summary of what is answered; completing locks the assessment."""

    permission = Permission.WRITE
    form_class = CompleteForm
    template_name = "drivers/assessment_complete.html"

    def get(self, request, *args, **kwargs):
        if not self.assessment.is_draft:
            return self.locked_redirect()
        return super().get(request, *args, **kwargs)

    def get_initial(self):
        return {"version": self.assessment.version}

    def get_context_data(self, **kwargs):
        return super().get_context_data(report=selectors.assessment_report(self.assessment), **kwargs)

    def form_valid(self, form):
        if not self.assessment.is_draft:
            return self.locked_redirect()
        try:
            services.assessment_complete(
                assessment=self.assessment, actor=self.request.user, expected_version=form.cleaned_data["version"]
            )
        except StaleEdit:
            current = Assessment.objects.get(pk=self.assessment.pk)
            form.add_error(
                None,
                "The draft changed after you opened this page, so it was not completed. "
                f"{_last_change(current)} Check the summary below, then complete it again.",
            )
            data = form.data.copy()
            data["version"] = str(current.version)
            form.data = data
            self.assessment.version = current.version
            return self.form_invalid(form)
        except ValidationError as error:
            _apply_errors(form, error)
            return self.form_invalid(form)
        messages.success(
            self.request, "Assessment completed. It is now locked; a correction would be a new assessment."
        )
        return redirect(self.assessment.get_absolute_url())


class AssessmentCorrectView(AssessmentMixin, TemplateView):
    """Asks for confirmation; starts a new draft that begins from this completed assessment."""

    permission = Permission.WRITE
    template_name = "drivers/assessment_correct.html"

    def get(self, request, *args, **kwargs):
        if self.assessment.is_draft:
            messages.info(request, "This assessment is still a draft: change it directly.")
            return redirect("drivers:assessment_score", area_slug=self.area.slug, pk=self.assessment.pk)
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        try:
            correction = services.assessment_correct(assessment=self.assessment, actor=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect(self.assessment.get_absolute_url())
        messages.success(request, "Correction started. Change what needs correcting, then complete it.")
        return redirect("drivers:assessment_score", area_slug=self.area.slug, pk=correction.pk)


class GapActionCreateView(AssessmentMixin, FormView):
    """From an item scored 0 or 1, add an action to the area's action list (the teams app's)."""

    permission = Permission.WRITE
    form_class = GapActionForm
    template_name = "drivers/action_form.html"

    def dispatch(self, request, *args, **kwargs):
        if not selectors.actions_enabled():
            raise Http404("There is no action tracker yet.")
        return super().dispatch(request, *args, **kwargs)

    @cached_property
    def record(self) -> ItemScore:
        return get_object_or_404(
            ItemScore.objects.select_related("item", "item__driver"),
            assessment=self.assessment,
            item_id=self.kwargs["item_pk"],
            area=self.area,
        )

    def refusal(self) -> str:
        if self.assessment.is_draft:
            return "Complete the assessment first: actions are agreed on the gaps of a completed assessment."
        if not self.record.is_gap:
            return "Only an item scored not in place (0) or partly in place (1) becomes an action."
        return ""

    def get(self, request, *args, **kwargs):
        if refusal := self.refusal():
            messages.error(request, refusal)
            return redirect(self.assessment.get_absolute_url())
        return super().get(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "area": self.area}

    def get_initial(self):
        return {"title": f"{self.record.item.driver.name}: {self.record.item.text}"[:250]}

    def get_context_data(self, **kwargs):
        return super().get_context_data(record=self.record, score_label=score_label(self.record.score), **kwargs)

    def form_valid(self, form):
        from teams import services as team_services

        if refusal := self.refusal():
            form.add_error(None, refusal)
            return self.form_invalid(form)
        try:
            team_services.action_create(
                area=self.area,
                actor=self.request.user,
                title=form.cleaned_data["title"],
                description=form.cleaned_data["description"],
                owner=form.cleaned_data["owner"],
                due_date=form.cleaned_data["due_date"],
                subject=self.record,
            )
        except ValidationError as error:
            _apply_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, "Action added to the area's action list.")
        return redirect(self.record.get_absolute_url())


class ProgressView(AreaMixin, TemplateView):
    """Each driver's score across the area's assessments, as charts with their numbers, and what
    moved since the last assessment."""

    template_name = "drivers/progress.html"

    def get_context_data(self, **kwargs):
        choices = selectors.subject_choices(self.area)
        value = self.request.GET.get("about") or selectors.default_subject_value(self.area)
        subject = selectors.subject_for(self.area, value)
        if subject is False:
            raise Http404("No such innovation in this area")
        trend = selectors.trend(self.area, subject)
        charts = (
            _trend_charts(trend, about=dict(choices).get(value, "The programme as a whole"))
            if trend.assessments
            else []
        )
        latest_report = selectors.assessment_report(trend.latest) if trend.previous else None
        return super().get_context_data(
            trend=trend,
            charts=charts,
            moved=trend.moved(),
            moved_items=latest_report.moved_items if latest_report else [],
            choices=choices,
            about=value,
            about_label=dict(choices).get(value, "The programme as a whole"),
            **kwargs,
        )


def _trend_charts(trend, *, about: str) -> list:
    """Overall and group scores, then one chart per group of drivers (a few lines each, readable)."""
    dates = [a.assessed_on for a in trend.assessments]

    def points(getter):
        return [(day, getter(trend.scores[a.pk]).percent) for day, a in zip(dates, trend.assessments, strict=True)]

    count = len(trend.assessments)
    when = f"{count} assessment{'s' if count != 1 else ''} from {date_format(dates[0])} to {date_format(dates[-1])}"
    charts = [
        line_chart(
            title="Overall and group scores",
            caption=f"{about}: overall and group scores as a percentage of the points possible for the items "
            f"answered, over {when}.",
            series=[Series("Overall", points(lambda s: s.overall))]
            + [
                Series(label, points(lambda s, g=group: s.group(g)))
                for group, label, _ in selectors.drivers_by_group(trend.drivers)
            ],
            x_label="Assessment date",
            y_label="Score (%)",
            unit="%",
            y_limits=(0, 100),
        )
    ]
    for _group, label, drivers in selectors.drivers_by_group(trend.drivers):
        latest = trend.scores[trend.latest.pk]
        weakest = min(
            (d for d in drivers if latest.driver(d.key).answered),
            key=lambda d: latest.driver(d.key).percent,
            default=None,
        )
        note = (
            f" In the latest assessment the weakest is {weakest.name} at {latest.driver(weakest.key).percent}%."
            if weakest
            else ""
        )
        charts.append(
            line_chart(
                title=f"{label} drivers",
                caption=f"{about}: each {label.lower()} driver's score over {when}.{note}",
                series=[Series(d.name, points(lambda s, k=d.key: s.driver(k))) for d in drivers],
                x_label="Assessment date",
                y_label="Score (%)",
                unit="%",
                y_limits=(0, 100),
            )
        )
    return charts


class DriversHistoryView(AreaMixin, TemplateView):
    """Who changed the area's drivers assessments and answers, and when."""

    template_name = "drivers/history.html"

    def get_context_data(self, **kwargs):
        assessments = history_entries(
            Assessment.history.filter(area_id=self.area.pk).select_related(
                "facilitator", "item_set", "corrects", "completed_by", "created_by"
            ),
            describe=lambda r: f"Assessment of {date_format(r.assessed_on)}",
        )
        answers = history_entries(
            ItemScore.history.filter(area_id=self.area.pk).select_related("item", "assessment"),
            describe=lambda r: f"Item: {r.item}",
        )
        entries = sorted(assessments + answers, key=lambda e: e.when, reverse=True)
        page = Paginator(entries, PAGE_SIZE).get_page(self.request.GET.get("page"))
        return super().get_context_data(page_obj=page, entries=page.object_list, **kwargs)


# --- National ------------------------------------------------------------------------------------------


class NationalDriversView(NationalMixin, TemplateView):
    """The latest assessment of each programme area as a heat map: drivers × areas."""

    template_name = "drivers/national.html"

    def get_context_data(self, **kwargs):
        heatmap = selectors.national_heatmap(LocalArea.objects.in_programme().order_by("name"))
        _subject_labels([c.assessment for c in heatmap.columns if c.assessment])
        return super().get_context_data(heatmap=heatmap, bands=BANDS, **kwargs)


class CatalogueView(NationalMixin, TemplateView):
    """Every version of the drivers items, and the items of the version in use."""

    template_name = "drivers/catalogue.html"

    def get_context_data(self, **kwargs):
        versions = list(
            ItemSet.objects.annotate(
                item_count=Count("items", distinct=True), assessment_count=Count("assessments", distinct=True)
            ).order_by("-number")
        )
        current = next((v for v in versions if v.status == ItemSetStatus.PUBLISHED), None)
        draft = next((v for v in versions if v.status == ItemSetStatus.DRAFT), None)
        return super().get_context_data(
            versions=versions, current=current, draft=draft, groups=_items_by_group(current), **kwargs
        )


def _items_by_group(item_set) -> list[dict]:
    if item_set is None:
        return []
    items = list(item_set.items.order_by("order", "pk"))
    return [
        {
            "value": group,
            "label": label,
            "drivers": [{"driver": d, "items": [i for i in items if i.driver_id == d.pk]} for d in drivers],
        }
        for group, label, drivers in selectors.drivers_by_group(selectors.drivers_in_order())
    ]


class ItemSetMixin(NationalMixin):
    @cached_property
    def item_set(self) -> ItemSet:
        return get_object_or_404(
            ItemSet.objects.select_related("published_by", "created_by"), number=self.kwargs["number"]
        )

    def published_redirect(self):
        messages.error(
            self.request,
            f"Version {self.item_set.number} is published, so its items cannot change. "
            "Start a new draft version instead.",
        )
        return redirect(self.item_set.get_absolute_url())

    def get_context_data(self, **kwargs):
        return super().get_context_data(item_set=self.item_set, **kwargs)


class ItemSetDetailView(ItemSetMixin, TemplateView):
    """One version's items by driver; CELCIS edits them while it is a draft."""

    template_name = "drivers/item_set_detail.html"

    def get_context_data(self, **kwargs):
        changes = history_entries(
            Item.history.filter(item_set_id=self.item_set.pk).select_related("driver"),
            describe=lambda r: f"{r.driver}: {r.text}",
        ) + history_entries(self.item_set.history.all(), describe=lambda r: f"Version {r.number}")
        changes.sort(key=lambda e: e.when, reverse=True)
        return super().get_context_data(
            groups=_items_by_group(self.item_set),
            assessment_count=self.item_set.assessments.count(),
            entries=changes[:PAGE_SIZE],
            **kwargs,
        )


class ItemSetCreateView(NationalMixin, FormView):
    """Asks for confirmation, then starts the next version as a draft copy of the current one."""

    write = True
    form_class = ChangeNoteForm
    template_name = "drivers/item_set_create.html"

    def get(self, request, *args, **kwargs):
        draft = selectors.draft_item_set()
        if draft is not None:
            messages.info(request, f"Version {draft.number} is already a draft. Change it here, then publish it.")
            return redirect(draft.get_absolute_url())
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(current=selectors.current_item_set(), **kwargs)

    def form_valid(self, form):
        try:
            draft = services.item_set_start_draft(actor=self.request.user, change_note=form.cleaned_data["change_note"])
        except ValidationError as error:
            _apply_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, f"Version {draft.number} started as a draft.")
        return redirect(draft.get_absolute_url())


class ItemCreateView(ItemSetMixin, FormView):
    write = True
    form_class = ItemForm
    template_name = "drivers/item_form.html"

    def get(self, request, *args, **kwargs):
        if not self.item_set.is_draft:
            return self.published_redirect()
        return super().get(request, *args, **kwargs)

    def get_initial(self):
        return {"driver": self.request.GET.get("driver") or None, "order": 100}

    def form_valid(self, form):
        try:
            services.item_save(actor=self.request.user, item_set=self.item_set, **form.cleaned_data)
        except ValidationError as error:
            _apply_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, "Item added.")
        return redirect(self.item_set.get_absolute_url())


class ItemMixin(ItemSetMixin):
    @cached_property
    def item(self) -> Item:
        return get_object_or_404(Item.objects.select_related("driver"), pk=self.kwargs["pk"], item_set=self.item_set)

    def get(self, request, *args, **kwargs):
        if not self.item_set.is_draft:
            return self.published_redirect()
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(item=self.item, **kwargs)


class ItemUpdateView(ItemMixin, FormView):
    write = True
    form_class = ItemForm
    template_name = "drivers/item_form.html"

    def get_initial(self):
        return {"driver": self.item.driver_id, "text": self.item.text, "order": self.item.order}

    def form_valid(self, form):
        try:
            services.item_save(actor=self.request.user, item_set=self.item_set, item=self.item, **form.cleaned_data)
        except ValidationError as error:
            _apply_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, "Item saved.")
        return redirect(self.item_set.get_absolute_url())


class ItemRemoveView(ItemMixin, TemplateView):
    """Asks for confirmation; removes the item from the draft on POST."""

    write = True
    template_name = "drivers/item_remove.html"

    def post(self, request, *args, **kwargs):
        try:
            services.item_remove(actor=request.user, item=self.item)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, f"Item removed from version {self.item_set.number}.")
        return redirect(self.item_set.get_absolute_url())


class ItemSetPublishView(ItemSetMixin, FormView):
    """Asks for confirmation; publishing makes the draft the version new assessments use."""

    write = True
    form_class = ChangeNoteForm
    template_name = "drivers/item_set_publish.html"

    def get(self, request, *args, **kwargs):
        if not self.item_set.is_draft:
            return self.published_redirect()
        return super().get(request, *args, **kwargs)

    def get_initial(self):
        return {"change_note": self.item_set.change_note}

    def get_context_data(self, **kwargs):
        counts = Item.objects.filter(item_set=self.item_set).aggregate(
            items=Count("pk"), drivers=Count("driver", distinct=True)
        )
        return super().get_context_data(counts=counts, current=selectors.current_item_set(), **kwargs)

    def form_valid(self, form):
        try:
            services.item_set_publish(
                actor=self.request.user, item_set=self.item_set, change_note=form.cleaned_data["change_note"]
            )
        except ValidationError as error:
            _apply_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, f"Version {self.item_set.number} published. New assessments use it from now on.")
        return redirect(self.item_set.get_absolute_url())
