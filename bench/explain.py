"""Every list filter and national page, its SQL explained by PostgreSQL (issue 17: "indexes checked
with EXPLAIN on PostgreSQL for every list filter and national aggregation").

Run from the project folder:

    .venv/bin/python bench/explain.py                                   # np_bench_scale, every page
    .venv/bin/python bench/explain.py --only national --only history
    .venv/bin/python bench/explain.py --compare bench/results/explain-np_bench_scale-20261202-1230.json

The pages are those `pages.py` measures (`page_targets.all_pages`, the heaviest area and records),
each requested in-process with Django's test client and the production settings (debug off), signed
in as CELCIS with `force_login`. A page with a filter form above its list (`filter_form`, a search
form, the national pages' `form`) is requested again once per filter: every choice of a choice field,
the first record of a record field, a date for a date field, a word that exists for a text search;
and on its last page when it is paginated. Django's cache is the local-memory one, cleared before
every request, so what a cached panel would hide is explained too (the first request after a change
of data); with `--warm` each page is requested once more first and its second request explained.

Every SELECT a request runs is explained with `EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON)`, `--runs`
times keeping the fastest (the machine is shared): the slowest of each kind of statement per page
(statements differing only in their numbers and strings are one kind; an N+1 counts its runs). It
reports per page the statements, their time as Django measured it and as PostgreSQL planned and
executed them, and its findings: a sequential scan of a table with more than `--seq-rows` rows, or a
statement executing for longer than `--slow-ms`. Everything runs in one transaction that is rolled
back, so the database is left as it was (sessions, downloads recorded). A table is printed and the
figures are written as JSON into bench/results/; `--compare` an earlier file to see each of its
findings then and now.

The database's planner statistics matter: run `ANALYZE` after loading data or adding an index (the
benchmark server runs without autovacuum, so a freshly seeded database has none, and its tables
updated in bulk keep their dead row versions until a VACUUM).
"""

import argparse
import json
import os
import sys
import time
from collections import defaultdict
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import harness  # noqa: E402
from bench.profile_page import shape  # noqa: E402

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/np_bench_scale"
FORM_KEYS = ("filter_form", "search_form", "form")
# Pages whose `form` (not `filter_form`) is the filter above what they show.
FORM_PAGES = {"measures:national", "reports:figures_export", "reports:review", "community:search?q=coaching"}
CHOICES_PER_FIELD = 12
SCAN_NODES = {"Seq Scan", "Parallel Seq Scan"}


class Rollback(Exception):
    """Raised to leave the one transaction the run happens in."""


def arguments():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default=DEFAULT_DATABASE_URL)
    parser.add_argument("--user", default="celcis", help="user name to sign in as")
    parser.add_argument("--only", action="append", default=[], help="only pages whose name or path contains this")
    parser.add_argument("--seq-rows", type=int, default=5000, help="a sequential scan of a larger table is a finding")
    parser.add_argument("--slow-ms", type=float, default=5.0, help="a statement executing longer is a finding")
    parser.add_argument(
        "--runs", type=int, default=3, help="EXPLAIN ANALYZE each statement this often; keep the fastest"
    )
    parser.add_argument(
        "--warm", action="store_true", help="keep Django's cache: explain what a request runs once it is warm"
    )
    parser.add_argument("--output", type=Path, help="the JSON file (default bench/results/explain-<db>-<time>.json)")
    parser.add_argument("--compare", type=Path, help="an earlier JSON file: print each finding then → now")
    return parser.parse_args()


# --- Which requests --------------------------------------------------------------------------------------


def text_hints(area) -> dict[str, str]:
    """A word that exists for each text search, by the field's page and name."""
    from community.models import PracticeExample, Reference
    from innovations.models import Innovation, Practitioner

    def word(text: str | None) -> str:
        words = [w.strip(".,:;()\"'") for w in (text or "").split()]
        return next((w for w in words if len(w) >= 4), words[0] if words else "")

    innovation = Innovation.objects.filter(area=area).order_by("pk").first()
    practitioner = Practitioner.objects.filter(innovation__area=area, checks__isnull=False).order_by("pk").first()
    example = PracticeExample.objects.order_by("pk").first()
    reference = Reference.objects.order_by("pk").first()
    return {
        "areas:list q": area.name[:4],
        "innovations:list q": word(innovation and innovation.name),
        "innovations:check_list practitioner": practitioner.code if practitioner else "",
        "innovations:practitioner_list code": practitioner.code[:3] if practitioner else "",
        "community:example_list q": word(example and example.title),
        "community:search?q=coaching q": word(example and example.title),
        "community:reference_list q": word(reference and reference.title),
    }


