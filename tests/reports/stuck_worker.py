"""A Celery worker whose area parts never finish, for the killed-worker test (tests/reports/test_worker_killed.py).

Run as `python -m tests.reports.stuck_worker MARKER`: the worker starts as `celery worker` does, but
building an area's part writes MARKER and then waits, so the test knows a build is under way and
kills the worker in the middle of it.
"""

import os
import sys
import time
from pathlib import Path

import django


def main(marker: str) -> None:
    django.setup()
    from reports import builder

    def stuck(run, area):
        Path(marker).write_text(f"{os.getpid()} building {area.slug}\n")
        time.sleep(3600)

    builder.area_part = stuck  # reports.services.runs imports it at call time, in the forked child
    from neglect_portal.celery import app

    app.worker_main(
        ["worker", "--pool=prefork", "--concurrency=1", "--without-gossip", "--without-mingle", "--loglevel=WARNING"]
    )


if __name__ == "__main__":
    main(sys.argv[1])
