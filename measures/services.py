"""Writes for measures. Each re-checks the actor's rights through the access policy and records who
made the change, so views, the CSV upload and the demo data share one path."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from core.locking import StaleEdit, save_versioned
from core.services import delete_with_history, raise_if_errors, require_area_write, require_celcis, save_with_history

from . import csv_import
from .models import DEFINITION_FIELDS, BaselineChange, DataUpload, Measure, MeasureValue, SharedMeasure, UploadStatus
from .periods import period_problem
from .validation import ValueEntry, entry_problems, entry_value, is_whole


def _bump_data_version(measure: Measure) -> None:
    Measure.objects.filter(pk=measure.pk).update(data_version=F("data_version") + 1)
    measure.data_version = Measure.objects.values_list("data_version", flat=True).get(pk=measure.pk)


def _check_definition(data: dict, *, value_count: int = 0, current=None, fractions: int = 0) -> dict:
    """Definition rules shared by an area's own measures and programme-wide ones; returns clean data.

    `fractions`: how many recorded values are not whole numbers (a measure cannot become a count then).
    """
    errors = {}
    data = dict(data)
    if data.get("is_proportion"):
        if not (data.get("numerator_definition") or "").strip():
            errors["numerator_definition"] = "Say what the numerator counts."
        if not (data.get("denominator_definition") or "").strip():
            errors["denominator_definition"] = "Say what the denominator counts."
        data["unit"] = ""  # a proportion is always shown as a percentage
        if data.get("is_count"):
            errors["is_count"] = "A proportion is a percentage, not a count: tick one or the other."
    else:
        if (data.get("numerator_definition") or "").strip() or (data.get("denominator_definition") or "").strip():
            errors["is_proportion"] = (
                "Only a proportion has a numerator and denominator: tick “a proportion” or clear them."
            )
    if data.get("is_count") and not data.get("is_proportion") and not (data.get("unit") or "").strip():
        errors["unit"] = "Say what is counted, in the plural, e.g. “families” or “referrals”."
    if current is not None and value_count:
        if data.get("is_count") and not current.is_count and fractions:
            errors["is_count"] = (
                f"{fractions} recorded value{'s are' if fractions != 1 else ' is'} not a whole number, so this "
                "cannot become a count yet: correct those values first."
            )
        if "frequency" in data and data["frequency"] != current.frequency:
            errors["frequency"] = (
                f"The frequency cannot change once values are recorded ({value_count}): start a new measure instead."
            )
        if "is_proportion" in data and bool(data["is_proportion"]) != current.is_proportion:
            errors["is_proportion"] = (
                f"Whether this is a proportion cannot change once values are recorded ({value_count}): "
                "start a new measure instead."
            )
    raise_if_errors(errors)
    return data


def _fractions(values) -> int:
    """How many of these values are not whole numbers (a proportion's percentages are left out)."""
    return sum(
        1 for value in values.filter(numerator__isnull=True).values_list("value", flat=True) if not is_whole(value)
    )


def _name_taken(area, name: str, *, exclude_pk=None) -> bool:
    return Measure.objects.filter(area=area, name__iexact=name.strip()).exclude(pk=exclude_pk).exists()


@transaction.atomic
def measure_create(*, area, actor, data: dict) -> Measure:
    """Add one of the area's own measures (baseline and target may be set from the start)."""
    require_area_write(actor, area)
    data = _check_definition(data)
    if _name_taken(area, data["name"]):
        raise ValidationError({"name": f"{area} already has a measure called “{data['name'].strip()}”."})
    measure = Measure(area=area, created_by=actor, **data)
    measure.name = measure.name.strip()
    save_with_history(measure, actor=actor, validate=True, exclude=["version", "data_version"])
    if measure.baseline_points is not None:
        _record_baseline(measure, actor=actor, previous=None, reason="Set when the measure was added.")
    return measure


@transaction.atomic
def measure_update(*, measure: Measure, actor, data: dict, expected_version: int) -> Measure:
    """Change a measure's definition or target. An adopted measure keeps the programme's wording, so
    only its target changes here; the baseline changes only through measure_baseline_change."""
    require_area_write(actor, measure.area)
    data = dict(data)
    data.pop("baseline_points", None)
    if measure.is_adopted:
        data = {"target": data["target"]} if "target" in data else {}
    else:
        values = MeasureValue.objects.filter(measure=measure)
        data = _check_definition(
            {**{f: getattr(measure, f) for f in DEFINITION_FIELDS}, **data},
            value_count=values.count(),
            current=measure,
            fractions=_fractions(values),
        )
        if "name" in data and _name_taken(measure.area, data["name"], exclude_pk=measure.pk):
            raise ValidationError({"name": f"{measure.area} already has a measure called “{data['name'].strip()}”."})
    for name, value in data.items():
        setattr(measure, name, value.strip() if isinstance(value, str) else value)
    measure.full_clean(exclude=["version", "data_version"])
    save_versioned(measure, expected_version=expected_version, actor=actor)
    return measure


@transaction.atomic
def measure_adopt(*, area, actor, shared: SharedMeasure, baseline_points=None, target=None) -> Measure:
    """The area takes up a programme-wide measure: its own Measure with the shared definition."""
    require_area_write(actor, area)
    if Measure.objects.filter(area=area, shared=shared).exists():
        raise ValidationError(f"{area} has already adopted “{shared}”.")
    if _name_taken(area, shared.name):
        raise ValidationError(
            f"{area} already has its own measure called “{shared.name}”. Rename it first, then adopt this one."
        )
    measure = Measure(
        area=area,
        shared=shared,
        created_by=actor,
        baseline_points=baseline_points,
        target=target,
        **{f: getattr(shared, f) for f in DEFINITION_FIELDS},
    )
    save_with_history(
        measure,
        actor=actor,
        reason="Adopted the programme-wide definition",
        validate=True,
        exclude=["version", "data_version"],
    )
    if baseline_points is not None:
        _record_baseline(measure, actor=actor, previous=None, reason="Set when the measure was adopted.")
    return measure


def _record_baseline(measure: Measure, *, actor, previous, reason: str) -> BaselineChange:
    change = BaselineChange(
        area_id=measure.area_id,
        measure=measure,
        previous_points=previous,
        new_points=measure.baseline_points,
        reason=reason,
        changed_by=actor,
    )
    save_with_history(change, actor=actor)
    return change


@transaction.atomic
def measure_baseline_change(*, measure: Measure, actor, baseline_points: int | None, reason: str) -> BaselineChange:
    """Fix, move or release a measure's baseline: an explicit change with a reason, kept on record."""
    require_area_write(actor, measure.area)
    measure = Measure.objects.select_for_update().get(pk=measure.pk)
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": "Say why the baseline changes: it moves the centre line and limits."})
    if baseline_points == measure.baseline_points:
        raise ValidationError({"baseline_points": "This is already the baseline."})
    if baseline_points is not None and baseline_points < 2:
        raise ValidationError({"baseline_points": "A baseline needs at least 2 points (12 or more is best)."})
    previous = measure.baseline_points
    measure.baseline_points = baseline_points
    # The row is locked above, so saving every field writes back only this change.
    save_with_history(measure, actor=actor, reason=f"Baseline changed: {reason}")
    _bump_data_version(measure)
    return _record_baseline(measure, actor=actor, previous=previous, reason=reason)


@dataclass
class ValuesSaved:
    created: int = 0
    updated: int = 0
    deleted: int = 0
    unchanged: int = 0

    @property
    def changed(self) -> int:
        return self.created + self.updated + self.deleted


def _entry_errors(measure: Measure, entries: list[ValueEntry]) -> dict[str, list[str]]:
    """Every entry's problems, keyed by its period's ISO date (empty when all can be saved)."""
    today = timezone.localdate()
    errors: dict[str, list[str]] = {}
    seen = set()
    for entry in entries:
        if entry.is_blank:
            problem = period_problem(measure.frequency, entry.period)
            problems = [problem] if problem else []
        else:
            problems = entry_problems(measure, entry, today=today)
        if entry.period in seen:
            problems.append("This period is given more than once.")
        seen.add(entry.period)
        if problems:
            errors[entry.period.isoformat()] = problems
    return errors


@transaction.atomic
def measure_values_save(
    *, measure: Measure, actor, entries: list[ValueEntry], expected_data_version: int | None = None
) -> ValuesSaved:
    """Save a set of periods' figures for one measure, all or nothing.

    A blank entry removes that period's value. Raises ValidationError keyed by each period's ISO date
    when any entry is wrong (nothing saved), and StaleEdit when `expected_data_version` is given and
    someone else saved this measure's data since.
    """
    require_area_write(actor, measure.area)
    raise_if_errors(_entry_errors(measure, entries))

    if expected_data_version is not None:
        # CORE-CANDIDATE: core.locking.claim_version for a field other than `version`: the grid
        # clashes on the measure's values (`data_version`), not on its definition.
        claimed = Measure.objects.filter(pk=measure.pk, data_version=expected_data_version).update(
            data_version=F("data_version") + 1
        )
        if not claimed:
            raise StaleEdit(measure)
    existing = {
        value.period_start: value
        for value in MeasureValue.objects.select_for_update().filter(
            measure=measure, period_start__in=[entry.period for entry in entries]
        )
    }
    result = ValuesSaved()
    for entry in entries:
        current = existing.get(entry.period)
        if entry.is_blank:
            if current is not None:
                delete_with_history(current, actor=actor)
                result.deleted += 1
            continue
        fields = {
            "value": entry_value(measure, entry),
            "numerator": entry.numerator if measure.is_proportion else None,
            "denominator": entry.denominator if measure.is_proportion else None,
            "note": entry.note.strip(),
        }
        if current is None:
            value = MeasureValue(
                area_id=measure.area_id, measure=measure, period_start=entry.period, recorded_by=actor, **fields
            )
            value.clean()  # the model's own rules (a count is whole), already met by entry_problems
            try:
                with transaction.atomic():
                    save_with_history(value, actor=actor)
            except IntegrityError:
                raise StaleEdit(measure) from None  # someone saved this period a moment ago
            result.created += 1
        elif any(getattr(current, name) != new for name, new in fields.items()):
            for name, new in fields.items():
                setattr(current, name, new)
            current.recorded_by = actor
            current.measure = measure
            current.clean()
            save_with_history(current, actor=actor)
            result.updated += 1
        else:
            result.unchanged += 1
    if expected_data_version is None and result.changed:
        _bump_data_version(measure)
    elif expected_data_version is not None:
        measure.data_version = expected_data_version + 1
    return result


@transaction.atomic
def shared_measure_save(
    *, actor, data: dict, shared: SharedMeasure | None = None, expected_version: int | None = None
) -> SharedMeasure:
    """CELCIS writes a programme-wide definition; every area's adoption takes the new wording."""
    require_celcis(actor)
    adoptions = list(Measure.objects.filter(shared=shared).select_for_update()) if shared else []
    values = MeasureValue.objects.filter(measure__in=adoptions)
    data = _check_definition(
        {**({f: getattr(shared, f) for f in DEFINITION_FIELDS} if shared else {}), **data},
        value_count=values.count() if adoptions else 0,
        current=shared,
        fractions=_fractions(values) if adoptions else 0,
    )
    name = data["name"].strip()
    if SharedMeasure.objects.filter(name__iexact=name).exclude(pk=shared.pk if shared else None).exists():
        raise ValidationError({"name": f"There is already a programme-wide measure called “{name}”."})
    adopting_areas = [m.area_id for m in adoptions]
    if Measure.objects.filter(area__in=adopting_areas, name__iexact=name).exclude(shared=shared).exists():
        raise ValidationError({"name": "An area that adopted this measure has its own measure with that name."})
    if shared is None:
        shared = SharedMeasure(**data)
        shared.name = name
        save_with_history(shared, actor=actor, validate=True, exclude=["version"])
        return shared
    for field_name, value in data.items():
        setattr(shared, field_name, value.strip() if isinstance(value, str) else value)
    shared.full_clean(exclude=["version"])
    save_versioned(shared, expected_version=expected_version, actor=actor)
    for measure in adoptions:
        changed = [f for f in DEFINITION_FIELDS if getattr(measure, f) != getattr(shared, f)]
        if not changed:
            continue
        for field_name in changed:
            setattr(measure, field_name, getattr(shared, field_name))
        # Locked above (select_for_update), so saving every field writes back only these changes.
        save_with_history(measure, actor=actor, reason="Programme-wide definition updated by CELCIS")
        _bump_data_version(measure)
    return shared


# --- CSV upload -------------------------------------------------------------------------------


def data_upload_create(*, area, actor, file, measure: Measure | None = None) -> DataUpload:
    """Keep an uploaded CSV file for its preview, after checking its type, size and encoding.

    Raises csv_import.FileProblem for a file that cannot be read at all; row-by-row problems are
    shown on the preview, and nothing is saved until every row is valid.
    """
    require_area_write(actor, area)
    if measure is not None and measure.area_id != area.pk:
        raise PermissionDenied
    name = file.name or "upload.csv"
    if not name.lower().endswith(".csv"):
        raise csv_import.FileProblem("Upload a .csv file (in Excel: File › Save as › “CSV UTF-8”).")
    content_type = (getattr(file, "content_type", "") or "").split(";")[0].strip().lower()
    if content_type not in csv_import.CSV_CONTENT_TYPES:
        raise csv_import.FileProblem(f"This file is {content_type or 'of an unknown type'}, not CSV text.")
    if file.size > csv_import.MAX_UPLOAD_BYTES:
        raise csv_import.FileProblem(
            f"The file is {file.size / 1024 / 1024:.1f} MB; files can be at most "
            f"{csv_import.MAX_UPLOAD_BYTES // 1024 // 1024} MB. Split it into smaller files."
        )
    text = csv_import.decode_upload(file.read(csv_import.MAX_UPLOAD_BYTES + 1))
    header, rows = csv_import.read_rows(text)
    if "measure" not in header and measure is None:
        raise csv_import.FileProblem(
            "The file has no measure column: add one, or choose the measure the whole file is for."
        )
    if not rows:
        raise csv_import.FileProblem("The file has a header but no rows of data.")
    upload = DataUpload(area=area, measure=measure, file_name=name[:255], content=text, uploaded_by=actor)
    save_with_history(upload, actor=actor)
    return upload


def data_upload_check(upload: DataUpload) -> csv_import.UploadCheck:
    """Check every row of an upload against the area's measures and what is already stored."""
    _, rows = csv_import.read_rows(upload.content)
    measures = list(Measure.objects.filter(area_id=upload.area_id))
    default = next((m for m in measures if m.pk == upload.measure_id), None)
    stored = csv_import.existing_values(
        MeasureValue.objects.filter(area_id=upload.area_id).values_list(
            "measure_id", "period_start", "value", "numerator", "denominator", "note"
        )
    )
    return csv_import.check_rows(
        rows, measures=measures, default_measure=default, existing=stored, today=timezone.localdate()
    )


class UploadNotValid(ValidationError):
    """Some rows have errors: nothing was saved. `check` says which."""

    def __init__(self, check):
        super().__init__("Some rows have errors, so nothing was saved.")
        self.check = check


@transaction.atomic
def data_upload_save(*, upload: DataUpload, actor) -> int:
    """Save every row of a checked upload, or none of them; returns the number of rows saved."""
    require_area_write(actor, upload.area)
    claimed = DataUpload.objects.filter(pk=upload.pk, status=UploadStatus.CHECKED).update(status=UploadStatus.SAVED)
    if not claimed:
        raise ValidationError("This file has already been saved.")
    check = data_upload_check(upload)
    if not check.is_valid:
        raise UploadNotValid(check)  # the transaction rolls back the claim too
    for measure, entries in check.entries_by_measure().values():
        measure_values_save(measure=measure, actor=actor, entries=entries)
    upload.status = UploadStatus.SAVED
    upload.saved_at = timezone.now()
    upload.saved_rows = len(check.rows)
    save_with_history(upload, actor=actor)
    return upload.saved_rows