def extra_queries(hints: dict[str, str]) -> dict[str, list[dict]]:
    """Filters read straight from the query string rather than through a form."""
    from community.models import Tag

    tag = Tag.objects.filter(references__isnull=False).order_by("pk").first()
    word = hints["community:reference_list q"]
    return {
        "areas:list": [{"areas": "mine"}],
        "areas:members": [{"show": "all"}],
        "notifications:list": [{"show": "all"}],
        "community:reference_list": ([{"q": word}] if word else []) + ([{"tag": tag.slug}] if tag else []),
    }


def form_variants(form, page_name: str, hints: dict[str, str]) -> list[dict]:
    """One query per filter: each choice, the first record, a date, a word that exists."""
    from django import forms

    today = datetime.now(tz=UTC).date()
    found = []
    for name, field in form.fields.items():
        if isinstance(field.widget, forms.HiddenInput):
            continue
        if isinstance(field, forms.ModelChoiceField):
            values = [str(value) for value, _ in field.choices if str(value) != ""][:1]
        elif isinstance(field, forms.ChoiceField):
            values = [str(value) for value, _ in field.choices if str(value) != ""][:CHOICES_PER_FIELD]
        elif isinstance(field, forms.DateField):
            values = [str(today - timedelta(days=180 if name == "end" else 365))]
        elif isinstance(field, forms.CharField):
            values = [hints[f"{page_name} {name}"]] if hints.get(f"{page_name} {name}") else []
        else:
            values = []
        found.extend({name: value} for value in values)
    return found


# --- Explaining --------------------------------------------------------------------------------------------


def plan_nodes(node):
    """Every node of a JSON plan, with its own time (its total less its children's), depth first."""
    children = node.get("Plans", [])
    loops = node.get("Actual Loops", 1) or 1
    below = sum(child.get("Actual Total Time", 0) * (child.get("Actual Loops", 1) or 1) for child in children)
    yield node, max(0.0, node.get("Actual Total Time", 0) * loops - below)
    for child in children:
        yield from plan_nodes(child)


def condition(node) -> str:
    """What a scan narrows its table by (a long list of ids shortened)."""
    found = " AND ".join(node[key] for key in ("Index Cond", "Recheck Cond", "Filter") if node.get(key))
    return found if len(found) <= 240 else found[:237] + "…"


class Explainer:
    """EXPLAIN ANALYZE each distinct statement once; remember the table sizes it needed."""

    def __init__(self, connection, *, runs: int = 3):
        self.connection = connection
        self.runs = max(1, runs)
        self.plans: dict[str, dict] = {}
        self.table_rows: dict[str, int] = {}

    def rows(self, table: str) -> int:
        if table not in self.table_rows:
            with self.connection.cursor() as cursor:
                cursor.execute(f'SELECT count(*) FROM "{table}"')  # noqa: S608 -- a table name from a plan
                self.table_rows[table] = cursor.fetchone()[0]
        return self.table_rows[table]

    def explain(self, sql: str) -> dict:
        from django.db import DatabaseError, transaction

        if sql in self.plans:
            return self.plans[sql]
        try:
            documents = []
            for _ in range(self.runs):
                with transaction.atomic(), self.connection.cursor() as cursor:
                    cursor.execute("EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) " + sql)
                    raw = cursor.fetchone()[0]
                documents.append((json.loads(raw) if isinstance(raw, str) else raw)[0])
            # The fastest of the runs: the machine is shared, and a busy moment is not the plan's cost.
            document = min(documents, key=lambda d: d.get("Execution Time", 0.0))
        except DatabaseError as error:
            self.plans[sql] = {"error": str(error).strip()[:300]}
            return self.plans[sql]
        scans, hot = [], None
        for node, own in plan_nodes(document["Plan"]):
            table = node.get("Relation Name")
            if table:
                scans.append(
                    {
                        "node": node["Node Type"],
                        "table": table,
                        "index": node.get("Index Name", ""),
                        "filter": condition(node),
                        "rows": node.get("Actual Rows", 0) * (node.get("Actual Loops", 1) or 1),
                        "removed": node.get("Rows Removed by Filter", 0) * (node.get("Actual Loops", 1) or 1),
                        "loops": node.get("Actual Loops", 1),
                        "ms": round(own, 3),
                    }
                )
            if hot is None or own > hot[1]:
                hot = (node, own)
        for scan in scans:
            scan["table_rows"] = self.rows(scan["table"])
        node = hot[0]
        self.plans[sql] = {
            "plan_ms": document.get("Planning Time", 0.0),
            "exec_ms": document.get("Execution Time", 0.0),
            "scans": scans,
            "hot": {
                "node": node["Node Type"],
                "table": node.get("Relation Name", ""),
                "filter": condition(node) or ", ".join(node.get("Sort Key", [])),
                "ms": round(hot[1], 3),
            },
        }
        return self.plans[sql]


