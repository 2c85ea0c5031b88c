"""Plumbing shared by the benchmarks that run the portal as production does (`pages.py`, `report.py`).

Both start real processes (gunicorn, Celery workers) with debug off against a PostgreSQL database
and a Redis server, so they share: the production-like environment, starting and stopping a process
group, sampling the memory of a process tree from /proc, the machine's description and a Markdown
table printer. Nothing here imports Django: the benchmark scripts set the environment first.
"""

import math
import os
import platform
import secrets
import signal
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"  # ignored by git
VENV_BIN = Path(sys.executable).parent
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/np_bench_demo"
# A Redis database of the benchmark's own, so that its cache and its task queue never meet those of
# a test run or a development server on the same Redis (which use database 0).
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/7"
HOST = "127.0.0.1"


def portal_env(
    *, database_url: str, redis_url: str, media_root: Path | None = None, secret_key: str | None = None
) -> dict:
    """The environment of a portal process as the README's deployment section sets it: debug off, a
    secret key, the public address, allowed hosts, behind a TLS-terminating proxy (the load generator
    sends `X-Forwarded-Proto: https` as the proxy would), PostgreSQL and Redis. Uploaded files stay
    where the settings put them (`media/`), where seed_demo and seed_scale left theirs."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("DJANGO_")}
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "neglect_portal.settings",
            "DJANGO_SECRET_KEY": secret_key or secrets.token_urlsafe(50),
            "PORTAL_URL": "https://portal.bench.invalid",
            "DJANGO_ALLOWED_HOSTS": f"{HOST},localhost",
            "DJANGO_BEHIND_PROXY": "1",
            "DATABASE_URL": database_url,
            "REDIS_URL": redis_url,
            "EMAIL_URL": "console://",
            "DJANGO_LOG_LEVEL": "WARNING",
        }
    )
    if media_root is not None:
        env["MEDIA_ROOT"] = str(media_root)
    return env


def database_name(database_url: str) -> str:
    return database_url.rstrip("/").rsplit("/", 1)[-1].split("?")[0]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


@contextmanager
def process_group(command: list[str], *, env: dict, log_path: Path, name: str):
    """Run `command` in its own process group; stop it and its children afterwards (SIGTERM, then
    SIGKILL after 30 s). Its output goes to `log_path`, whose tail is printed if it stopped early."""
    log_path.parent.mkdir(parents=True, exist_ok=True)
    log = open(log_path, "wb")  # noqa: SIM115 -- closed below
    process = subprocess.Popen(  # noqa: S603 -- our own interpreter and arguments
        command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
    )
    try:
        yield process
    finally:
        died = process.poll() is not None
        if not died:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
        log.close()
        if died:
            tail = log_path.read_text(errors="replace")[-3000:]
            print(f"{name} stopped early (exit {process.returncode}); the end of {log_path}:\n{tail}", file=sys.stderr)


def manage(args: list[str], env: dict) -> None:
    """Run a management command with the portal's environment; stop the benchmark if it fails."""
    subprocess.run([str(VENV_BIN / "python"), "manage.py", *args], cwd=ROOT, env=env, check=True)  # noqa: S603


# --- Memory of a process tree -----------------------------------------------------------------------------


