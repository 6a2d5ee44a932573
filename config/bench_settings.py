"""Settings for `make bench`: the production settings, plus a bench-only URL and cache prefix.

Everything else comes from the environment exactly as in production (DEBUG off, SECRET_KEY and
ALLOWED_HOSTS set, REDIS_URL for the shared cache). ROOT_URLCONF is read from
GACHI_BENCH_URLCONF, by default `apps.core.bench_urls`: the site's URLs plus `/bench/minimal/`,
the fastest page a Django view can serve through the same middleware, reported as the ceiling.
"""

import os

from django.core.exceptions import ImproperlyConfigured

from config.settings import *  # noqa: F403
from config.settings import CACHES, DATABASES, DEBUG

if DEBUG:
    raise ImproperlyConfigured("The benchmark measures production settings: set DEBUG=0.")

ROOT_URLCONF = os.environ.get("GACHI_BENCH_URLCONF", "apps.core.bench_urls")

# Each run (and each database size) caches under its own prefix: pages cached for one
# database must never be served from another, nor a previous run's warm the next one.
BENCH_CACHE_PREFIX = f"bench:{DATABASES['default']['NAME']}:{os.environ.get('GACHI_BENCH_RUN', '')}"
CACHES["default"]["KEY_PREFIX"] = BENCH_CACHE_PREFIX
