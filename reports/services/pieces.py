"""The national report's PDF in pieces, rendered by several Celery tasks at once.

The combining step (`runs.report_combine` with `spread=True`) queues one task per piece of the PDF
(`reports.builder.plan`) and meanwhile makes the HTML page and the XLSX annex. Each keeps what it
made in a staging folder of its own; the last of them to finish queues the join, exactly once (the
run's row is locked while the folder is looked at and marked), and the join saves the three outputs
in the same transaction that finishes the run (`runs._save_outputs`). Nothing staged is ever shown;
it is deleted once the run is finished or has failed.
"""

from __future__ import annotations

import json
import secrets
from datetime import datetime

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone

from ..models import KeyMessages, ReportPart, ReportRun, RunStatus
from .runs import _NotRunning, _save_outputs


def _staging(run_id: int, token: str) -> str:
    return f"reports/staging/{run_id}-{token}"


def _staged_names(run_id: int, token: str, count: int) -> list[str]:
    folder = _staging(run_id, token)
    names = [f"{folder}-piece-{i}.{ext}" for i in range(count) for ext in ("pdf", "json")]
    return names + [f"{folder}-annex.html", f"{folder}-annex.xlsx", f"{folder}-annex.json", f"{folder}-join"]


def _put(name: str, content: bytes) -> None:
    # Written again by a redelivered task: the same name, the same content.
    if default_storage.exists(name):
        default_storage.delete(name)
    default_storage.save(name, ContentFile(content))


def _read(name: str) -> bytes:
    with default_storage.open(name, "rb") as handle:
        return handle.read()


def spread_pdf(run: ReportRun, parts, key_messages) -> bool:
    """Queue the PDF's pieces and stage the HTML and XLSX; False when the PDF is too small to cut."""
    from .. import builder
    from ..tasks import render_report_piece

    generated = timezone.now()
    report = builder.build_report(run, [part.data for part in parts], key_messages, generated_at=generated)
    count = len(builder.plan(report))
    if count < 2:
        return False
    token = secrets.token_hex(8)
    job = {"run_id": run.pk, "token": token, "count": count, "generated_at": generated.isoformat()}
    for index in range(count):
        render_report_piece.apply_async(kwargs=job | {"index": index})
    folder = _staging(run.pk, token)
    _put(f"{folder}-annex.html", builder.render_html(report).encode())
    _put(f"{folder}-annex.xlsx", builder.render_xlsx(report))
    _put(f"{folder}-annex.json", b"{}")
    _join_when_staged(**job)
    return True


def _report_for(run_id: int, generated_at: str):
    """The running run's report, as the combining step built it (None once the run is not running)."""
    from .. import builder

    run = ReportRun.objects.select_related("area").filter(pk=run_id, status=RunStatus.RUNNING).first()
    if run is None:
        return None, None, []
    parts = list(ReportPart.objects.filter(run=run).select_related("area").order_by("area__name"))
    key_messages = KeyMessages.objects.filter(run=run).first()
    when = datetime.fromisoformat(generated_at)
    return run, builder.build_report(run, [part.data for part in parts], key_messages, generated_at=when), parts


def report_piece_render(run_id: int, token: str, index: int, count: int, generated_at: str) -> None:
    """Render one piece of a running run's PDF into its staging folder (the last to finish, of the
    pieces and the HTML and XLSX, queues the join)."""
    from .. import builder

    run, report, _ = _report_for(run_id, generated_at)
    if run is None:
        report_staging_discard(run_id, token, count)
        return
    pdf, meta = builder.render_piece(report, index, count)
    folder = _staging(run_id, token)
    _put(f"{folder}-piece-{index}.pdf", pdf)
    _put(f"{folder}-piece-{index}.json", json.dumps(meta).encode())
    _join_when_staged(run_id=run_id, token=token, count=count, generated_at=generated_at)


def _join_when_staged(*, run_id: int, token: str, count: int, generated_at: str) -> None:
    """Queue the join once everything is staged: exactly once, as the run's row is locked while the
    staging folder is looked at and marked."""
    from ..tasks import join_report

    names = _staged_names(run_id, token, count)
    with transaction.atomic():
        if not list(ReportRun.objects.select_for_update().filter(pk=run_id, status=RunStatus.RUNNING).values("pk")):
            running = False
        else:
            running = True
            if not all(default_storage.exists(name) for name in names[:-1]) or default_storage.exists(names[-1]):
                return
            _put(names[-1], b"")
    if not running:  # failed or finished meanwhile: nothing staged is wanted
        report_staging_discard(run_id, token, count)
        return
    join_report.apply_async(kwargs={"run_id": run_id, "token": token, "count": count, "generated_at": generated_at})


def report_join(run_id: int, token: str, count: int, generated_at: str) -> bool:
    """Join the staged pieces into the PDF and save the three outputs, finishing the run (once: a
    second join finds the run done and only tidies up)."""
    from .. import builder

    run, report, parts = _report_for(run_id, generated_at)
    if run is None:
        report_staging_discard(run_id, token, count)
        return False
    folder = _staging(run_id, token)
    pieces = [(_read(f"{folder}-piece-{i}.pdf"), json.loads(_read(f"{folder}-piece-{i}.json"))) for i in range(count)]
    outputs = {
        "html": _read(f"{folder}-annex.html"),
        "pdf": builder.join_pieces(report, pieces),
        "xlsx": _read(f"{folder}-annex.xlsx"),
    }
    try:
        _save_outputs(run, outputs, len(parts), finishing=True)
    except _NotRunning:  # a second join: the first finished the run
        report_staging_discard(run_id, token, count)
        return False
    # On any other failure the staged files stay for a retry; the task discards them once it gives up.
    report_staging_discard(run_id, token, count)
    return True


def report_staging_discard(run_id: int, token: str, count: int) -> None:
    """Delete whatever a run's pieces staged (none of it is ever shown)."""
    for name in _staged_names(run_id, token, count):
        if default_storage.exists(name):
            default_storage.delete(name)
