"""Test settings: only what the tests need differs from production settings."""

import os

os.environ.setdefault("SECRET_KEY", "tests-only-secret-key-not-for-production")
# The test client and the live server speak plain HTTP on localhost.
os.environ.setdefault("SECURE_SSL_REDIRECT", "0")
os.environ.setdefault("SECURE_COOKIES", "0")

from config.settings import *  # noqa: F403

# The benchmark tooling (bench/) is not part of the site; installed here so its tests run.
INSTALLED_APPS = [*INSTALLED_APPS, "bench"]  # noqa: F405
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
ALLOWED_HOSTS = ["*"]
MEDIA_ROOT = BASE_DIR / ".test-media"  # noqa: F405
# Static files straight from the app folders: no collectstatic manifest needed.
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Never the REDIS_URL of the environment: tests clear the cache between them.
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "visitor_pages": CACHES["visitor_pages"],  # noqa: F405
    "local": CACHES["local"],  # noqa: F405
    "fragments": CACHES["fragments"],  # noqa: F405
}
# Sessions as a site with Redis keeps them (read through the cache, kept in the database),
# whether or not REDIS_URL is set where the tests run.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
# WhiteNoise finds files in the app folders per request, as in development (no STATIC_ROOT).
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True