def _children() -> dict[int, list[int]]:
    tree: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat") as handle:
                # The command name (field 2) may hold spaces; the parent id follows its closing bracket.
                parent = int(handle.read().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        tree.setdefault(parent, []).append(int(entry.name))
    return tree


def descendants(pid: int) -> list[int]:
    """`pid` and every process below it."""
    tree, found, todo = _children(), [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        todo.extend(tree.get(current, []))
    return found


def memory_mb(pid: int) -> tuple[float, float] | None:
    """(RSS, PSS) of one process in MB; PSS shares copy-on-write pages among the processes that map
    them, so the PSS of a prefork pool adds up to what the pool really uses. None once it is gone."""
    try:
        with open(f"/proc/{pid}/smaps_rollup") as handle:
            fields = dict(line.split(":", 1) for line in handle if ":" in line and not line[0].isdigit())
    except OSError:
        return None
    try:
        return int(fields["Rss"].split()[0]) / 1024, int(fields["Pss"].split()[0]) / 1024
    except (KeyError, ValueError):
        return None


class MemoryPeaks:
    """The largest RSS any one process reached and the largest total PSS, over repeated samples."""

    def __init__(self):
        self.process_rss = 0.0
        self.total_pss = 0.0
        self.processes = 0

    def sample(self, roots: list[int]) -> None:
        total, count = 0.0, 0
        for root in roots:
            for pid in descendants(root):
                measured = memory_mb(pid)
                if measured is None:
                    continue
                rss, pss = measured
                self.process_rss = max(self.process_rss, rss)
                total += pss
                count += 1
        self.total_pss = max(self.total_pss, total)
        self.processes = max(self.processes, count)


def cpu_ticks(pids) -> dict[int, int]:
    """CPU time (user + system, in clock ticks) each process has used so far."""
    ticks = {}
    for pid in pids:
        try:
            with open(f"/proc/{pid}/stat") as handle:
                fields = handle.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        ticks[pid] = int(fields[11]) + int(fields[12])  # utime and stime: fields 14 and 15 of stat
    return ticks


def cpu_seconds_between(before: dict[int, int], after: dict[int, int]) -> float:
    """CPU seconds used between two `cpu_ticks` readings (a process that appeared in between counts whole)."""
    used = sum(ticks - before.get(pid, 0) for pid, ticks in after.items())
    return used / os.sysconf("SC_CLK_TCK")


# --- The machine and the tables ---------------------------------------------------------------------------


def machine() -> str:
    """One line about where and when the figures were taken (the machine is shared, so the load
    average at the time matters)."""
    one, five, fifteen = os.getloadavg()
    try:
        with open("/proc/meminfo") as handle:
            total_kb = int(handle.readline().split()[1])
        memory = f", {total_kb / 1024 / 1024:.1f} GB RAM"
    except (OSError, ValueError, IndexError):
        memory = ""
    return (
        f"{datetime.now(tz=UTC):%d %b %Y %H:%M} UTC, {platform.node()}: {os.cpu_count()} cores{memory}, "
        f"Python {platform.python_version()}, load average {one:.2f} {five:.2f} {fifteen:.2f}; {code_version()}"
    )


def code_version() -> str:
    """The commit measured, and whether the working tree differed from it."""

    def git(*args):
        done = subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True, check=False)  # noqa: S603, S607
        return done.stdout.strip()

    commit = git("rev-parse", "--short", "HEAD") or "unknown"
    changed = git("status", "--porcelain", "--untracked-files=no")
    return f"commit {commit}" + (" with uncommitted changes" if changed else "")


def markdown_table(headers: list[str], rows: list[list], *, right: set[int] | None = None) -> str:
    """A GitHub Markdown table; the columns in `right` (by index) are aligned right."""
    right = right if right is not None else set(range(1, len(headers)))
    cells = [[str(cell) for cell in row] for row in rows]
    widths = [max(len(h), *(len(r[i]) for r in cells)) if cells else len(h) for i, h in enumerate(headers)]

    def line(values):
        return (
            "| "
            + " | ".join(
                v.rjust(w) if i in right else v.ljust(w) for i, (v, w) in enumerate(zip(values, widths, strict=True))
            )
            + " |"
        )

    rule = "|" + "|".join(("-" * (w + 1) + ":") if i in right else ("-" * (w + 2)) for i, w in enumerate(widths)) + "|"
    return "\n".join([line(headers), rule, *(line(r) for r in cells)])


def percentile(sorted_values: list[float], share: float) -> float:
    """Nearest-rank percentile of an ascending list (`share` from 0 to 1)."""
    if not sorted_values:
        return float("nan")
    rank = max(1, min(len(sorted_values), math.ceil(share * len(sorted_values))))
    return sorted_values[rank - 1]


def wait_until(check, *, timeout: float, interval: float = 0.25, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(interval)
    raise SystemExit(f"{what} did not happen within {timeout:.0f} s")
