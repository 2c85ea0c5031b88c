"""The one way to build a page, shared by every framework app.

- `PAGE_SIZE`: rows per page on every list.
- `RecordFromUrl` + `AreaRecordMixin`: the record named in the URL, fetched *from the resolved area*
  (404 for any other area's record, never revealing that it exists). `RecordsFromUrlMixin` does the
  same for national and community pages, with their own access mixin.
- `FilteredListMixin`: a paginated list with its filter form.
- `ServiceFormMixin`: a form page that validates the form, calls one service, and maps the service's
  `ValidationError` onto the form's fields and a `StaleEdit` onto the standard clash message.
- `ActionView`: a button that changes something (POST only); with `confirm_template` set, a GET shows
  a confirmation page first (for anything destructive or hard to undo).

Access itself stays with the one policy in `areas.access` (`AreaMixin`, `NationalMixin`,
`CommunityMixin`); these classes build on it.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views.generic import ListView, TemplateView

from areas.access import AreaMixin, Permission

from . import autosave, privacy
from .forms import polish
from .locking import StaleEdit

PAGE_SIZE = 25


class PageRows:
    """A long list's rows for its Paginator (`get_paginator(PageRows(rows, related), …)`): counted and
    cut to the page on the rows' own table, then the page's rows read with `related` (select_related)
    in one query, so a join with large related tables is never made for the whole list."""

    def __init__(self, rows, related):
        self.rows = rows
        self.related = related

    def count(self) -> int:
        return self.rows.count()

    def __len__(self) -> int:
        return self.count()

    def __iter__(self):
        return iter(self.rows.select_related(*self.related))

    def __getitem__(self, window):
        if not isinstance(window, slice):
            return self[window : window + 1][0]
        page_ids = self.rows.values("pk")[window]
        # The outer query sorts the page's rows again by the list's own order.
        return list(self.rows.filter(pk__in=page_ids).select_related(*self.related))


def apply_errors(form, error: ValidationError) -> None:
    """Put a service's ValidationError on the form's fields (or at the top for the rest)."""
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            for message in errors:
                form.add_error(name if name in form.fields else None, message)
    else:
        for message in error.messages:
            form.add_error(None, message)


def error_text(error: ValidationError) -> str:
    """A service's ValidationError as one sentence for a flash message."""
    return " ".join(error.messages)


def form_data(form, names) -> dict:
    """The cleaned values of `names` that the form has (a create form may lack some of them)."""
    return {name: form.cleaned_data[name] for name in names if name in form.cleaned_data}


def service_kwargs(view, form, names=()) -> dict:
    """What a write service takes from its page: the acting user and the form's cleaned `names`."""
    return {"actor": view.request.user, **form_data(form, names)}


def edit_kwargs(view, form) -> dict:
    """What a service editing a versioned record takes from its model form: the acting user, the
    form's model fields as `data`, and the version the user started from (so a clash is caught)."""
    return {
        "actor": view.request.user,
        "data": form_data(form, form.Meta.fields),
        "expected_version": form.cleaned_data["version"],
    }


class RecordFromUrl:
    """Declares a record named in the URL, fetched from the view's area only (404 otherwise).

        class CycleMixin(AreaRecordMixin):
            cycle = RecordFromUrl(Cycle, select_related=("innovation",))

        class IterationMixin(CycleMixin):
            iteration = RecordFromUrl(UsabilityIteration, "iteration_pk", parent="cycle")

    `self.cycle` is fetched once per request and put in the template context as `cycle`. `lookup`
    names the field the URL value matches when it is not the primary key. `parent`
    names an earlier record the row must belong to (its foreign key of that name). `queryset`, a
    function of the view, replaces the default `model.objects.filter(area=view.area)` where a page
    needs more (annotations, prefetches) — it must still start from the area.
    """

    def __init__(
        self,
        model,
        url_kwarg: str = "pk",
        *,
        lookup: str = "pk",
        parent: str | None = None,
        select_related=(),
        queryset=None,
    ):
        self.model = model
        self.url_kwarg = url_kwarg
        self.lookup = lookup
        self.parent = parent
        self.select_related = tuple(select_related)
        self.queryset = queryset
        self.name = ""

    def __set_name__(self, owner, name):
        self.name = name

    def get_queryset(self, view):
        rows = self.queryset(view) if self.queryset is not None else self.model.objects.filter(area=view.area)
        if self.select_related:
            rows = rows.select_related(*self.select_related)
        if self.parent:
            rows = rows.filter(**{self.parent: getattr(view, self.parent)})
        return rows

    def __get__(self, view, owner=None):
        if view is None:
            return self
        if self.name not in view.__dict__:
            view.__dict__[self.name] = get_object_or_404(
                self.get_queryset(view), **{self.lookup: view.kwargs[self.url_kwarg]}
            )
        return view.__dict__[self.name]


