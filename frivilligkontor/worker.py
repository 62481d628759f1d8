"""The task worker: django-tasks-db's worker plus what it lacks for mail that is never lost.

django-tasks-db gives the queue table, claiming with `SELECT … FOR UPDATE SKIP LOCKED` and
running a task. This adds, once for every task:

- **Retries with backoff.** A failed task is put back with `run_after` set to the next delay
  of TASK_RETRY_DELAYS (1 min, 5 min, 30 min, 2 h, 12 h by default); after the last one it
  stays FAILED ("gave up") with its error kept. Each attempt is one claim, and each claim
  appends the worker's id to `worker_ids`, so the number of attempts is stored in the row.
- **A lease.** Every worker writes a heartbeat (WorkerHeartbeat) every few seconds. A task
  left RUNNING by a worker whose heartbeat is older than TASK_LEASE_SECONDS (a worker killed
  in the middle of a task) is made READY again and taken by a live worker.
- **Surviving the database.** A database error does not end the worker: it logs, closes
  its connection, waits (1, 2, 4 … up to 30 s) and tries again. A task it was running when
  the database went away is put back when the database answers again.
"""

import logging
import os
import socket
import time
from datetime import timedelta
from traceback import format_exception

from django.conf import settings
from django.db import (
    DatabaseError,
    InterfaceError,
    OperationalError,
    close_old_connections,
    connections,
    transaction,
)
from django.db.models import Case, F, Min, When
from django.utils import timezone
from django_tasks_db.compat import TaskContext, TaskResultStatus, task_finished, task_started
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult, get_date_max

from frivilligkontor.models import WorkerHeartbeat

logger = logging.getLogger("frivilligkontor.worker")

# Longest wait between attempts to reach a database that does not answer.
MAX_RECONNECT_DELAY = 30.0


def retry_delay(attempts: int) -> timedelta | None:
    """How long to wait after the `attempts`-th failed attempt; None means give up."""
    delays = settings.TASK_RETRY_DELAYS
    if attempts < 1 or attempts > len(delays):
        return None
    return timedelta(seconds=delays[attempts - 1])


def fail_or_retry(task_result: DBTaskResult, error: BaseException) -> bool:
    """Record a failed attempt: back in the queue after the next delay, or given up.

    Either way the error is kept in the row. Returns True when the task will be retried.
    """
    delay = retry_delay(len(task_result.worker_ids))
    if delay is None:
        task_result.set_failed(error)
        logger.error(
            "Task %s (%s) gave up after %d attempts: %s",
            task_result.id,
            task_result.task_path,
            len(task_result.worker_ids),
            error,
        )
        return False
    task_result.status = TaskResultStatus.READY
    task_result.run_after = timezone.now() + delay
    task_result.exception_class_path = f"{type(error).__module__}.{type(error).__qualname__}"
    task_result.traceback = "".join(format_exception(error))
    task_result.save(update_fields=["status", "run_after", "exception_class_path", "traceback"])
    logger.warning(
        "Task %s (%s) failed (attempt %d), retrying in %s: %s",
        task_result.id,
        task_result.task_path,
        len(task_result.worker_ids),
        delay,
        error,
    )
    return True


def reclaim_abandoned_tasks() -> int:
    """Make READY again the tasks left RUNNING by workers that no longer beat.

    A task counts as abandoned when it started more than TASK_LEASE_SECONDS ago and the
    worker that claimed it last has written no heartbeat within that time.
    """
    moment = timezone.now()
    stale = moment - timedelta(seconds=settings.TASK_LEASE_SECONDS)
    live = set(
        WorkerHeartbeat.objects.filter(last_seen_at__gte=stale).values_list("worker_id", flat=True)
    )
    reclaimed = 0
    with transaction.atomic():
        for task_result in (
            DBTaskResult.objects.running()
            .filter(started_at__lt=stale)
            .select_for_update(skip_locked=True)
        ):
            if task_result.worker_ids and task_result.worker_ids[-1] in live:
                continue
            task_result.status = TaskResultStatus.READY
            task_result.run_after = moment
            task_result.save(update_fields=["status", "run_after"])
            reclaimed += 1
            logger.warning(
                "Task %s (%s) was left running by worker %s; queued again",
                task_result.id,
                task_result.task_path,
                task_result.worker_ids[-1] if task_result.worker_ids else "?",
            )
    return reclaimed


def oldest_waiting_task_age() -> timedelta | None:
    """How long the task that has waited longest for a worker has been due (None: none waits)."""
    due_since = (
        DBTaskResult.objects.ready()
        .annotate(
            due_since=Case(
                When(run_after=get_date_max(), then=F("enqueued_at")), default=F("run_after")
            )
        )
        .aggregate(oldest=Min("due_since"))["oldest"]
    )
    if due_since is None:
        return None
    return max(timezone.now() - due_since, timedelta(0))