def is_select(sql: str) -> bool:
    head = sql.lstrip().upper()
    return head.startswith(("SELECT", "WITH")) and " FOR UPDATE" not in head


def explain_request(explainer, queries) -> dict:
    """The request's statements by kind: runs, Django's time, and the plan of the slowest of each kind."""
    kinds: dict[str, list[dict]] = defaultdict(list)
    for query in queries:
        kinds[shape(query["sql"])].append(query)
    statements = []
    for kind, runs in kinds.items():
        slowest = max(runs, key=lambda q: float(q["time"]))
        entry = {"shape": kind, "runs": len(runs), "django_ms": 1000 * sum(float(q["time"]) for q in runs)}
        if is_select(slowest["sql"]):
            entry |= explainer.explain(slowest["sql"])
            entry["sql"] = slowest["sql"][:4000]
        statements.append(entry)
    return {
        "queries": len(queries),
        "kinds": len(statements),
        "django_ms": sum(s["django_ms"] for s in statements),
        "plan_ms": sum(s.get("plan_ms", 0) * s["runs"] for s in statements),
        "exec_ms": sum(s.get("exec_ms", 0) * s["runs"] for s in statements),
        "statements": statements,
    }


def findings_of(statement: dict, *, seq_rows: int, slow_ms: float) -> list[dict]:
    """A sequential scan of a large table, or a slow statement (with where its time goes)."""
    found = [
        {"kind": "seq scan", **scan}
        for scan in statement.get("scans", [])
        if scan["node"] in SCAN_NODES and scan["table_rows"] > seq_rows
    ]
    if statement.get("exec_ms", 0) > slow_ms and not found:
        hot, scans = statement["hot"], statement["scans"]
        # Where its time goes: the slowest node, or (for a sort or a join) the slowest scan below it.
        scan = next((s for s in scans if s["table"] == hot["table"]), None) or max(
            scans, key=lambda s: s["ms"], default={"table": "", "table_rows": 0, "node": "", "filter": ""}
        )
        found.append({"kind": "slow", **hot, "table": scan["table"], "table_rows": scan["table_rows"]})
        if not hot["table"]:
            found[-1]["filter"] = f"{hot['node']} {hot['filter']} over {scan['node']} {scan['filter']}".strip()
    return found


# --- The run -----------------------------------------------------------------------------------------------


def requests_to_make(client, pages, area, wanted) -> list[tuple[str, str]]:
    """(name, path with query) of every page, then of each of its filters and its last page."""
    from django.core.cache import cache

    hints = text_hints(area)
    extras = extra_queries(hints)
    made = []
    for page in pages:
        if wanted and not any(w in page.name or w in page.path for w in wanted):
            continue
        made.append((page.name, page.path))
        if page.records:
            continue
        cache.clear()
        response = client.get(page.path)
        context = response.context or {}
        base, _, query = page.path.partition("?")
        fixed = dict(pair.split("=", 1) for pair in query.split("&")) if query else {}
        queries = list(extras.get(page.name, []))
        form = next((context.get(k) for k in FORM_KEYS if k in context and context.get(k) is not None), None)
        if form is not None and ("filter_form" in context or "search_form" in context or page.name in FORM_PAGES):
            queries += form_variants(form, page.name, hints)
        if page.name == "drivers:progress":
            queries += [{"about": value} for value, _ in context.get("choices", [])]
        paged = context.get("page_obj")
        if paged is not None and paged.has_next():
            queries.append({"page": "last"})
        made += [(page.name, f"{base}?{urlencode(fixed | q)}") for q in queries]
    seen: set[str] = set()
    return [(name, path) for name, path in made if not (path in seen or seen.add(path))]


def run(args) -> dict:
    from django.core.cache import cache
    from django.db import connection, transaction
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from areas.models import User
    from bench import page_targets

    report = {}
    try:
        with transaction.atomic():
            area = page_targets.heaviest_area()
            pages = page_targets.all_pages(area)
            client = Client(HTTP_HOST=harness.HOST, HTTP_X_FORWARDED_PROTO="https", raise_request_exception=False)
            client.force_login(User.objects.get(username=args.user))
            made = requests_to_make(client, pages, area, args.only)
            print(f"{len(made)} requests in {area} ({len(pages)} pages)", file=sys.stderr)
            explainer = Explainer(connection, runs=args.runs)
            for number, (name, path) in enumerate(made, 1):
                cache.clear()
                if args.warm:
                    client.get(path)
                with CaptureQueriesContext(connection) as captured:
                    began = time.perf_counter()
                    response = client.get(path)
                    took = 1000 * (time.perf_counter() - began)
                if not response.streaming:
                    response.content  # noqa: B018 -- a lazily rendered response runs its queries now
                result = explain_request(explainer, captured.captured_queries)
                result |= {"name": name, "status": response.status_code, "request_ms": round(took, 1)}
                for statement in result["statements"]:
                    statement["findings"] = findings_of(statement, seq_rows=args.seq_rows, slow_ms=args.slow_ms)
                report[path] = result
                print(f"  {number:3d}/{len(made)} {response.status_code} {path}", file=sys.stderr)
            report = {"pages": report, "table_rows": explainer.table_rows, "area": area.slug}
            raise Rollback
    except Rollback:
        pass
    return report


