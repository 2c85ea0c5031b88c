"""One date style everywhere (issue 15): "26 Nov 2026", "Jul 2025", "26 Nov 2026, 14:02".

The rule lives in `core/dates.py`. These tests read the code and the templates, so code that writes
a date its own way ("2025-07", "July 2025", "06 Jan 2025", "2:02 p.m.") fails here instead of
reaching a reader. Rendered pages are checked in test_dates_on_pages.py.
"""

import ast
import re
from datetime import date, datetime, time
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.template import Context, Template
from django.utils.formats import date_format

from core import dates

ROOT = Path(__file__).resolve().parents[2]
SKIPPED = {".venv", "node_modules", "tests", "migrations", "staticfiles", ".git", "bench"}
HELPER = ROOT / "core" / "dates.py"

# Formats people type and browsers send (form inputs, CSV uploads): parsed, never shown.
INPUT_FORMATS = {"%Y-%m-%d", "%d/%m/%Y", "%d/%m/%y", "%H:%M"}
DATE_DIRECTIVE = re.compile(r"%-?[aAbBdHIMpYyjme]")
# Calls that format a date for a reader in some other way than core.dates.
FORMATTING_CALLS = {"strftime", "date_format", "time_format", "DateFormatter"}


def _python_files():
    for path in sorted(ROOT.rglob("*.py")):
        parts = path.relative_to(ROOT).parts
        if not SKIPPED & set(parts) and path != HELPER:
            yield path


def _docstrings(tree) -> set[int]:
    found = set()
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        first = body[0] if isinstance(body, list) and body else None
        if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant) and isinstance(first.value.value, str):
            found.add(id(first.value))
    return found


def date_formatting_in(source: str) -> list[tuple[int, str]]:
    """(line, what) for each place the source formats a date itself instead of through core.dates."""
    tree = ast.parse(source)
    skip = _docstrings(tree)
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.FormattedValue) and node.format_spec is not None:
            spec = ast.unparse(node.format_spec)
            if "%" in spec:
                found.append((node.lineno, f"format spec {spec}"))
            for part in ast.walk(node.format_spec):
                skip.add(id(part))
        elif isinstance(node, ast.Call):
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            if name in FORMATTING_CALLS or (
                name == "format" and isinstance(func, ast.Attribute) and getattr(func.value, "id", "") == "dateformat"
            ):
                found.append((node.lineno, f"{name}()"))
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Constant) and isinstance(node.value, str)) or id(node) in skip:
            continue
        if DATE_DIRECTIVE.search(node.value) and node.value not in INPUT_FORMATS:
            found.append((node.lineno, repr(node.value)))
    return sorted(found)


def _by_top_folder(paths) -> dict[str, list[Path]]:
    groups: dict[str, list[Path]] = {}
    for path in paths:
        groups.setdefault(path.relative_to(ROOT).parts[0], []).append(path)
    return groups


PYTHON = _by_top_folder(_python_files())


@pytest.mark.parametrize("folder", sorted(PYTHON))
def test_python_formats_dates_only_through_core_dates(folder):
    offenders = [
        f"{path.relative_to(ROOT)}:{line} {what}"
        for path in PYTHON[folder]
        for line, what in date_formatting_in(path.read_text())
    ]
    assert not offenders, "Use core.dates (day_label, month_label, datetime_label, time_label):\n" + "\n".join(
        offenders
    )


# `|date` with no argument is the project's DATE_FORMAT ("26 Nov 2026", held equal to day_label
# below); anything else comes from core's `dates` filters.
TEMPLATE_OFFENCES = re.compile(
    r"\|\s*date\s*:|\|\s*time\b|\|\s*(naturalday|naturaltime)\b|\{%\s*now\s|\.isoformat\b|\.strftime\b"
)


def date_formatting_in_template(text: str) -> list[tuple[int, str]]:
    return [
        (number, match.group(0))
        for number, line in enumerate(text.splitlines(), 1)
        for match in TEMPLATE_OFFENCES.finditer(line)
    ]


