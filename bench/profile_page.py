"""Where one page's time goes: its SQL (count, time, the statements repeated most) and a profile.

Run from the project folder, against the database `pages.py` measured:

    .venv/bin/python bench/profile_page.py /areas/dundee/ --user celcis
    .venv/bin/python bench/profile_page.py /community/examples/ --user cop-member --repeat 10 --top 30

The page is requested in-process through Django's test client with the production settings (debug
off, the Redis cache), signed in with `force_login` (a session row in that database). The first
request warms the cache; then one request is captured query by query (statements are grouped with
their numbers and strings blanked, so an N+1 shows as one statement run N times), and `--repeat`
requests are profiled with cProfile: the functions of the portal's own code (and templates) that
take the most time, cumulative and own. Nothing is changed; nothing is asserted.
"""

import argparse
import cProfile
import io
import os
import pstats
import re
import sys
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import harness  # noqa: E402


def arguments():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("path", help="the page, e.g. /areas/dundee/")
    parser.add_argument("--user", default="celcis", help="user name to sign in as")
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL") or harness.DEFAULT_DATABASE_URL)
    parser.add_argument("--redis-url", default=harness.DEFAULT_REDIS_URL)
    parser.add_argument("--repeat", type=int, default=5, help="requests to profile")
    parser.add_argument("--top", type=int, default=25, help="rows of each listing")
    return parser.parse_args()


def shape(sql: str) -> str:
    """The statement with its values blanked, so repeats of one query group together."""
    sql = re.sub(r"'(?:[^']|'')*'", "'…'", sql)
    sql = re.sub(r"\b\d+(\.\d+)?\b", "N", sql)
    sql = re.sub(r"IN \((?:N|'…')(?:, (?:N|'…'))*\)", "IN (…)", sql)
    return re.sub(r"\s+", " ", sql).strip()


def main():
    args = arguments()
    os.environ.update(harness.portal_env(database_url=args.database_url, redis_url=args.redis_url))
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from areas.models import User

    client = Client(HTTP_HOST=harness.HOST, HTTP_X_FORWARDED_PROTO="https", HTTP_X_FORWARDED_FOR="198.51.100.20")
    client.force_login(User.objects.get(username=args.user))
    first = time.perf_counter()
    response = client.get(args.path)
    took = time.perf_counter() - first
    print(f"{args.path} as {args.user}: {response.status_code}, first request {1000 * took:.0f} ms")
    if response.status_code != 200:
        raise SystemExit(f"expected 200, got {response.status_code} {response.get('Location', '')}")

    with CaptureQueriesContext(connection) as captured:
        began = time.perf_counter()
        client.get(args.path)
        took = time.perf_counter() - began
    queries = captured.captured_queries
    sql_seconds = sum(float(q["time"]) for q in queries)
    print(f"Warm request: {1000 * took:.0f} ms, {len(queries)} queries taking {1000 * sql_seconds:.0f} ms")
    groups: dict[str, list[float]] = defaultdict(list)
    for query in queries:
        groups[shape(query["sql"])].append(float(query["time"]))
    print(f"\nStatements by total time (top {args.top}): runs, ms, statement")
    for sql, times in sorted(groups.items(), key=lambda item: -sum(item[1]))[: args.top]:
        print(f"  {len(times):4d} {1000 * sum(times):7.1f}  {sql[:220]}")

    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(args.repeat):
        client.get(args.path)
    profiler.disable()
    root = str(harness.ROOT)
    for order in ("cumulative", "tottime"):
        out = io.StringIO()
        stats = pstats.Stats(profiler, stream=out)
        stats.sort_stats(order)
        # The portal's own code, not the virtualenv's libraries (their time shows in the callers).
        stats.print_stats(rf"^{re.escape(root)}/(?!\.venv)", args.top)
        lines = [line for line in out.getvalue().splitlines() if line.strip()]
        start = next((i for i, line in enumerate(lines) if line.strip().startswith("ncalls")), 0)
        print(f"\nThe portal's functions by {order} time over {args.repeat} requests (seconds):")
        print("\n".join(line.replace(root + "/", "") for line in lines[start:]))
    if args.repeat:
        out = io.StringIO()
        stats = pstats.Stats(profiler, stream=out)
        stats.sort_stats("tottime").print_stats(12)
        lines = [line for line in out.getvalue().splitlines() if line.strip()]
        start = next((i for i, line in enumerate(lines) if line.strip().startswith("ncalls")), 0)
        print(f"\nAll functions by own time over {args.repeat} requests:")
        print("\n".join(lines[start:]))


if __name__ == "__main__":
    main()
