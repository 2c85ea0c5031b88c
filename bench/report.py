"""Benchmark: the national report for every programme area, built by real Celery workers through Redis.

Run from the project folder, against a PostgreSQL database with accepted returns (demo or seeded):

    .venv/bin/python bench/report.py --database-url postgres://postgres@127.0.0.1:5432/np_bench_demo
    .venv/bin/python bench/report.py --workers 1,2,4 --layout separate --builds 2

For each number of worker processes it starts Celery workers as the README's deployment section does
(debug off, the real settings, a Redis database of the benchmark's own, which it empties first), asks
for a new version of the national report of the latest quarter with accepted returns (as CELCIS, through
the same services as the Reports page) and waits for it to finish, sampling the memory of every
worker process from /proc. `--layout pool` runs one worker with `--concurrency N` (N prefork
processes); `--layout separate` runs N workers with one process each. The first build after the
workers start pays for imports and fonts; `--builds 2` shows a warm build too.

It reports, per build: wall time (queued to done, from the run's own timestamps), each area part's
time (median and slowest) and how many processes built parts at once (from `report_worker.py`'s
note of every task), the combining step's time, the peak RSS of any one worker process and the peak
total PSS of all of them, and the sizes of the PDF, XLSX and HTML outputs. The table is printed as
Markdown and kept as JSON in `bench/results/`. Nothing is asserted. The builds it makes stay in the
database as further versions of that quarter's report (drafts, never published).
"""

import argparse
import json
import os
import statistics
import sys
import threading
import time
from contextlib import ExitStack
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import harness  # noqa: E402

TIMEOUT = 1800
STAGES = (
    "build_report",
    "render_html",
    "render_pdf",
    "render_piece",
    "join_pieces",
    "render_xlsx",
)  # report_worker.py's
STEPS = ("combine_report", "render_report_piece", "join_report")  # the combining step's tasks


def arguments():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL") or harness.DEFAULT_DATABASE_URL)
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/8", help="a Redis database of its own")
    parser.add_argument("--workers", default="1,2,4", help="numbers of worker processes, e.g. 1,2,4")
    parser.add_argument("--layout", choices=("pool", "separate"), default="pool")
    parser.add_argument("--builds", type=int, default=2, help="builds per number of workers")
    parser.add_argument("--quarter", default="", help="e.g. 2026-27-q2 (default: latest with accepted returns)")
    return parser.parse_args()


def worker_commands(count: int, layout: str, tag: str) -> list[list[str]]:
    base = [str(harness.VENV_BIN / "python"), "-m", "celery", "-A", "bench.report_worker", "worker"]
    base += ["--loglevel=WARNING", "--pool=prefork"]
    if layout == "pool":
        return [[*base, f"--concurrency={count}", f"--hostname={tag}-pool@%h"]]
    return [[*base, "--concurrency=1", f"--hostname={tag}-{i}@%h"] for i in range(1, count + 1)]


def wait_for_workers(app, tag: str, nodes: int, processes) -> None:
    def ready():
        if any(p.poll() is not None for p in processes):
            raise SystemExit("a worker stopped while starting: see its log in bench/results/")
        replies = app.control.ping(timeout=1.0) or []
        return sum(1 for reply in replies for name in reply if name.startswith(tag)) >= nodes

    harness.wait_until(ready, timeout=120, interval=0.5, what=f"{nodes} worker(s) answering")


def sample_memory(roots: list[int], peaks: harness.MemoryPeaks, stop: threading.Event) -> None:
    while not stop.is_set():
        peaks.sample(roots)
        stop.wait(0.1)


def most_at_once(spans: list[tuple[float, float]]) -> int:
    """The largest number of the (start, end) spans that overlap at any moment."""
    events = sorted([(start, 1) for start, _ in spans] + [(end, -1) for _, end in spans])
    running = highest = 0
    for _, change in events:
        running += change
        highest = max(highest, running)
    return highest