def records_from_url(view_class) -> list[RecordFromUrl]:
    """Every `RecordFromUrl` declared on the class and its bases, outermost first."""
    seen: dict[str, RecordFromUrl] = {}
    for klass in reversed(view_class.__mro__):
        for name, value in vars(klass).items():
            if isinstance(value, RecordFromUrl):
                seen[name] = value
    return list(seen.values())


class RecordsFromUrlMixin:
    """Puts each `RecordFromUrl` of the view in the context under its own name; `get_object()` (for
    DetailView and UpdateView) is the one named by the URL's `pk`. Pages outside an area (national,
    community) combine it with their access mixin and give each record a `queryset=`."""

    def get_object(self, queryset=None):
        for record in records_from_url(type(self)):
            if record.url_kwarg == "pk":
                return getattr(self, record.name)
        return super().get_object(queryset)

    def get_context_data(self, **kwargs):
        for record in records_from_url(type(self)):
            kwargs.setdefault(record.name, getattr(self, record.name))
        return super().get_context_data(**kwargs)


class AreaRecordMixin(RecordsFromUrlMixin, AreaMixin):
    """For pages under /areas/<slug>/…/<pk>/: the area through the access policy, then the records
    declared with `RecordFromUrl`, each fetched from that area only."""


class FilteredListMixin:
    """A list with filters above it (STYLE: a table with a caption, filters above, 25 rows a page).

    Set `filter_form_class` (and `get_filter_form_kwargs()` for forms scoped to the area); override
    `filter_rows(rows, filters)` to apply the valid filters, and `unfiltered_rows()` where the rows
    do not come from the view's `model`. The template gets `filter_form` (for
    `core/_filter_form.html`) and `filtered` (whether any filter is in use, for the empty state).
    """

    filter_form_class = None
    # A filter's name → the lookup it narrows the rows by ({"start": "held_on__gte"}); an empty
    # filter is not applied. Override `filter_rows` for anything a lookup cannot say.
    filter_lookups: dict[str, str] = {}
    # True when the filter form offers the area's own records (its teams, members…): it takes `area=`.
    filter_form_takes_area = False
    paginate_by = PAGE_SIZE

    def get_filter_form_kwargs(self) -> dict:
        return {"area": self.area} if self.filter_form_takes_area else {}

    def filter_rows(self, rows, filters: dict):
        chosen = {lookup: filters[name] for name, lookup in self.filter_lookups.items() if filters[name]}
        return rows.filter(**chosen) if chosen else rows

    def unfiltered_rows(self):
        """The rows before filtering: by default the view's own queryset (`model`, `AreaScopedMixin`)."""
        return super().get_queryset()

    def get_queryset(self):
        rows = self.unfiltered_rows()
        self.filter_form = self.filter_form_class(self.request.GET or None, **self.get_filter_form_kwargs())
        if self.filter_form.is_valid():
            rows = self.filter_rows(rows, self.filter_form.cleaned_data)
        return rows

    @property
    def filtered(self) -> bool:
        """Whether any filter is in use (for the empty state)."""
        return any(value for key, value in self.request.GET.items() if key != "page")

    def get_context_data(self, **kwargs):
        return super().get_context_data(filter_form=self.filter_form, filtered=self.filtered, **kwargs)


class ServiceFormMixin:
    """Validate the form, call one service (`perform`), then redirect with a message.

    Free text is checked first by the one privacy guard (`core.privacy`: a CHI number refused, a date
    of birth or a home address warned about). A `ValidationError` from the service goes onto the
    form's fields; a `StaleEdit` becomes the one
    clash message (the form's `add_stale_error`). Either way the page comes back with everything the
    user typed and nothing saved. Subclasses define `perform(form)` returning the saved object, and
    `get_success_message(obj)` / `get_success_url()` (which may read `self.saved`).
    """

    success_message = ""

    def perform(self, form):  # pragma: no cover - each page says what it does
        """Call one service with the valid form; return what it saved. Every form page defines it."""
        raise NotImplementedError(f"{type(self).__name__} must define perform(form): the one service it calls.")

    def get_success_message(self, obj) -> str:
        return self.success_message.format(obj=obj) if self.success_message else ""

    def get_form(self, form_class=None):
        """The page's form, with the fields every form page shares (`core.forms.polish`)."""
        form = super().get_form(form_class)
        instance = getattr(form, "instance", None)
        polish(form, creating=instance is not None and instance.pk is None)
        return form

    def form_valid(self, form):
        if not privacy.check_form(form):
            return self.form_invalid(form)
        try:
            self.saved = self.perform(form)
        except StaleEdit as stale:
            form.add_stale_error(stale.instance)
            return self.form_invalid(form)
        except ValidationError as error:
            apply_errors(form, error)
            return self.form_invalid(form)
        if self.saved is not None and hasattr(self.saved, "pk"):
            self.object = self.saved
        message = self.get_success_message(self.saved)
        if message:
            messages.success(self.request, message)
        return redirect(self.get_success_url())


