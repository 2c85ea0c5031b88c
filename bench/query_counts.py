"""How many SQL queries each measured page makes, in one database or two side by side.

    .venv/bin/python bench/query_counts.py postgres://postgres@127.0.0.1:5432/np_bench_demo \\
        postgres://postgres@127.0.0.1:5432/np_bench_scale [--user celcis] [--pages REGEX]

For every page `pages.py` measures (`page_targets.py`: the heaviest record of each kind, in each
database's heaviest area), one warm request through Django's test client with the production
settings, signed in with `force_login` (a session row in that database): the number of queries and
their time. With two databases, the pages whose query count differs are marked: issue 17 asks that
query counts do not grow from demo scale to 32 areas × 5 years. Each database is read in its own
process (Django connects to one database per process).
"""

import argparse
import json
import os
import re
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import harness  # noqa: E402


def count_in_this_process(database_url: str, user: str, pages: str) -> list[dict]:
    os.environ.update(harness.portal_env(database_url=database_url, redis_url=harness.DEFAULT_REDIS_URL))
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from areas.models import User
    from bench import page_targets

    client = Client(HTTP_HOST=harness.HOST, HTTP_X_FORWARDED_PROTO="https", HTTP_X_FORWARDED_FOR="198.51.100.20")
    client.force_login(User.objects.get(username=user))
    role = {"celcis": "celcis", "viewer": "viewer", "cop-member": "community"}.get(user, "lead")
    pattern = re.compile(pages) if pages else None
    counted = []
    for page in page_targets.all_pages(page_targets.heaviest_area()):
        if page.records or role not in page.readers or (pattern and not pattern.search(page.name)):
            continue
        client.get(page.path)  # warms the cache, as every later visitor finds it
        with CaptureQueriesContext(connection) as captured:
            status = client.get(page.path).status_code
        sql_ms = 1000 * sum(float(q["time"]) for q in captured.captured_queries)
        counted.append(
            {"page": page.name, "path": page.path, "status": status, "queries": len(captured), "sql_ms": sql_ms}
        )
    return counted


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("databases", nargs="+", help="one or two database URLs")
    parser.add_argument("--user", default="celcis")
    parser.add_argument("--pages", default="", help="regular expression on page names")
    parser.add_argument("--json", action="store_true", help=argparse.SUPPRESS)  # one database, for the parent
    args = parser.parse_args()
    if args.json:
        print(json.dumps(count_in_this_process(args.databases[0], args.user, args.pages)))
        return
    runs = []
    for url in args.databases:
        command = [sys.executable, __file__, url, "--user", args.user, "--pages", args.pages, "--json"]
        done = subprocess.run(command, capture_output=True, text=True, check=True)  # noqa: S603
        runs.append({row["page"]: row for row in json.loads(done.stdout.strip().splitlines()[-1])})
    names = [harness.database_name(url) for url in args.databases]
    rows, grew = [], 0
    for page in runs[-1]:
        cells = [page]
        counts = []
        for run in runs:
            row = run.get(page)
            cells += [str(row["queries"]) if row else "–", f"{row['sql_ms']:.0f}" if row else "–"]
            counts.append(row["queries"] if row else None)
        changed = len(counts) == 2 and None not in counts and counts[0] != counts[1]
        grew += changed
        cells.append(f"{counts[1] - counts[0]:+d}" if changed else "")
        rows.append(cells)
    headers = ["page"]
    for name in names:
        headers += [f"{name} queries", "SQL ms"]
    headers.append("change")
    print(f"Signed in as {args.user}; one warm request per page")
    print(harness.markdown_table(headers, rows))
    if len(runs) == 2:
        print(f"\nPages whose query count differs: {grew} of {len(rows)}")


if __name__ == "__main__":
    main()