def refresh_connections() -> None:
    """Drop broken or expired database connections between tasks, as Django does per request.

    Not inside an atomic block (a test's transaction), where it would close the connection
    the caller is using.
    """
    if not any(connection.in_atomic_block for connection in connections.all(initialized_only=True)):
        close_old_connections()


class ResilientWorker(Worker):
    """django-tasks-db's Worker with retries, a heartbeat, a lease and database outages survived."""

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self._last_beat = 0.0
        self._beat_every = settings.TASK_HEARTBEAT_SECONDS

    def beat(self) -> None:
        """Write this worker's heartbeat and reclaim abandoned tasks, every few seconds."""
        if time.monotonic() - self._last_beat < self._beat_every:
            return
        WorkerHeartbeat.objects.update_or_create(
            worker_id=self.worker_id,
            defaults={"last_seen_at": timezone.now()},
            create_defaults={
                "hostname": socket.gethostname()[:255],
                "pid": os.getpid(),
                "last_seen_at": timezone.now(),
            },
        )
        reclaim_abandoned_tasks()
        # Heartbeats of workers gone for a day say nothing any more.
        WorkerHeartbeat.objects.filter(last_seen_at__lt=timezone.now() - timedelta(days=1)).delete()
        self._last_beat = time.monotonic()

    def release_own_tasks(self) -> int:
        """Put back tasks this worker had claimed when the database went away.

        One worker runs one task at a time, so between tasks none of them is running.
        """
        released = 0
        for task_result in DBTaskResult.objects.running().filter(
            worker_ids__contains=[self.worker_id]
        ):
            if task_result.worker_ids[-1] == self.worker_id:
                task_result.status = TaskResultStatus.READY
                task_result.run_after = timezone.now()
                task_result.save(update_fields=["status", "run_after"])
                released += 1
        return released

    def claim_next(self) -> DBTaskResult | None:
        tasks = DBTaskResult.objects.ready().filter(backend_name=self.backend_name)
        if not self.process_all_queues:
            tasks = tasks.filter(queue_name__in=self.queue_names)
        if self.excluded_queue_names:
            tasks = tasks.exclude(queue_name__in=self.excluded_queue_names)
        with transaction.atomic(using=tasks.db):
            task_result = tasks.get_locked()
            if task_result is not None:
                task_result.claim(self.worker_id)
        return task_result

    def run(self) -> None:
        logger.info(
            "Starting worker worker_id=%s queues=%s", self.worker_id, ",".join(self.queue_names)
        )
        failures = 0
        while self.running:
            task_result = None
            try:
                refresh_connections()
                if failures:
                    released = self.release_own_tasks()
                    logger.warning(
                        "Database answers again after %d failed attempts; %d task(s) put back",
                        failures,
                        released,
                    )
                    failures = 0
                    self._last_beat = 0.0
                self.beat()
                task_result = self.claim_next()
                if task_result is not None:
                    self.run_task(task_result)
            except (OperationalError, InterfaceError) as error:
                failures += 1
                delay = min(2.0 ** (failures - 1), MAX_RECONNECT_DELAY)
                logger.error(
                    "Database unavailable (%s); trying again in %.0f s (attempt %d)",
                    str(error).strip().splitlines()[0] if str(error).strip() else type(error),
                    delay,
                    failures,
                )
                for connection in connections.all(initialized_only=True):
                    try:
                        connection.close()
                    except DatabaseError:
                        connection.connection = None
                time.sleep(delay)
                continue

            if self.batch and task_result is None:
                logger.info("No more tasks to run for worker_id=%s - exiting.", self.worker_id)
                return
            if self.max_tasks is not None and self._run_tasks >= self.max_tasks:
                logger.info("Ran %d tasks on worker=%s - exiting.", self._run_tasks, self.worker_id)
                return
            refresh_connections()
            if self.running and task_result is None:
                time.sleep(self.interval)

    def run_task(self, db_task_result: DBTaskResult) -> None:
        """Run one claimed task; on failure, retry later or give up (fail_or_retry).

        A database error while recording the outcome propagates to run(), which waits for
        the database and then puts the task back: delivery is at least once.
        """
        try:
            self.running_task = True
            task = db_task_result.task
            task_result = db_task_result.task_result
            backend_type = task.get_backend()
            task_started.send(sender=backend_type, task_result=task_result)
            if task.takes_context:
                return_value = task.call(
                    TaskContext(task_result=task_result), *task_result.args, **task_result.kwargs
                )
            else:
                return_value = task.call(*task_result.args, **task_result.kwargs)
            db_task_result.set_successful(return_value)
            task_finished.send(sender=backend_type, task_result=db_task_result.task_result)
        except (KeyboardInterrupt, SystemExit):
            # Stopped by a signal in the middle of the task: another worker takes it again.
            db_task_result.status = TaskResultStatus.READY
            db_task_result.save(update_fields=["status"])
            raise
        except Exception as error:  # noqa: BLE001 - every failure of a task is recorded
            # If the database itself is away, this raises too, and run() puts the task back.
            fail_or_retry(db_task_result, error)
        finally:
            self.running_task = False
            self._run_tasks += 1