def _template_groups() -> dict[str, list[Path]]:
    """Templates by their folder under templates/ ("(top)" for base.html and its neighbours)."""
    groups: dict[str, list[Path]] = {}
    for path in sorted((ROOT / "templates").rglob("*")):
        if path.suffix in (".html", ".txt") and path.is_file():
            parts = path.relative_to(ROOT / "templates").parts
            groups.setdefault(parts[0] if len(parts) > 1 else "(top)", []).append(path)
    return groups


TEMPLATES = _template_groups()


@pytest.mark.parametrize("folder", sorted(TEMPLATES))
def test_templates_format_dates_only_through_the_shared_filters(folder):
    offenders = [
        f"{path.relative_to(ROOT)}:{line} {what}"
        for path in TEMPLATES[folder]
        for line, what in date_formatting_in_template(path.read_text())
    ]
    assert not offenders, "Use |date (a day) or {% load dates %} |month, |date_time, |time_of_day:\n" + "\n".join(
        offenders
    )


# --- The checks themselves catch what they are meant to ------------------------------------------


def test_the_code_check_catches_each_way_of_writing_a_date_by_hand():
    source = """
from django.utils.formats import date_format
a = f"{day:%d %b %Y}"
b = day.strftime("%B %Y")
c = date_format(day, "j M Y")
d = "held on {obj.held_on:%-d %b %Y}"
e = mdates.DateFormatter("%Y-%m")
f = "%(count)d items"
g = forms.DateInput(format="%Y-%m-%d")
"""
    lines = [line for line, _what in date_formatting_in(source)]
    assert lines == [3, 4, 4, 5, 6, 7, 7]


def test_the_template_check_catches_formats_other_than_the_shared_ones():
    text = '{{ a|date }}\n{{ b|date:"Y-m" }}\n{{ c|time:"H:i" }}\n{{ d|month }}\n{{ e.isoformat }}\n{% now "Y" %}'
    assert [line for line, _what in date_formatting_in_template(text)] == [2, 3, 5, 6]


# --- The rule ------------------------------------------------------------------------------------


def test_the_rule_writes_days_months_and_moments_the_uk_way():
    assert dates.day_label(date(2025, 1, 6)) == "6 Jan 2025"
    assert dates.day_label(date(2026, 9, 26)) == "26 Sep 2026"
    assert dates.month_label(date(2025, 7, 14)) == "Jul 2025"
    assert dates.time_label(time(9, 5)) == "09:05"
    summer = datetime(2026, 6, 30, 23, 30, tzinfo=ZoneInfo("UTC"))  # 00:30 on 1 Jul in UK time
    assert dates.datetime_label(summer) == "1 Jul 2026, 00:30"
    assert dates.day_label(summer) == "1 Jul 2026"
    assert dates.weekday_label(date(2025, 1, 6)) == "Monday"
    assert dates.axis_label(date(2025, 7, 1)) == "Jul 2025"
    assert dates.axis_label(date(2025, 1, 6)) == "6 Jan 2025"


@pytest.mark.parametrize("day", [date(2025, 1, 6), date(2026, 5, 1), date(2026, 9, 30), date(2026, 11, 26)])
def test_djangos_own_date_filter_writes_a_day_as_the_rule_does(day):
    """Templates write a day with plain `|date` (the locale's DATE_FORMAT); it must match core.dates."""
    assert date_format(day) == dates.day_label(day)
    assert Template("{{ day|date }}").render(Context({"day": day})) == dates.day_label(day)


def test_the_shared_filters_follow_the_rule_and_leave_empty_values_empty():
    moment = datetime(2026, 11, 26, 14, 2, tzinfo=ZoneInfo("Europe/London"))
    rendered = Template(
        "{% load dates %}{{ moment|month }}|{{ moment|date_time }}|{{ moment|time_of_day }}|{{ nothing|date_time }}"
    ).render(Context({"moment": moment, "nothing": None}))
    assert rendered == "Nov 2026|26 Nov 2026, 14:02|14:02|"