def build_once(celcis, quarter, roots, task_log: Path) -> dict:
    """Ask for a new version of the national report, wait for it, and collect its figures."""
    from reports import services
    from reports.models import ReportFile, ReportRun, ReportScope

    run = services.report_run_request(actor=celcis, scope=ReportScope.NATIONAL, quarter=quarter)
    peaks, stop = harness.MemoryPeaks(), threading.Event()
    sampler = threading.Thread(target=sample_memory, args=(roots, peaks, stop))
    sampler.start()
    began = time.monotonic()
    try:
        services.report_run_queue(run)
        while time.monotonic() - began < TIMEOUT:
            run = ReportRun.objects.get(pk=run.pk)
            if run.is_finished:
                break
            time.sleep(0.2)
        else:
            raise SystemExit(f"report run {run.pk} did not finish within {TIMEOUT} s")
    finally:
        stop.set()
        sampler.join()
    # The run is marked done inside the combining task (or the task joining the PDF's pieces), a
    # moment before the worker notes that task.
    deadline = time.monotonic() + 30
    finished = run.finished_at.timestamp() if run.finished_at else 0
    while True:
        lines = [json.loads(line) for line in task_log.read_text().splitlines() if line.strip()]
        tasks = [t for t in lines if "task" in t and t["kwargs"].get("run_id") == run.pk and t["start"]]
        ends = [t["end"] for t in tasks if t["task"] in ("combine_report", "join_report") and t["result"] == "done"]
        if any(end >= finished - 0.5 for end in ends) or time.monotonic() > deadline:
            break
        time.sleep(0.2)
    parts = [t for t in tasks if t["task"] == "build_report_part"]
    combine = [t for t in tasks if t["task"] == "combine_report" and t["result"] == "done"]
    pieces = [t for t in tasks if t["task"] == "render_report_piece" and t["result"] == "rendered"]
    steps = [t for t in tasks if t["task"] in STEPS and t["result"] in ("done", "rendered")]
    stages = {}
    for step in steps:  # the combining step's stages, in whichever process ran them
        for line in lines:
            if "stage" in line and line["pid"] == step["pid"] and step["start"] <= line["start"] <= step["end"]:
                stages[line["stage"]] = stages.get(line["stage"], 0) + line["end"] - line["start"]
    part_times = sorted(t["end"] - t["start"] for t in parts)
    files = {f.kind: f.size for f in ReportFile.objects.filter(run=run)}
    return {
        "run": run.pk,
        "version": run.number,
        "status": run.status,
        "error": run.error,
        "wall": (run.finished_at - run.queued_at).total_seconds(),
        "to_start": (run.started_at - run.queued_at).total_seconds() if run.started_at else None,
        "parts": len(parts),
        "part_median": statistics.median(part_times) if part_times else None,
        "part_max": part_times[-1] if part_times else None,
        "part_sum": sum(part_times),
        "parts_phase": (max(t["end"] for t in parts) - min(t["start"] for t in parts)) if parts else None,
        "part_processes": len({t["pid"] for t in parts}),
        "parts_at_once": most_at_once([(t["start"], t["end"]) for t in parts]),
        # From the combining task's start to the end of the last of its tasks (pieces, join).
        "combine": (max(t["end"] for t in steps) - combine[0]["start"]) if combine else None,
        "pieces": len(pieces),
        "piece_processes": len({t["pid"] for t in pieces}),
        "pieces_at_once": most_at_once([(t["start"], t["end"]) for t in pieces]),
        "piece_max": max((t["end"] - t["start"] for t in pieces), default=None),
        "combine_pid": combine[0]["pid"] if combine else None,
        "combine_stages": stages,
        "peak_process_rss_mb": peaks.process_rss,
        "peak_total_pss_mb": peaks.total_pss,
        "processes": peaks.processes,
        "files": files,
    }


