"""The benchmark's settings: production's, plus the bench app and its switches.

`BENCH_CACHES=off` measures the site with no rendered fragment cached (each page renders its
threads, its article, its lists); anything else leaves the settings as production has them.
"""

import os

from config.settings import *  # noqa: F403
from config.settings import CACHES, INSTALLED_APPS

INSTALLED_APPS = [*INSTALLED_APPS, "bench"]

if os.environ.get("BENCH_CACHES", "on") == "off":
    CACHES = {**CACHES, "fragments": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
