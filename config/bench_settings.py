"""Settings for `make bench`: production settings, plus the bench app, its URL and a cache prefix.

Everything else comes from the environment exactly as in production (DEBUG off, SECRET_KEY and
ALLOWED_HOSTS set, REDIS_URL for the shared cache). The `bench` app (its commands: bench_pages,
generate_community, bench_search) is installed here only. ROOT_URLCONF is read from
GACHI_BENCH_URLCONF, by default `bench.urls`: the site's URLs plus `/bench/minimal/`, the
fastest page a Django view can serve through the same middleware, reported as the ceiling.
"""

import os

from django.core.exceptions import ImproperlyConfigured

from config.settings import *  # noqa: F403
from config.settings import CACHES, DATABASES, DEBUG, INSTALLED_APPS

if DEBUG:
    raise ImproperlyConfigured("The benchmark measures production settings: set DEBUG=0.")

INSTALLED_APPS = [*INSTALLED_APPS, "bench"]
ROOT_URLCONF = os.environ.get("GACHI_BENCH_URLCONF", "bench.urls")

# Each run (and each database size) caches under its own prefix: pages cached for one
# database must never be served from another, nor a previous run's warm the next one.
BENCH_CACHE_PREFIX = f"bench:{DATABASES['default']['NAME']}:{os.environ.get('GACHI_BENCH_RUN', '')}"
CACHES["default"]["KEY_PREFIX"] = BENCH_CACHE_PREFIX
