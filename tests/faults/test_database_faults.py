"""The site and the worker outlive the database: a hung server gives a quick 503, and a
stopped and started PostgreSQL (a private one, so the machine's server is untouched) is
recovered from by gunicorn and the worker without a restart."""

import json

import pytest

from tests.faults.servers import (
    Browser,
    Gunicorn,
    PrivatePostgres,
    SilentDatabase,
    SmtpServer,
    database_url_of_tests,
    enquiry_form,
    free_port,
    portal_environment,
    start_worker,
    wait_until,
)

pytestmark = pytest.mark.faults


def test_hung_database__health_answers_503_within_the_connect_timeout() -> None:
    silent = SilentDatabase()
    web = Gunicorn(
        portal_environment(
            database_url=f"postgres://portal@127.0.0.1:{silent.port}/portal",
            smtp_port=free_port(),
            DATABASE_CONNECT_TIMEOUT="2",
        )
    )
    try:
        # gunicorn would kill a stuck request after 30 s; the client gives up after 10 s.
        status, body = Browser(web.url).get("/health/", timeout=10)
        assert status == 503
        assert json.loads(body)["database"] == "unavailable"
    finally:
        web.stop()
        silent.close()


@pytest.mark.django_db(transaction=True)
def test_postgres_stopped_and_started__gunicorn_and_worker_recover_by_themselves() -> None:
    database = PrivatePostgres(database_url_of_tests())
    smtp = SmtpServer(free_port())
    smtp.start()
    environment = portal_environment(database_url=database.url, smtp_port=smtp.port)
    web = Gunicorn(environment)
    worker = start_worker(environment)
    browser = Browser(web.url)
    try:
        assert browser.get("/health/")[0] == 200
        wait_until(
            lambda: json.loads(browser.get("/health/")[1])["worker"] == "ok",
            what="the worker's first heartbeat",
        )

        database.stop()
        assert browser.get("/health/", timeout=10)[0] == 503
        assert browser.get("/health/", timeout=10)[0] == 503
        # Keep the database down until the worker has met the outage (it polls between
        # tasks): a short outage can otherwise fall between two polls on a busy machine.
        wait_until(
            lambda: "Database unavailable" in worker.output(), what="the worker to see the outage"
        )
        database.start()

        wait_until(lambda: browser.get("/health/")[0] == 200, what="health 200 again")
        status, page = browser.submit("/henvendelser/ny/", enquiry_form())
        assert status == 200 and "FK-" in page, page[:2000]
        # The same worker process, still running, sends the receipt and the office's notice.
        wait_until(lambda: len(smtp.handler.accepted) >= 2, what="mail from the worker")
        assert worker.process.poll() is None
    except AssertionError:
        print(web.output()[-5000:], worker.output()[-5000:])
        raise
    finally:
        worker.stop()
        web.stop()
        smtp.stop()
        database.destroy()