# --- Printing ----------------------------------------------------------------------------------------------


def findings_table(report) -> list[dict]:
    """Findings across pages, one row per kind of statement and table."""
    rows: dict[tuple, dict] = {}
    for path, page in report["pages"].items():
        for statement in page["statements"]:
            for found in statement["findings"]:
                key = (found["kind"], found["table"], statement["shape"])
                row = rows.setdefault(
                    key, {**found, "shape": statement["shape"], "exec_ms": 0.0, "pages": [], "runs": 0}
                )
                row["exec_ms"] = max(row["exec_ms"], statement["exec_ms"])
                row["runs"] += statement["runs"]
                row["pages"].append(path)
    return sorted(rows.values(), key=lambda r: -r["exec_ms"])


def statement_times(report) -> dict[str, float]:
    """The slowest execution of each kind of statement, over every page."""
    times: dict[str, float] = {}
    for page in report["pages"].values():
        for statement in page["statements"]:
            if "exec_ms" in statement:
                times[statement["shape"]] = max(times.get(statement["shape"], 0.0), statement["exec_ms"])
    return times


def print_report(report, *, compare=None) -> None:
    rows = [
        [
            path[:90],
            page["status"],
            page["queries"],
            page["kinds"],
            f"{page['django_ms']:.1f}",
            f"{page['plan_ms']:.1f}",
            f"{page['exec_ms']:.1f}",
            sum(len(s["findings"]) for s in page["statements"]),
        ]
        for path, page in report["pages"].items()
    ]
    headers = ["page", "status", "statements", "kinds", "SQL ms", "planned ms", "executed ms", "findings"]
    print(harness.markdown_table(headers, rows, right=set(range(1, 8))))
    found = findings_table(report)
    print(f"\n{len(found)} findings (seq scan of a large table, or a slow statement), slowest first:\n")
    table = [
        [
            f["kind"],
            f["table"],
            f["table_rows"],
            f"{f['exec_ms']:.1f}",
            f["runs"],
            len(f["pages"]),
            (f.get("filter") or "")[:70],
            f["shape"][:110],
        ]
        for f in found
    ]
    headers = ["finding", "table", "table rows", "ms", "runs", "pages", "filter", "statement"]
    print(harness.markdown_table(headers, table, right={2, 3, 4, 5}))
    if compare is not None:
        then, now = statement_times(compare), statement_times(report)
        still = {(f["table"], f["shape"]) for f in found}
        print("\nFindings of the earlier run, then → now (ms, slowest execution of that statement):\n")
        rows = [
            [
                f["kind"],
                f["table"],
                f["table_rows"],
                f"{then.get(f['shape'], 0):.1f} → " + (f"{now[f['shape']]:.1f}" if f["shape"] in now else "–"),
                "still" if (f["table"], f["shape"]) in still else "gone" if f["shape"] in now else "not run now",
                f["shape"][:110],
            ]
            for f in findings_table(compare)
        ]
        print(harness.markdown_table(["finding", "table", "rows", "ms", "now", "statement"], rows, right={2, 3}))


def main():
    args = arguments()
    os.environ.update(harness.portal_env(database_url=args.database_url, redis_url=""))
    import django

    django.setup()
    from django.test.utils import setup_test_environment

    setup_test_environment(debug=False)  # so that the test client keeps each response's context
    from django.conf import settings

    # The local-memory cache keeps 300 entries by default; Redis in production keeps a warm page's all.
    settings.CACHES["default"].setdefault("OPTIONS", {})["MAX_ENTRIES"] = 1_000_000
    report = run(args)
    report["machine"] = harness.machine()
    report["settings"] = {"seq_rows": args.seq_rows, "slow_ms": args.slow_ms, "database": args.database_url}
    compare = json.loads(args.compare.read_text()) if args.compare else None
    print_report(report, compare=compare)
    stamp = datetime.now(tz=UTC).strftime("%Y%m%d-%H%M")
    output = args.output or harness.RESULTS / f"explain-{harness.database_name(args.database_url)}-{stamp}.json"
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(json.dumps(report, indent=1, default=str))
    print(f"\n{report['machine']}\nWritten to {output}")


if __name__ == "__main__":
    main()
