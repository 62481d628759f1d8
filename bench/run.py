"""Load benchmark: gunicorn with production settings, generated Oslo-sized data, wrk on loopback.

    make bench                                  # quick: scale "oslo", 4 s per measurement
    BENCH_SCALE=x10 BENCH_SECONDS=15 make bench # the full run at ten times Oslo

For every page and every number of clients (1 and 16 at "oslo", also 64 otherwise) it measures the bare baseline page
(/bench/baseline/: 12 rows through a minimal template, same gunicorn and middleware) and
right after it the page, and reports the page as a ratio to that baseline and in absolute
terms. Between measurements it waits until the workers and the database are idle again.
The table goes to standard output and to bench/results/. See bench/README.md.

Environment: BENCH_SCALE (oslo, x10, or a factor), BENCH_SECONDS (per measurement),
BENCH_CLIENTS (e.g. "1,16,64"), BENCH_WORKERS (4), BENCH_PAGES (comma-separated names or
substrings to run only some pages), BENCH_REGENERATE=1 (fill the bench database again).
The data lives in its own database next to DATABASE_URL's, named <db>_bench_<scale>,
filled once and reused.
"""

import contextlib
import json
import os
import platform
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = str(ROOT / ".venv" / "bin" / "python")
GENERATOR_VERSION = "1"

SCALE = os.environ.get("BENCH_SCALE", "oslo")
SECONDS = float(os.environ.get("BENCH_SECONDS", "4"))
# The quick run at "oslo" measures 1 and 16 clients (under 10 minutes); the full run adds 64.
CLIENTS = [
    int(c)
    for c in os.environ.get("BENCH_CLIENTS", "1,16" if SCALE == "oslo" else "1,16,64").split(",")
]
WORKERS = int(os.environ.get("BENCH_WORKERS", "4"))
ONLY = [name.strip() for name in os.environ.get("BENCH_PAGES", "").split(",") if name.strip()]
TIMEOUT = "30s"


def bench_database_url() -> str:
    url = os.environ.get("DATABASE_URL")
    if not url:
        sys.exit("DATABASE_URL is not set (make bench sets it to the embedded server).")
    parts = urllib.parse.urlsplit(url)
    name = parts.path.lstrip("/") or "postgres"
    scale_name = re.sub(r"[^a-z0-9]", "_", SCALE.lower())
    return urllib.parse.urlunsplit(parts._replace(path=f"/{name}_bench_{scale_name}"))


def psql_admin(url: str, sql: str) -> str:
    """Run one statement on the server's maintenance database, return the first value."""
    import psycopg

    parts = urllib.parse.urlsplit(url)
    with psycopg.connect(
        urllib.parse.urlunsplit(parts._replace(path="/postgres")), autocommit=True
    ) as conn:
        cursor = conn.execute(sql)
        row = cursor.fetchone() if cursor.description else None  # CREATE/DROP return no rows
        return "" if row is None or row[0] is None else str(row[0])


def manage(env: dict, *args: str, capture: bool = False) -> str:
    result = subprocess.run(
        [PYTHON, "manage.py", *args],
        cwd=ROOT,
        env=env,
        check=True,
        stdout=subprocess.PIPE if capture else None,
        text=True,
    )
    return result.stdout if capture else ""


def prepare_database(url: str, env: dict) -> None:
    # Filling x10 takes minutes per statement (COPY, index builds): no statement timeout.
    env = {**env, "DATABASE_STATEMENT_TIMEOUT": "0"}
    name = urllib.parse.urlsplit(url).path.lstrip("/")
    marker = f"bench scale={SCALE} generator={GENERATOR_VERSION}"
    exists = psql_admin(url, f"SELECT 1 FROM pg_database WHERE datname = '{name}'")
    comment = ""
    if exists:
        comment = psql_admin(
            url,
            "SELECT shobj_description(oid, 'pg_database') FROM pg_database "
            f"WHERE datname = '{name}'",
        )
    if exists and (comment != marker or os.environ.get("BENCH_REGENERATE")):
        psql_admin(url, f'DROP DATABASE "{name}" WITH (FORCE)')
        exists = ""
    if not exists:
        psql_admin(url, f'CREATE DATABASE "{name}"')
    manage(env, "migrate", "--no-input", "-v0")
    manage(env, "createcachetable")
    if not exists:
        print(f"Filling {name} at scale {SCALE} …", flush=True)
        started = time.monotonic()
        manage(env, "load_demo", "-v0")
        manage(env, "generate_bench_data", "--scale", SCALE)
        print(f"Filled in {time.monotonic() - started:.0f} s.", flush=True)
        psql_admin(url, f"COMMENT ON DATABASE \"{name}\" IS '{marker}'")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def http(url: str, headers: dict, data: bytes | None = None) -> tuple[int, dict, bytes]:
    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):  # noqa: ANN002, ANN003, ANN201
            return None

    opener = urllib.request.build_opener(NoRedirect)
    request = urllib.request.Request(url, data=data, headers=headers)
    try:
        with opener.open(request, timeout=60) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def wait_until_up(url: str, headers: dict, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if http(url, headers)[0] == 200:
                return
        except OSError:
            pass
        time.sleep(0.3)
    raise SystemExit(f"gunicorn did not answer at {url}")


def worker_pids(master: int) -> list[int]:
    children = Path(f"/proc/{master}/task/{master}/children")
    if not children.exists():
        return []
    return [int(pid) for pid in children.read_text().split()]


def cpu_ticks(pids: list[int]) -> int:
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])
        except (OSError, IndexError):
            pass
    return total


