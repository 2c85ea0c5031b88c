"""The project keeps one way to do each thing (issue: a `core/` app for the shared plumbing).

These tests read the source, so a second copy of a shared helper, an over-long module or two view
classes with the same name fail the suite instead of growing back unnoticed.
"""

import ast
import re
from pathlib import Path

from django.urls import URLPattern, URLResolver, get_resolver

ROOT = Path(__file__).resolve().parents[2]
SKIPPED = {".venv", "node_modules", "tests", "migrations", "staticfiles", ".git", "bench"}


def _python_files():
    for path in ROOT.rglob("*.py"):
        if not SKIPPED & set(path.relative_to(ROOT).parts):
            yield path


def _templates():
    return (ROOT / "templates").rglob("*.html")


def _definitions(pattern: str) -> list[str]:
    found = []
    for path in _python_files():
        for number, line in enumerate(path.read_text().splitlines(), 1):
            if re.search(pattern, line):
                found.append(f"{path.relative_to(ROOT)}:{number}")
    return found


def test_each_shared_helper_is_defined_once():
    for pattern in (
        r"^PAGE_SIZE\s*=",
        r"def _?require_(area_)?(edit|write)\b",
        r"def _?save_with_history\b",
        r"def stale_message\b",
        r"def apply_errors\b",
        r"class StaleEdit\b",
        r"class Quarter\b",
    ):
        assert len(_definitions(pattern)) == 1, f"{pattern}: {_definitions(pattern)}"


def test_history_user_is_set_only_by_the_shared_save():
    assert _definitions(r"\._history_user\s*=") == _definitions(r"instance\._history_user = actor")


def test_one_error_summary_and_one_filter_form_template():
    summaries = [p for p in _templates() if 'id="error-summary"' in p.read_text()]
    filters = [p for p in _templates() if 'aria-label="Filter' in p.read_text()]
    assert [p.name for p in summaries] == ["_error_summary.html"]
    assert [p.name for p in filters] == ["_filter_form.html"]


def test_no_module_over_500_lines_and_no_function_over_80():
    too_long = []
    for path in _python_files():
        text = path.read_text()
        if len(text.splitlines()) > 500:
            too_long.append(f"{path.relative_to(ROOT)}: {len(text.splitlines())} lines")
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.end_lineno - node.lineno >= 80:
                too_long.append(f"{path.relative_to(ROOT)}:{node.lineno} {node.name}()")
    assert not too_long, too_long


def _view_classes(patterns):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _view_classes(pattern.url_patterns)
        elif isinstance(pattern, URLPattern):
            view_class = getattr(pattern.callback, "view_class", None)
            if view_class is not None and not view_class.__module__.startswith("django."):
                yield view_class


def test_no_two_view_classes_share_a_name():
    by_name = {}
    for view_class in _view_classes(get_resolver().url_patterns):
        by_name.setdefault(view_class.__name__, set()).add(f"{view_class.__module__}.{view_class.__qualname__}")
    clashes = {name: sorted(paths) for name, paths in by_name.items() if len(paths) > 1}
    assert not clashes, clashes


def test_every_app_of_ours_runs_its_own_config_class():
    """An apps module with two AppConfig classes silently falls back to Django's plain one (whose
    ready() registers nothing) unless INSTALLED_APPS names the class."""
    from django.apps import AppConfig, apps

    ours = [config for config in apps.get_app_configs() if (ROOT / config.name).is_dir()]
    assert ours and all(type(config) is not AppConfig for config in ours), [c.name for c in ours]
