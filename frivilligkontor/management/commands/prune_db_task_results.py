"""`manage.py prune_db_task_results`: django-tasks-db's command, with the portal's period.

This app comes first in INSTALLED_APPS, so this command replaces the library's one: by
default it deletes finished task rows (sent or given-up e-mails, with their addresses and
content) TASK_RESULT_RETENTION_DAYS after they finished, the period the privacy page gives.
"""

from argparse import ArgumentParser
from typing import Any

from django.conf import settings
from django_tasks_db.management.commands import prune_db_task_results


class Command(prune_db_task_results.Command):
    def add_arguments(self, parser: ArgumentParser) -> None:
        super().add_arguments(parser)
        parser.set_defaults(min_age_days=settings.TASK_RESULT_RETENTION_DAYS)

    def handle(self, *args: Any, **options: Any) -> None:
        super().handle(*args, **options)
        self.stdout.write(f"Pruned task results finished {options['min_age_days']} days ago.")
