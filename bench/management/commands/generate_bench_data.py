"""Fill the database with Oslo-sized data for the benchmark (see bench/README.md)."""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from bench.generate import generate


class Command(BaseCommand):
    help = 'Add generated data at scale "oslo" (Oslo\'s size) or "x10" (ten times it).'

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--scale", default="oslo", help='"oslo", "x10" or a factor like 0.01')
        parser.add_argument("--seed", type=int, default=2026)

    def handle(self, *args: Any, scale: str, seed: int, **options: Any) -> None:
        generate(scale=scale, seed=seed, stdout=self.stdout)
        self.stdout.write(self.style.SUCCESS(f"Generated data at scale {scale}."))