def main():
    args = arguments()
    counts = [int(n) for n in args.workers.split(",") if n.strip()]
    stamp = datetime.now(tz=UTC).strftime("%Y%m%d-%H%M%S")
    name = harness.database_name(args.database_url)
    env = harness.portal_env(database_url=args.database_url, redis_url=args.redis_url)
    os.environ.update(env)
    import django

    django.setup()
    import redis
    from django.db.models import Max

    from areas.models import LocalArea, Membership, Role, User
    from core.quarters import Quarter, parse_slug
    from neglect_portal.celery import app
    from reports.models import QuarterlyReturn, ReturnStatus

    if args.quarter:
        quarter = parse_slug(args.quarter)
    else:
        latest = QuarterlyReturn.objects.filter(status=ReturnStatus.ACCEPTED).aggregate(q=Max("quarter_start"))["q"]
        if latest is None:
            raise SystemExit("No accepted returns in this database: load the demo data (seed_demo) first.")
        quarter = Quarter.of(latest)
    celcis = User.objects.filter(username="celcis").first() or User.objects.get(
        pk=Membership.objects.active().filter(role=Role.CELCIS).values_list("user_id", flat=True).first()
    )
    areas = LocalArea.objects.in_programme().count()
    accepted = QuarterlyReturn.objects.filter(status=ReturnStatus.ACCEPTED, quarter_start=quarter.start).count()
    print(harness.machine())
    print(f"Database {name}: national report {quarter} for {areas} programme areas ({accepted} accepted returns)")
    # The benchmark's own Redis database: nothing else queues there, and nothing left from an
    # interrupted run must be picked up by these workers.
    redis.Redis.from_url(args.redis_url).flushdb()

    results = []
    for count in counts:
        tag = f"bench-{stamp}-{count}"
        task_log = harness.RESULTS / f"report-tasks-{name}-{stamp}-{count}.jsonl"
        harness.RESULTS.mkdir(parents=True, exist_ok=True)
        task_log.touch()
        worker_env = env | {"BENCH_TASK_LOG": str(task_log)}
        commands = worker_commands(count, args.layout, tag)
        with ExitStack() as stack:
            processes = [
                stack.enter_context(
                    harness.process_group(
                        command,
                        env=worker_env,
                        log_path=harness.RESULTS / f"report-worker-{name}-{stamp}-{count}-{i}.log",
                        name=f"worker {i}",
                    )
                )
                for i, command in enumerate(commands)
            ]
            wait_for_workers(app, tag, len(commands), processes)
            for build in range(1, args.builds + 1):
                result = build_once(celcis, quarter, [p.pid for p in processes], task_log)
                result |= {"workers": count, "layout": args.layout, "build": build}
                results.append(result)
                print(
                    f"  {count} process(es), build {build}: {result['status']} in {result['wall']:.1f} s; "
                    f"{result['parts']} parts (median {result['part_median'] or 0:.2f} s) on "
                    f"{result['part_processes']} process(es), up to {result['parts_at_once']} at once; "
                    f"combine {result['combine'] or 0:.1f} s; peak RSS {result['peak_process_rss_mb']:.0f} MB"
                    + (f"; error: {result['error']}" if result["error"] else ""),
                    flush=True,
                )
    report(args, name, quarter, areas, results, stamp)


def report(args, name, quarter, areas, results, stamp):
    def seconds(value):
        return "–" if value is None else f"{value:.1f}"

    def kilobytes(files, kind):
        return f"{files[kind] / 1024:.0f}" if kind in files else "–"

    rows = [
        [
            str(r["workers"]),
            "first" if r["build"] == 1 else "warm",
            seconds(r["wall"]),
            str(r["parts"]),
            f"{r['part_median']:.2f}" if r["part_median"] is not None else "–",
            f"{r['part_max']:.2f}" if r["part_max"] is not None else "–",
            seconds(r["parts_phase"]),
            f"{r['part_processes']} / {r['parts_at_once']}",
            seconds(r["combine"]),
            f"{r['pieces']} on {r['piece_processes']} / {r['pieces_at_once']}, {seconds(r['piece_max'])}"
            if r.get("pieces")
            else "–",
            " / ".join(seconds(r["combine_stages"].get(stage)) for stage in STAGES),
            f"{r['peak_process_rss_mb']:.0f}",
            f"{r['peak_total_pss_mb']:.0f}",
            kilobytes(r["files"], "pdf"),
            kilobytes(r["files"], "xlsx"),
            kilobytes(r["files"], "html"),
        ]
        for r in results
    ]
    headers = [
        "processes",
        "build",
        "wall s",
        "parts",
        "part median s",
        "part max s",
        "parts phase s",
        "processes used / at once",
        "combine s (to the join's end)",
        "PDF pieces: on processes / at once, slowest s",
        "of which report / HTML / PDF whole / pieces / join / XLSX s (summed over processes)",
        "peak RSS MB (one process)",
        "peak PSS MB (all)",
        "PDF KB",
        "XLSX KB",
        "HTML KB",
    ]
    print()
    print(harness.machine())
    print(f"Database {name}: national report {quarter}, {areas} areas, layout {args.layout}")
    print(harness.markdown_table(headers, rows, right=set(range(2, len(headers)))))
    out = harness.RESULTS / f"report-{name}-{stamp}.json"
    out.write_text(json.dumps({"machine": harness.machine(), "args": vars(args), "results": results}, indent=1))
    print(f"Kept as {out.relative_to(harness.ROOT)}")


if __name__ == "__main__":
    main()
