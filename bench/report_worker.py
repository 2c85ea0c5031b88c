"""The portal's Celery application, plus a note of when and where each task ran, for `report.py`.

Started as `celery -A bench.report_worker worker ...`: the same app, settings and tasks as
`-A neglect_portal`, with two signal handlers that append one JSON line per finished task (its
name, arguments, process id, start and end) to the file named by `BENCH_TASK_LOG`. The portal keeps
no result backend, so this is how the benchmark learns each area part's time and which worker
process built it. The combining step's stages (gathering the report from its parts, then the HTML,
the PDF and the XLSX) are timed too: `reports.builder` looks its renderers up at call time, so each
is wrapped, unchanged, in a timer that notes one line per call.
"""

import json
import os
import time

from celery.signals import task_postrun, task_prerun

from neglect_portal.celery import app

__all__ = ["app"]

_started: dict[str, float] = {}
STAGES = ("build_report", "render_html", "render_pdf", "render_piece", "join_pieces", "render_xlsx")


def _note(line: dict) -> None:
    # One short line per write on a file opened for appending: lines from several processes do not mix.
    with open(os.environ["BENCH_TASK_LOG"], "a") as handle:
        handle.write(json.dumps(line) + "\n")


def _timed(name, function):
    def timed(*args, **kwargs):
        start = time.time()
        try:
            return function(*args, **kwargs)
        finally:
            _note({"stage": name, "pid": os.getpid(), "start": start, "end": time.time()})

    timed.bench_timed = True
    return timed


def _time_the_stages() -> None:
    """Wrap the combining step's stages in timers (once per process; Django is set up by now)."""
    from reports import builder

    for name in STAGES:
        function = getattr(builder, name)
        if not getattr(function, "bench_timed", False):
            setattr(builder, name, _timed(name, function))


@task_prerun.connect
def _note_start(task_id=None, **_):
    _time_the_stages()
    _started[task_id] = time.time()


@task_postrun.connect
def _note_end(task_id=None, task=None, kwargs=None, retval=None, state=None, **_):
    _note(
        {
            "task": task.name.rsplit(".", 1)[-1] if task else "",
            "kwargs": kwargs or {},
            "pid": os.getpid(),
            "start": _started.pop(task_id, None),
            "end": time.time(),
            "result": retval if isinstance(retval, str | int | None) else repr(retval),
            "state": state,
        }
    )