class AutosaveFormMixin(ServiceFormMixin):
    """A `ServiceFormMixin` page whose draft is also saved in the background (`core.autosave`).

    Without JavaScript it is an ordinary form page. A background save gets the same checks (the
    privacy guard, the service's validation and version check) and answers autosave's JSON: saved
    (`autosave_saved`: the new version and `get_success_message`), invalid (400), or a clash (409,
    `autosave_clash`). Pages with more to say on a refusal (a locked record) override `autosave_refusal`.
    """

    autosave_what = "this draft"

    def autosave_saved(self, saved):
        """The JSON answer for a saved draft (a page may add its own keys)."""
        return autosave.saved(version=saved.version, message=self.get_success_message(saved))

    def autosave_clash(self, instance):
        """The JSON answer when someone else saved in between."""
        return autosave.clash(instance, version=instance.version, what=self.autosave_what)

    def autosave_refusal(self, error):
        """The JSON answer for any other exception the service raised (None: let it propagate)."""
        return None

    def form_invalid(self, form):
        if autosave.wants_json(self.request):
            return autosave.invalid(form)
        return super().form_invalid(form)

    def form_valid(self, form):
        if not autosave.wants_json(self.request):
            return super().form_valid(form)
        if not privacy.check_form(form):
            return autosave.invalid(form)
        try:
            saved = self.perform(form)
        except StaleEdit as stale:
            return self.autosave_clash(stale.instance)
        except Exception as error:
            answer = self.autosave_refusal(error)
            if answer is not None:
                return answer
            if not isinstance(error, ValidationError):
                raise
            apply_errors(form, error)
            return autosave.invalid(form)
        return self.autosave_saved(saved)


class AreaFormMixin(ServiceFormMixin):
    """A form page that writes in an area, whose choices (teams, owners, innovations…) are the
    area's own: the form takes `area=`."""

    permission = Permission.WRITE

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "area": self.area}


class AreaListView(FilteredListMixin, AreaMixin, ListView):
    """An area's filtered list whose rows come from one selector called with the area.

    Set `area_rows` to that selector (as a `staticmethod`).
    """

    area_rows = None

    def unfiltered_rows(self):
        return self.area_rows(self.area)


class ActionView(TemplateView):
    """A button that changes something: POST runs `perform()` and redirects with a message.

    With `confirm_template` set, a GET shows that confirmation page first (use it for anything
    destructive or hard to undo); without one, only POST is allowed. A `ValidationError` from the
    service becomes an error message and nothing changes. Combine with an access mixin
    (`AreaRecordMixin`, `NationalMixin`, `CommunityMixin`): the confirmation page and the POST both
    need write access there (or the view's own stricter `permission`, e.g. LEAD).
    """

    confirm_template: str | None = None

    @property
    def changes_records(self) -> bool:
        """Read by the access mixins: a confirmation page needs write access as its POST does,
        wherever ActionView stands among the view's bases. (A POST-only action answers a GET with
        405; its POST needs write access anyway.)"""
        return bool(self.confirm_template)

    def get_template_names(self):
        return [self.confirm_template]

    def get(self, request, *args, **kwargs):
        if not self.confirm_template:
            return HttpResponseNotAllowed(["POST"])
        return super().get(request, *args, **kwargs)

    def perform(self) -> str:  # pragma: no cover - each action says what it does
        """Call one service; return the success message. Every action defines it."""
        raise NotImplementedError(f"{type(self).__name__} must define perform(): the one service it calls.")

    def get_success_url(self) -> str:  # pragma: no cover - each action says where it leads
        """Where the person goes after the action. Every action defines it."""
        raise NotImplementedError(f"{type(self).__name__} must define get_success_url().")

    def get_failure_url(self) -> str:
        return self.request.path if self.confirm_template else self.get_success_url()

    def post(self, request, *args, **kwargs):
        try:
            message = self.perform()
        except ValidationError as error:
            messages.error(request, error_text(error))
            return redirect(self.get_failure_url())
        if message:
            messages.success(request, message)
        return redirect(self.get_success_url())


_PK = 987654321


def record_link(url_name: str, *args):
    """The address of `url_name` for any record's primary key (the last argument; `args` come before
    it), from one reverse(): a table's hundreds of links without a {% url %} or reverse() each."""
    head, tail = reverse(url_name, args=[*args, _PK]).split(str(_PK))
    return lambda pk: f"{head}{pk}{tail}"
