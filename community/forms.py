from datetime import datetime, time

from django import forms
from django.utils import timezone

from areas.forms import DateInput
from core.forms import FilterForm, check_with
from core.locking import VersionedFormMixin, VersionedModelForm, last_saved
from core.views import form_data

from . import rules, uploads
from .models import Event, EventFormat, EventKind, ExampleRevision, PracticeExample, Reference, Tag, TagKind
from .services.events import EVENT_FIELDS
from .services.evidence import REFERENCE_FIELDS
from .services.examples import EXAMPLE_FIELDS, check_example_content
from .services.tags import topic_names

MARKDOWN_HELP = "You can use Markdown: **bold**, *italics*, lists starting with “-”, and links as [words](https://…)."
PRIVACY_LABEL = (
    "I confirm this example holds no detail that could identify a child or family: no names, initials, "
    "ages with places, dates of birth, addresses, schools or case details."
)


class TimeInput(forms.TimeInput):
    """A native time picker (24-hour in a UK browser)."""

    input_type = "time"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%H:%M")


def _markdown_area(rows: int = 5):
    return forms.Textarea(attrs={"rows": rows})


# --- Events ------------------------------------------------------------------------------------------


class EventForm(VersionedModelForm):
    stale_what = "changes to this event"
    # The start and end are typed as a day and two times, in this order after the kind of event.
    field_order = ["title", "kind", "date", "start_time", "end_time"]

    kind = forms.ChoiceField(label="Kind of event", choices=EventKind.choices)
    date = forms.DateField(widget=DateInput())
    start_time = forms.TimeField(label="Starts at", widget=TimeInput())
    end_time = forms.TimeField(label="Ends at", widget=TimeInput())
    format = forms.ChoiceField(choices=EventFormat.choices, widget=forms.RadioSelect)
    joining_link = forms.URLField(
        label="Link to join",
        required=False,
        max_length=500,
        assume_scheme="https",
        help_text="For an online event. Only people signed in to the portal see it.",
    )

    class Meta:
        model = Event
        fields = [name for name in EVENT_FIELDS if name not in ("starts_at", "ends_at")]
        widgets = {"agenda": _markdown_area(6), "learning": _markdown_area(6)}
        help_texts = {
            "venue": "For an event in person: building, street and town.",
            "agenda": MARKDOWN_HELP,
            "learning": "Written after the event: what people learned and will try. " + MARKDOWN_HELP,
        }

    def __init__(self, *args, access, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["host_area"].queryset = rules.event_host_choices(access)
        self.fields["host_area"].empty_label = "CELCIS hosts" if access.is_celcis else None
        self.fields["host_area"].required = not access.is_celcis
        if self.instance.pk and self.instance.host_area_id:
            # Keep the current host selectable for an organiser who does not lead it (the creator, say).
            current = self.fields["host_area"].queryset | type(self.instance.host_area).objects.filter(
                pk=self.instance.host_area_id
            )
            self.fields["host_area"].queryset = current.distinct().order_by("name")
        if self.instance.pk and not self.is_bound:
            starts = timezone.localtime(self.instance.starts_at)
            self.initial.update(
                date=starts.date(),
                start_time=starts.time(),
                end_time=timezone.localtime(self.instance.ends_at).time(),
            )
        if not self.instance.pk:
            self.fields["learning"].widget = forms.HiddenInput()

    def clean(self):
        cleaned = super().clean()
        day, start, end = cleaned.get("date"), cleaned.get("start_time"), cleaned.get("end_time")
        if day and start and end:
            cleaned["starts_at"] = timezone.make_aware(datetime.combine(day, start))
            cleaned["ends_at"] = timezone.make_aware(datetime.combine(day, end))
            if end <= start:
                self.add_error("end_time", "The event must end after it starts.")
        # Checked here as well as by the service, so that every mistake is shown at once.
        if cleaned.get("format") == EventFormat.IN_PERSON and not (cleaned.get("venue") or "").strip():
            self.add_error("venue", "Give the venue for an event in person: building, street and town.")
        return cleaned

    def event_data(self) -> dict:
        return form_data(self, EVENT_FIELDS)


class AttendanceForm(forms.Form):
    """A tick for each person registered: did they attend?"""

    def __init__(self, *args, registrations, **kwargs):
        super().__init__(*args, **kwargs)
        self.registrations = registrations
        for registration in registrations:
            self.fields[f"attended_{registration.pk}"] = forms.BooleanField(
                label=f"{registration.user} attended",
                required=False,
                widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
                initial=bool(registration.attended),
            )

    def rows(self):
        return [(r, self[f"attended_{r.pk}"]) for r in self.registrations]

    def attendance(self) -> dict[int, bool]:
        return {r.pk: bool(self.cleaned_data[f"attended_{r.pk}"]) for r in self.registrations}


class AttachmentForm(forms.Form):
    file = forms.FileField(
        widget=forms.ClearableFileInput(attrs={"accept": uploads.ACCEPT}),
        help_text=f"{uploads.ALLOWED_LABEL}, up to {uploads.MAX_UPLOAD_LABEL}. Never upload anything that "
        "identifies a child or family.",
    )
    title = forms.CharField(
        label="Description", max_length=200, required=False, help_text="Optional, e.g. “Slides from the morning”."
    )

    def clean_file(self):
        file = self.cleaned_data["file"]
        uploads.check_upload(file)
        return file


# --- Practice examples -------------------------------------------------------------------------------


def _tag_field(kind: str, label: str, help_text: str = ""):
    return forms.ModelMultipleChoiceField(
        label=label,
        queryset=Tag.objects.filter(kind=kind).order_by("order", "name"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=help_text,
    )


class TaggedFormMixin:
    """Framework, stage and driver tags as ticks; topics typed, separated by commas."""

    def _setup_tags(self, instance):
        self.fields["frameworks"] = _tag_field(TagKind.FRAMEWORK, "Frameworks", "Tick each framework it relates to.")
        self.fields["stages"] = _tag_field(TagKind.STAGE, "Implementation stages")
        self.fields["drivers"] = _tag_field(TagKind.DRIVER, "Implementation drivers")
        self.fields["topics"] = forms.CharField(
            label="Topics",
            required=False,
            max_length=500,
            help_text="Separate topics with commas, e.g. “early help, multi-agency working”.",
        )
        if instance is not None and instance.pk and not self.is_bound:
            tags = list(instance.tags.all())
            for field, kind in (("frameworks", "framework"), ("stages", "stage"), ("drivers", "driver")):
                self.initial[field] = [t.pk for t in tags if t.kind == kind]
            self.initial["topics"] = ", ".join(t.name for t in tags if t.kind == TagKind.TOPIC)

    def chosen_tags(self) -> list[Tag]:
        return [*self.cleaned_data["frameworks"], *self.cleaned_data["stages"], *self.cleaned_data["drivers"]]

    def service_values(self) -> dict:
        """The record's values, ticked tags and typed topics, as the saving service takes them."""
        return {
            "data": form_data(self, self.Meta.fields),
            "tags": self.chosen_tags(),
            "topics": self.cleaned_data["topics"],
        }

    def clean_topics(self):
        return ", ".join(topic_names(self.cleaned_data["topics"]))


class PracticeExampleForm(TaggedFormMixin, VersionedModelForm):
    stale_what = "changes to this example"
    privacy_confirmed = forms.BooleanField(label=PRIVACY_LABEL, required=False)

    class Meta:
        model = PracticeExample
        fields = list(EXAMPLE_FIELDS)
        widgets = {
            "summary": _markdown_area(3),
            "what_was_done": _markdown_area(6),
            "what_changed": _markdown_area(5),
            "what_others_can_learn": _markdown_area(4),
        }
        help_texts = {
            "area": "Where the practice took place.",
            "what_was_done": MARKDOWN_HELP,
            "what_others_can_learn": "What another area should know before trying this. " + MARKDOWN_HELP,
        }

    def __init__(self, *args, access, **kwargs):
        super().__init__(*args, **kwargs)
        self.access = access
        areas = rules.example_area_choices(access)
        if self.instance.area_id:
            areas = (areas | type(self.instance.area).objects.filter(pk=self.instance.area_id)).distinct()
        self.fields["area"].queryset = areas.order_by("name")
        self.fields["area"].empty_label = None if areas.count() == 1 else "Choose an area"
        self._setup_tags(self.instance)
        # A draft's privacy confirmation comes when it is sent to CELCIS; later edits must confirm again.
        if self.instance.status in ("submitted", "published"):
            self.fields["privacy_confirmed"].required = True
            self.fields["privacy_confirmed"].help_text = "Needed again with every change, as a change may add detail."
        else:
            del self.fields["privacy_confirmed"]

    def clean(self):
        cleaned = super().clean()
        # The service's content check (a phone number where a role belongs), with the field checks so
        # that every mistake shows in one round. The area offered is already one the author may choose.
        check_with(
            self,
            check_example_content,
            {"contact_role": cleaned.get("contact_role", "")},
            self.access,
            area_changed=False,
        )
        return cleaned


class ExampleChangesForm(PracticeExampleForm):
    """The same form for changes to a published example: they are written to its pending revision.
    With no changes pending yet, the form opens on the published version (saving starts the revision)."""

    stale_what = "changes to this example"

    class Meta(PracticeExampleForm.Meta):
        model = ExampleRevision

    def __init__(self, *args, published_tags=None, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.instance.pk and not self.is_bound and published_tags is not None:
            for field, kind in (("frameworks", "framework"), ("stages", "stage"), ("drivers", "driver")):
                self.initial[field] = [t.pk for t in published_tags if t.kind == kind]
            self.initial["topics"] = ", ".join(t.name for t in published_tags if t.kind == TagKind.TOPIC)


class SubmitForm(forms.Form):
    privacy_confirmed = forms.BooleanField(
        label=PRIVACY_LABEL,
        error_messages={
            "required": "Confirm that the example holds no detail that could identify a child or family "
            "before it goes to CELCIS."
        },
    )


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[("publish", "Publish the example"), ("return", "Return it to the author")], widget=forms.RadioSelect
    )
    comment = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text="Needed when returning: say what the author should change. The author sees it.",
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("decision") == "return" and not cleaned.get("comment", "").strip():
            self.add_error("comment", "Say what the author should change, so they can put it right.")
        return cleaned


class ExampleLinksForm(forms.Form):
    """One group of ticks per kind of portal record, from the example's own area."""

    def __init__(self, *args, groups, chosen, **kwargs):
        super().__init__(*args, **kwargs)
        self.groups = groups
        for kind, records in groups:
            name = f"kind_{kind.content_type.pk}"
            self.fields[name] = forms.MultipleChoiceField(
                label=kind.plural,
                choices=[(str(r.pk), str(r)) for r in records],
                widget=forms.CheckboxSelectMultiple,
                required=False,
                initial=[str(pk) for pk in chosen.get(kind.content_type.pk, ())],
            )

    def targets(self) -> list:
        chosen = []
        for kind, records in self.groups:
            picked = set(self.cleaned_data[f"kind_{kind.content_type.pk}"])
            chosen.extend(r for r in records if str(r.pk) in picked)
        return chosen


class CommentForm(forms.Form):
    body = forms.CharField(label="Your comment", widget=_markdown_area(4), help_text=MARKDOWN_HELP, max_length=10000)


def _slug_filter(label: str, *, empty_label: str) -> forms.ModelChoiceField:
    """A filter choosing a record by its slug, so that a filtered list's address reads well."""
    return forms.ModelChoiceField(label=label, queryset=None, empty_label=empty_label, to_field_name="slug")


class ExampleFilterForm(FilterForm):
    q = forms.CharField(label="Search the examples", max_length=200, widget=forms.TextInput(attrs={"type": "search"}))
    area = _slug_filter("Area", empty_label="All areas")
    tag = _slug_filter("Framework or tag", empty_label="Any")
    sort = forms.ChoiceField(
        label="Order",
        choices=[("", "Best match or newest"), ("newest", "Newest first"), ("useful", "Most useful first")],
    )

    def __init__(self, *args, areas, tags, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = areas
        self.fields["tag"].queryset = tags

    def offer(self, *, areas: list[tuple[str, str]], tags: list[tuple[str, str]]) -> None:
        """List these (slug, name) pairs in the drop-downs, which the page already has (read with the
        areas' version, or cached), instead of reading the querysets again; a chosen value is still
        checked against the querysets."""
        for name, choices in (("area", areas), ("tag", tags)):
            self.fields[name].choices = [("", self.fields[name].empty_label), *choices]


# --- Discussions ----------------------------------------------------------------------------------------


class TopicForm(forms.Form):
    title = forms.CharField(max_length=200)
    body = forms.CharField(label="Message", widget=_markdown_area(6), help_text=MARKDOWN_HELP, max_length=20000)


class ReplyForm(forms.Form):
    body = forms.CharField(label="Your reply", widget=_markdown_area(4), help_text=MARKDOWN_HELP, max_length=20000)


class PostEditForm(VersionedFormMixin, forms.Form):
    stale_what = "changes to this post"

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    title = forms.CharField(max_length=200, label="Topic title")
    body = forms.CharField(label="Message", widget=_markdown_area(6), help_text=MARKDOWN_HELP, max_length=20000)

    def __init__(self, *args, post, **kwargs):
        super().__init__(*args, **kwargs)
        self.post = post
        if not post.is_opening:
            del self.fields["title"]
        if not self.is_bound:
            self.initial.update(version=post.version, body=post.body)
            if post.is_opening:
                self.initial["title"] = post.topic.title

    def add_stale_error(self, instance=None, *, current_version=None, latest=None):
        """The standard clash message, naming the latest change in the discussion's own words."""
        if latest is None:
            saved = last_saved(instance)  # "Last saved by Ann Smith at …", or "" with no history
            latest = "Someone else changed this post" + (f": {saved[:1].lower()}{saved[1:]}" if saved else ".")
        super().add_stale_error(instance, current_version=current_version, latest=latest)


class HideForm(forms.Form):
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="The author and CELCIS see this; everyone else sees that the post was hidden.",
    )


# --- Evidence --------------------------------------------------------------------------------------------


class ReferenceForm(TaggedFormMixin, VersionedModelForm):
    stale_what = "changes to this reference"
    link = forms.URLField(
        required=False, max_length=500, assume_scheme="https", help_text="Where to read it. Leave empty if unsure."
    )

    class Meta:
        model = Reference
        fields = list(REFERENCE_FIELDS)
        widgets = {"summary": _markdown_area(5)}
        help_texts = {
            "summary": "What it says and why it matters to the programme, in your own words. " + MARKDOWN_HELP
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._setup_tags(self.instance)


class SearchForm(forms.Form):
    q = forms.CharField(
        label="Search the Community of Practice",
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"class": "form-control", "type": "search"}),
    )


def default_event_times():
    return {"start_time": time(10, 0), "end_time": time(15, 30)}
