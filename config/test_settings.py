"""Test settings: only what the tests need differs from production settings."""

import os

os.environ.setdefault("SECRET_KEY", "tests-only-secret-key-not-for-production")

from config.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
ALLOWED_HOSTS = ["*"]
MEDIA_ROOT = BASE_DIR / ".test-media"  # noqa: F405
