from django.apps import AppConfig


class BenchConfig(AppConfig):
    """The benchmark's own app: the data generator command and the baseline page.

    Installed only by `bench.settings`, never by the portal's own settings, so production
    serves neither."""

    name = "bench"
    verbose_name = "Benchmark"