def rss_mb(pids: list[int]) -> list[float]:
    sizes = []
    for pid in pids:
        try:
            status = Path(f"/proc/{pid}/status").read_text()
        except OSError:
            continue
        match = re.search(r"VmRSS:\s+(\d+) kB", status)
        if match:
            sizes.append(int(match.group(1)) / 1024)
    return sizes


def active_queries(url: str, database: str) -> int:
    value = psql_admin(
        url,
        "SELECT count(*) FROM pg_stat_activity WHERE state = 'active' "
        f"AND datname = '{database}' AND pid <> pg_backend_pid()",
    )
    return int(value or 0)


def wait_until_idle(master: int, url: str, database: str, limit: float = 900) -> float:
    """Until the workers use no CPU for a second and the database runs no query."""
    started = time.monotonic()
    previous = cpu_ticks([master, *worker_pids(master)])
    quiet = 0
    while time.monotonic() - started < limit:
        time.sleep(0.5)
        now = cpu_ticks([master, *worker_pids(master)])
        busy = now - previous > 2 or active_queries(url, database) > 0
        previous = now
        quiet = 0 if busy else quiet + 1
        if quiet >= 2:
            break
    return time.monotonic() - started


@dataclass
class Measurement:
    requests: int
    seconds: float
    p50_ms: float
    p95_ms: float
    p99_ms: float
    max_ms: float
    errors: int
    timeouts: int
    extra: dict = field(default_factory=dict)

    @property
    def rps(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0


def duration_for(single_seconds: float, clients: int) -> float:
    """Long enough that each client finishes a few requests even on a slow page (a request
    still running when wrk stops is not counted at all), at most 40 s."""
    rounds = max(1, -(-clients // WORKERS))
    return max(SECONDS, min(40.0, 3 * single_seconds * rounds))


def wrk(
    url: str,
    clients: int,
    headers: dict,
    post_body: str | None = None,
    seconds: float | None = None,
) -> Measurement:
    env = dict(os.environ)
    env["BENCH_HEADERS"] = "\n".join(f"{k}: {v}" for k, v in headers.items())
    if post_body is not None:
        env["BENCH_POST_BODY"] = post_body
    else:
        env.pop("BENCH_POST_BODY", None)
    threads = min(clients, 2)
    output = subprocess.run(
        [
            "wrk",
            f"-t{threads}",
            f"-c{clients}",
            f"-d{seconds or SECONDS:.0f}s",
            f"--timeout={TIMEOUT}",
            "-s",
            str(ROOT / "bench" / "wrk" / "report.lua"),
            url,
        ],
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    line = next(line for line in output.splitlines() if line.startswith("BENCHJSON "))
    data = json.loads(line.removeprefix("BENCHJSON "))
    return Measurement(
        requests=data["requests"],
        seconds=data["duration_us"] / 1e6,
        p50_ms=data["p50"] / 1000,
        p95_ms=data["p95"] / 1000,
        p99_ms=data["p99"] / 1000,
        max_ms=data["max"] / 1000,
        errors=data["connect"] + data["read"] + data["write"] + data["status"],
        timeouts=data["timeout"],
    )


def git(*args: str) -> str:
    try:
        return subprocess.run(
            ["git", *args], cwd=ROOT, check=True, capture_output=True, text=True
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def machine() -> str:
    cpu = "unknown CPU"
    with contextlib.suppress(OSError, AttributeError):
        cpu = re.search(r"model name\s*:\s*(.*)", Path("/proc/cpuinfo").read_text()).group(1)
    memory = ""
    try:
        kb = int(re.search(r"MemTotal:\s+(\d+)", Path("/proc/meminfo").read_text()).group(1))
        memory = f", {kb / 1024 / 1024:.0f} GB"
    except (OSError, AttributeError):
        pass
    return f"{platform.node()}: {os.cpu_count()} cores, {cpu}{memory}, {platform.python_version()}"


def main() -> int:
    # Stopped with SIGTERM (or Ctrl-C): still stop gunicorn in the finally block below.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    if not shutil.which("wrk"):
        sys.exit("wrk is needed: apt-get install wrk (Debian/Ubuntu) or brew install wrk.")
    url = bench_database_url()
    database = urllib.parse.urlsplit(url).path.lstrip("/")
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    (ROOT / "var").mkdir(exist_ok=True)
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "DJANGO_ENV": "production",
        "SECRET_KEY": "bench-" + secrets.token_urlsafe(48),
        "ALLOWED_HOSTS": "127.0.0.1,testserver",
        "EMAIL_HOST": "smtp.example.invalid",
        # The officer's session is made directly; TOTP would need a device per run.
        "ADMIN_REQUIRE_OTP": "false",
        "LOG_LEVEL": "WARNING",
        # The enquiry POST is measured from one address: the per-address and per-recipient
        # form limits (5 an hour) would answer 429 after the fifth; they have their own tests.
        "PUBLIC_FORM_LIMIT_PER_ADDRESS": "100000000",
        "PUBLIC_FORM_LIMIT_PER_EMAIL": "100000000",
    }
    prepare_database(url, env)
    manage(env, "collectstatic", "--no-input", "-v0")
    plan = json.loads(manage(env, "bench_pages", "--probe", capture=True))
    control = ROOT / "var" / f"bench-{port}.ctl"
    server = subprocess.Popen(
        [
            str(ROOT / ".venv" / "bin" / "gunicorn"),
            "frivilligkontor.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(WORKERS),
            "--worker-class",
            "sync",
            "--timeout",
            "120",
            "--forwarded-allow-ips",
            "127.0.0.1",
            "--control-socket",
            str(control),
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    https = {"X-Forwarded-Proto": "https"}
    rows: list[dict] = []
    contention = None
    memory_after: list[float] = []
    try:
        wait_until_up(base + "/bench/baseline/", https)
        # The enquiry POST needs a CSRF cookie and token, as a browser has them.
        status, headers, body = http(base + plan["post_path"], https)
        cookie = headers.get("Set-Cookie", "").split(";", 1)[0]
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body).group(1).decode()
        post_body = urllib.parse.urlencode({**plan["post_fields"], "csrfmiddlewaretoken": token})
        post_headers = {**https, "Cookie": cookie, "Origin": f"https://127.0.0.1:{port}"}
        probe = plan.get("post_probe", {})
        pages = [
            *plan["pages"],
            {
                "name": "enquiry POST",
                "path": plan["post_path"],
                "post": True,
                "queries": probe.get("queries"),
                "bytes": probe.get("bytes"),
                "status": probe.get("status"),
            },
        ]
        if ONLY:
            pages = [p for p in pages if any(o in p["name"] or o == p["path"] for o in ONLY)]
        # Warm every worker: the first requests load templates and translations.
        for _ in range(WORKERS * 2):
            http(base + "/bench/baseline/", https)
            http(base + "/", https)
        print(f"scale {SCALE}, {SECONDS:g} s per measurement, clients {CLIENTS}", flush=True)
        for page in pages:
            headers = dict(https)
            if page.get("staff"):
                headers["Cookie"] = plan["session_cookie"]
            if page.get("post"):
                headers = post_headers
            wait_until_idle(server.pid, url, database)
            started = time.perf_counter()
            # Slower than 60 s: the measurements below count the timeouts.
            if not page.get("post"):
                with contextlib.suppress(TimeoutError):
                    http(base + page["path"], headers)
            single = time.perf_counter() - started
            for clients in CLIENTS:
                seconds = duration_for(single, clients)
                wait_until_idle(server.pid, url, database)
                baseline = wrk(base + "/bench/baseline/", clients, https, seconds=seconds)
                wait_until_idle(server.pid, url, database)
                measured = wrk(
                    base + page["path"],
                    clients,
                    headers,
                    post_body=post_body if page.get("post") else None,
                    seconds=seconds,
                )
                memory = rss_mb(worker_pids(server.pid))
                row = {
                    "page": page["name"],
                    "path": page["path"],
                    "clients": clients,
                    "seconds": seconds,
                    "single_ms": single * 1000,
                    "requests": measured.requests,
                    "rps": measured.rps,
                    "baseline_rps": baseline.rps,
                    "ratio": measured.rps / baseline.rps if baseline.rps else 0,
                    "p50_ms": measured.p50_ms,
                    "p95_ms": measured.p95_ms,
                    "p99_ms": measured.p99_ms,
                    "max_ms": measured.max_ms,
                    "errors": measured.errors,
                    "timeouts": measured.timeouts,
                    "queries": page.get("queries"),
                    "bytes": page.get("bytes"),
                    "worker_mb": max(memory) if memory else None,
                }
                rows.append(row)
                print(format_row(row), flush=True)
        # The baseline must keep answering while the slowest page is hammered.
        slowest = min(
            (r for r in rows if r["clients"] == 16 and not r["page"].startswith("admin")),
            key=lambda r: r["ratio"],
            default=None,
        )
        if slowest is not None:
            wait_until_idle(server.pid, url, database)
            hammer = subprocess.Popen(
                [
                    "wrk",
                    "-t2",
                    "-c16",
                    f"-d{slowest['seconds'] + 2:.0f}s",
                    f"--timeout={TIMEOUT}",
                    "-H",
                    "X-Forwarded-Proto: https",
                    base + slowest["path"],
                ],
                stdout=subprocess.DEVNULL,
            )
            time.sleep(1)
            during = wrk(base + "/bench/baseline/", 1, https, seconds=slowest["seconds"])
            hammer.wait()
            contention = {
                "page": slowest["page"],
                "baseline_rps": during.rps,
                "p99_ms": during.p99_ms,
                "max_ms": during.max_ms,
                "errors": during.errors,
                "timeouts": during.timeouts,
            }
        wait_until_idle(server.pid, url, database)
        memory_after = rss_mb(worker_pids(server.pid))
    finally:
        server.terminate()
        server.wait(timeout=60)
        control.unlink(missing_ok=True)
        if rows:
            write_results(rows, contention, memory_after)
    return 0


HEADER = (
    "| page | clients | requests | req/s | ratio | p50 ms | p95 ms | p99 ms | errors | timeouts "
    "| queries | size KB | worker MB |\n"
    "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
)


def format_row(row: dict) -> str:
    size = f"{row['bytes'] / 1024:.0f}" if row["bytes"] is not None else "?"
    memory = f"{row['worker_mb']:.0f}" if row["worker_mb"] is not None else "?"
    return (
        f"| {row['page']} | {row['clients']} | {row['requests']} in {row['seconds']:.0f} s "
        f"| {row['rps']:.1f} | {row['ratio']:.3f} "
        f"| {row['p50_ms']:.0f} | {row['p95_ms']:.0f} | {row['p99_ms']:.0f} | {row['errors']} "
        f"| {row['timeouts']} | {row['queries'] if row['queries'] is not None else '?'} "
        f"| {size} | {memory} |"
    )


def write_results(rows: list[dict], contention: dict | None, memory_after: list[float]) -> None:
    commit = git("rev-parse", "--short", "HEAD")
    dirty = " (with uncommitted changes)" if git("status", "--porcelain") else ""
    stamp = datetime.now(UTC).strftime("%Y-%m-%dT%H%M%SZ")
    lines = [
        f"# Benchmark {stamp}",
        "",
        f"- scale: {SCALE}; {SECONDS:g} s per measurement; {WORKERS} gunicorn sync workers; "
        f"wrk on loopback, timeout {TIMEOUT}",
        f"- commit: {commit}{dirty}",
        f"- machine: {machine()}",
        "- ratio: the page's requests/s divided by the baseline page's, measured just before it "
        "with the same number of clients; requests: completed in the measured time (one still "
        "running when wrk stops is not counted; one over 30 s is a timeout)",
        "",
        HEADER,
        *[format_row(row) for row in rows],
        "",
    ]
    if contention:
        lines.append(
            f"Baseline (1 client) while 16 clients hammer {contention['page']}: "
            f"{contention['baseline_rps']:.1f} req/s, p99 {contention['p99_ms']:.0f} ms, "
            f"max {contention['max_ms']:.0f} ms, errors {contention['errors']}, "
            f"timeouts {contention['timeouts']}."
        )
    if memory_after:
        lines.append(
            "Worker memory after the run: "
            + ", ".join(f"{size:.0f}" for size in sorted(memory_after))
            + " MB."
        )
    text = "\n".join(lines) + "\n"
    print()
    print(text)
    results = ROOT / "bench" / "results"
    results.mkdir(exist_ok=True)
    name = f"{stamp}-{re.sub(r'[^a-z0-9]', '_', SCALE.lower())}-{commit}"
    (results / f"{name}.md").write_text(text)
    (results / f"{name}.json").write_text(
        json.dumps(
            {
                "scale": SCALE,
                "commit": commit + dirty,
                "machine": machine(),
                "seconds": SECONDS,
                "workers": WORKERS,
                "rows": rows,
                "contention": contention,
                "worker_mb_after": memory_after,
            },
            indent=1,
        )
    )
    print(f"Written to bench/results/{name}.md")


if __name__ == "__main__":
    sys.exit(main())
