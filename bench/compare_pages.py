"""Put two runs of `pages.py` side by side (say demo scale and 32 areas × 5 years), page by page.

    .venv/bin/python bench/compare_pages.py bench/results/pages-np_bench_demo-….json \\
        bench/results/pages-np_bench_scale-….json [--targets 0.33,0.25]

Prints a Markdown table, worst page of the second run first: for each run the rate, the ratio to
that run's floor (by rate and by CPU time), the second run's one-user p95, and how the CPU time per
request grew. `--targets` marks each ratio that misses its run's target with ✗.
"""

import argparse
import json
import math
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import harness  # noqa: E402


def ratio(value: float) -> str:
    if value is None or math.isnan(value):
        return "–"
    return f"{value:.3f}" if value < 0.1 else f"{value:.2f}"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("first", type=Path)
    parser.add_argument("second", type=Path)
    parser.add_argument("--targets", default="0.33,0.25", help="ratio targets of the first and second run")
    parser.add_argument("--p95", type=float, default=250.0, help="one-user p95 target of the second run (ms)")
    args = parser.parse_args()
    targets = [float(t) for t in args.targets.split(",")]
    runs = [json.loads(path.read_text()) for path in (args.first, args.second)]
    keyed = [{(r["page"], r["role"]): r for r in run["results"]} for run in runs]
    keys = sorted(set(keyed[0]) | set(keyed[1]), key=lambda k: keyed[1].get(k, {}).get("ratio", math.inf))

    def mark(value, target):
        return ratio(value) + (" ✗" if value is not None and not math.isnan(value) and value < target else "")

    rows = []
    for key in keys:
        a, b = keyed[0].get(key), keyed[1].get(key)
        row = [f"`{(b or a)['path']}`", key[1]]
        for result, target in ((a, targets[0]), (b, targets[1])):
            if result is None:
                row += ["–", "–", "–"]
            else:
                row += [
                    f"{result['load']['rate']:.0f}",
                    mark(result["ratio"], target),
                    mark(result["cpu_ratio"], target),
                ]
        p95 = b["single"]["p95"] if b else math.nan
        row.append("–" if math.isnan(p95) else f"{p95:.0f}" + (" ✗" if p95 >= args.p95 else ""))
        growth = b["single"]["cpu_ms"] / a["single"]["cpu_ms"] if a and b and a["single"]["cpu_ms"] else math.nan
        row.append("–" if math.isnan(growth) else f"{a['single']['cpu_ms']:.0f} → {b['single']['cpu_ms']:.0f}")
        rows.append(row)
    names = [harness.database_name(run["args"]["database_url"]) for run in runs]
    headers = [
        "page",
        "role",
        f"{names[0]} req/s",
        "× floor",
        "× floor (CPU)",
        f"{names[1]} req/s",
        "× floor",
        "× floor (CPU)",
        "1 user p95 ms",
        "CPU ms/request",
    ]
    print(harness.markdown_table(headers, rows, right=set(range(2, len(headers)))))


if __name__ == "__main__":
    main()
