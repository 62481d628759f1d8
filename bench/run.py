"""Load benchmark: gunicorn as in production, demo data, loopback only, bounded in time.

    make bench                      # 20 s per page, 8 concurrent clients
    BENCH_SECONDS=60 make bench

Prints requests per second and latency percentiles for the busiest public pages. Numbers
are for comparing changes on the same machine; tests never assert on time.
"""

import os
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PAGES = [
    "/",
    "/veiledning/",
    "/lokaler/",
    "/tilskudd/",
    "/nettverk/",
    "/organisasjoner/",
    "/sok/?q=skole",
    "/en/tilskudd/",
]
SECONDS = float(os.environ.get("BENCH_SECONDS", "20"))
CLIENTS = int(os.environ.get("BENCH_CLIENTS", "8"))
WORKERS = int(os.environ.get("BENCH_WORKERS", str(2 * (os.cpu_count() or 1))))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_up(url: str, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=2).read()
            return
        except OSError:
            time.sleep(0.3)
    raise SystemExit(f"gunicorn did not answer at {url}")


def hammer(url: str, until: float) -> list[float]:
    timings = []
    while time.monotonic() < until:
        start = time.perf_counter()
        with urllib.request.urlopen(url, timeout=10) as response:
            response.read()
            if response.status != 200:
                raise SystemExit(f"{url} answered {response.status}")
        timings.append(time.perf_counter() - start)
    return timings


def main() -> int:
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    python = str(ROOT / ".venv" / "bin" / "python")
    subprocess.run([python, "manage.py", "migrate", "--no-input", "-v0"], cwd=ROOT, check=True)
    subprocess.run(
        [python, "manage.py", "load_demo"], cwd=ROOT, check=True, stdout=subprocess.DEVNULL
    )
    subprocess.run(
        [python, "manage.py", "collectstatic", "--no-input", "-v0"], cwd=ROOT, check=True
    )
    server = subprocess.Popen(
        [
            str(ROOT / ".venv" / "bin" / "gunicorn"),
            "frivilligkontor.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(WORKERS),
            "--control-socket",
            str(ROOT / "var" / f"bench-{port}.ctl"),
        ],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_until_up(base + "/health/")
        print(f"{'page':<22}{'req/s':>8}{'p50 ms':>9}{'p95 ms':>9}{'max ms':>9}")
        for path in PAGES:
            until = time.monotonic() + SECONDS
            with ThreadPoolExecutor(CLIENTS) as pool:
                futures = [pool.submit(hammer, base + path, until) for _ in range(CLIENTS)]
                results = [future.result() for future in futures]
            timings = sorted(t for result in results for t in result)
            p95 = timings[int(len(timings) * 0.95) - 1]
            print(
                f"{path:<22}{len(timings) / SECONDS:>8.1f}{statistics.median(timings) * 1000:>9.1f}"
                f"{p95 * 1000:>9.1f}{timings[-1] * 1000:>9.1f}"
            )
    finally:
        server.terminate()
        server.wait(timeout=10)
    return 0


if __name__ == "__main__":
    sys.exit(main())
