"""Settings for the benchmark: the portal's settings (production when DJANGO_ENV=production)
plus the bench app (data generator) and the bare baseline page at /bench/baseline/.

The portal itself never installs `bench`, so the baseline page does not exist there."""

from frivilligkontor.settings import *  # noqa: F403
from frivilligkontor.settings import INSTALLED_APPS

INSTALLED_APPS = [*INSTALLED_APPS, "bench"]
ROOT_URLCONF = "bench.urls"
