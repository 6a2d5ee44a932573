"""Gachi settings: one module, configured from the environment (see README.md)."""

from pathlib import Path

from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from config.env import (
    database_from_url,
    env_bool,
    env_int,
    env_list,
    env_rate,
    env_rate_pair,
    env_str,
)

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DEBUG", False)

SECRET_KEY = env_str("SECRET_KEY") or ""
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "insecure-development-key-only-used-with-DEBUG-on"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "django.forms",
    "django_htmx",
    "markdownx",
    "ninja",  # django-ninja: its Swagger UI files, served from our static files
    "apps.accounts",
    "apps.tokens",
    "apps.trust",
    "apps.markup",
    "apps.drafts",
    "apps.posts",
    "apps.reputation",
    "apps.questions",
    "apps.answers",
    "apps.comments",
    "apps.bounties",
    "apps.answer_requests",
    "apps.reading",
    "apps.papers",
    "apps.votes",
    "apps.tags",
    "apps.cards",
    "apps.search",
    "apps.following",
    "apps.paths",
    "apps.examples",
    "apps.badges",
    "apps.notifications",
    "apps.moderation",
    "apps.masterclass",
    "apps.api",
    "apps.core",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    # Before anything reads the body (CSRF parses it) or puts a value into a query.
    "apps.core.middleware.BodySizeLimitMiddleware",
    "apps.core.middleware.Utf8OnlyMiddleware",
    "apps.core.middleware.RejectNulMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # Korean unless the person chose otherwise; an English browser is offered English.
    "apps.core.language.KoreanFirstLocaleMiddleware",
    # The light or dark colours the person chose (kept pages are kept apart by it).
    "apps.core.themes.ThemeMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    # Inside it: pages are rendered with a placeholder for the CSRF token, replaced here by
    # the reader's own (apps.caching.pages), so nothing kept holds anyone's token.
    "apps.caching.pages.CsrfPlaceholderMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # After the user is known, inside LocaleMiddleware: a saved preference overrides the
    # cookie/browser language LocaleMiddleware picked (members without one keep that).
    "apps.accounts.middleware.UserLanguageMiddleware",
    # A member's first request of the day counts a visit (the visiting badges).
    "apps.badges.visits.VisitMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Last, so the first to see a view's exception: a refused action becomes its message.
    "apps.core.refusals.RefusalMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "apps.notifications.context_processors.unread",
                "apps.badges.context_processors.unseen",
                "apps.cards.context_processors.due",
                "apps.core.themes.theme_context",
                # After Django's own csrf processor: pages hold a placeholder for the
                # reader's token (apps.caching.pages.CsrfPlaceholderMiddleware).
                "apps.caching.pages.csrf_placeholder_context",
            ],
        },
    },
]

# Form widgets render through the project's templates too (our markdownx editor template).
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

DATABASES = {
    "default": database_from_url(
        env_str("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}", base_dir=BASE_DIR
    )
}
# An optional read replica for anonymous feeds and the sitemap (config/routers.py).
if env_str("DATABASE_REPLICA_URL"):
    DATABASES["replica"] = {
        **database_from_url(env_str("DATABASE_REPLICA_URL"), base_dir=BASE_DIR),
        "TEST": {"MIRROR": "default"},
    }
    DATABASE_ROUTERS = ["config.routers.ReplicaRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    # Loads each request's member with their moderator flag and unread count: one query.
    "apps.accounts.backends.MemberBackend",
    # Only for sessions begun before the line above (they name this backend); a password is
    # never checked here as well (MemberBackend refuses for it).
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# The cache holds rate-limit counters and question-view windows: with Redis they are shared by
# every app server; the local-memory default is per process (fine for one process).
REDIS_URL = env_str("REDIS_URL") or ""
if REDIS_URL and not REDIS_URL.startswith(("redis://", "rediss://", "unix://")):
    raise ImproperlyConfigured(
        f"REDIS_URL={REDIS_URL!r} must start with redis://, rediss:// or unix://."
    )
CACHES = {
    "default": (
        # django-redis rather than Django's own backend, which builds a new redis-py client
        # (about 0.15 ms of Python) for every call.
        {"BACKEND": "django_redis.cache.RedisCache", "LOCATION": REDIS_URL}
        if REDIS_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "gachi"}
    )
}
# Each process's own memory, beside the shared cache: copies of the pages kept whole for
# visitors (apps.caching.pages; at most 300, of up to ~100 KB), and small things it may
# remember on its own (until when a reader's view of a question is counted).
CACHES["visitor_pages"] = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "visitor-pages",
    "OPTIONS": {"MAX_ENTRIES": 300},
}
CACHES["local"] = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "local",
    "OPTIONS": {"MAX_ENTRIES": 20_000},
}
# Each process's own memory for HTML fragments kept under data generations with Django's
# {% cache %} tag: a post as one kind of reader sees it (templates/questions/detail.html), at
# most 4,000 of a few KB each.
CACHES["fragments"] = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "fragments",
    "OPTIONS": {"MAX_ENTRIES": 4000},
}
# How long a visitor's page may lag a write made through another process or server (writes
# through the same process show at once): for that long a process uses the data generations
# it read last instead of asking Redis on every request. 0 asks every time.
VISITOR_PAGE_LAG_MS = env_int("VISITOR_PAGE_LAG_MS", 1000)
# Sessions are kept in the database, so losing or flushing the cache never logs anyone out.
# With a shared cache (Redis) they are read through it (cached_db: the database is written on
# every change and read only when the cache has lost the session). Without one, the database
# alone: each process's own cache would go on serving a session another process had ended
# (logged out, or cycled at login).
SESSION_ENGINE = (
    "django.contrib.sessions.backends.cached_db"
    if REDIS_URL
    else "django.contrib.sessions.backends.db"
)

# Korean first; English complete. URLs are not prefixed by language: they are a public contract.
LANGUAGE_CODE = "ko"
LANGUAGES = [("ko", _("Korean")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = env_str("TIME_ZONE", "Asia/Seoul")
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT") or BASE_DIR / "staticfiles")
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("vendor/htmx", BASE_DIR / "node_modules" / "htmx.org" / "dist"),
    ("vendor/pretendard", BASE_DIR / "node_modules" / "pretendard" / "dist" / "web" / "variable"),
    ("vendor/stix-two-math", BASE_DIR / "node_modules" / "@fontsource" / "stix-two-math" / "files"),
]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT") or BASE_DIR / "media")

# Static files: served by the app itself (WhiteNoise, compressed and with hashed names) unless
# DEBUG is on, so one process is a whole site; a front proxy may serve STATIC_ROOT instead.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
# Uploads on S3-compatible object storage when a bucket is named (django-storages, installed
# separately: `pip install django-storages[s3]`); on local disk under MEDIA_ROOT otherwise.
AWS_STORAGE_BUCKET_NAME = env_str("AWS_STORAGE_BUCKET_NAME") or ""
if AWS_STORAGE_BUCKET_NAME:
    STORAGES["default"] = {"BACKEND": "storages.backends.s3.S3Storage"}
    AWS_S3_ENDPOINT_URL = env_str("AWS_S3_ENDPOINT_URL") or None
    AWS_S3_CUSTOM_DOMAIN = env_str("AWS_S3_CUSTOM_DOMAIN") or None
    AWS_QUERYSTRING_AUTH = False
    AWS_DEFAULT_ACL = None

# --- Security: production defaults whenever DEBUG is off ------------------------------------
SESSION_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = env_bool("SECURE_COOKIES", not DEBUG)
# Behind a TLS-terminating proxy that sets X-Forwarded-Proto (see docs/deploy.md).
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", not DEBUG)
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# Every page's scripts and styles are files of ours: no inline script or style is allowed.
_MEDIA_ORIGINS = [
    origin
    for origin in (
        f"https://{env_str('AWS_S3_CUSTOM_DOMAIN')}" if env_str("AWS_S3_CUSTOM_DOMAIN") else "",
        env_str("AWS_S3_ENDPOINT_URL") or "",
    )
    if origin
]
CONTENT_SECURITY_POLICY = {
    # The admin is Django's own (staff only); every page of ours is covered.
    "EXCLUDE_URL_PREFIXES": ["/admin/"],
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:", *_MEDIA_ORIGINS],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

# --- Writing: django-markdownx wired to our single rendering pipeline -----------------------
MARKDOWNX_MARKDOWNIFY_FUNCTION = "apps.markup.rendering.render_markdown"
MARKDOWNX_SERVER_CALL_LATENCY = 400
UPLOAD_MAX_BYTES = env_int("UPLOAD_MAX_BYTES", 5 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = 6 * 1024 * 1024

# --- Community rules --------------------------------------------------------------------------
QUESTIONS_PER_PAGE = 30
# Search lists at most this many questions, the most relevant (bounding the work per search).
SEARCH_RESULTS_LIMIT = 500
QUESTION_VIEW_WINDOW_SECONDS = env_int("QUESTION_VIEW_WINDOW_SECONDS", 60 * 60)
TAG_CREATE_MIN_REPUTATION = env_int("TAG_CREATE_MIN_REPUTATION", 300)
REPUTATION_BASE = 1  # what a new member starts with, so they can upvote from day one
# Privileges by reputation (apps.trust.privileges; staff and moderators have them all).
PRIVILEGE_UPVOTE = env_int("PRIVILEGE_UPVOTE", 1)
PRIVILEGE_FLAG = env_int("PRIVILEGE_FLAG", 15)
# Commenting on anyone's post (on your own posts, and on answers to your questions, always).
PRIVILEGE_COMMENT = env_int("PRIVILEGE_COMMENT", 50)
PRIVILEGE_DOWNVOTE = env_int("PRIVILEGE_DOWNVOTE", 50)
# Marking someone else's answer as a good example of a concept in use (apps.examples).
PRIVILEGE_MARK_EXAMPLE = env_int("PRIVILEGE_MARK_EXAMPLE", 50)
PRIVILEGE_CLOSE = env_int("PRIVILEGE_CLOSE", 500)
PRIVILEGE_EDIT_OTHERS = env_int("PRIVILEGE_EDIT_OTHERS", 1000)
# Offering a bounty (apps.bounties): it runs BOUNTY_DAYS, and its asker or offerer may still
# award it for BOUNTY_GRACE_HOURS after; then `manage.py close_bounties` settles it.
PRIVILEGE_BOUNTY = env_int("PRIVILEGE_BOUNTY", 75)
BOUNTY_DAYS = env_int("BOUNTY_DAYS", 7)
BOUNTY_GRACE_HOURS = env_int("BOUNTY_GRACE_HOURS", 24)
FLAGS_TO_HIDE = env_int("FLAGS_TO_HIDE", 3)  # spam/rude flags from different people
CLOSE_VOTES_NEEDED = env_int("CLOSE_VOTES_NEEDED", 3)
# How long after posting a comment its author may still edit it.
COMMENT_EDIT_SECONDS = env_int("COMMENT_EDIT_SECONDS", 300)

# --- Abuse resistance (apps.trust.ratelimits, apps.trust.newcomers) -------------------------
# Members below this reputation are new: stricter rate limits, few links and no images in posts.
NEW_USER_REPUTATION = env_int("NEW_USER_REPUTATION", 15)
NEW_USER_MAX_LINKS = env_int("NEW_USER_MAX_LINKS", 2)
# Per person (member id, or client address): (new members, everyone else). Counted in the cache.
# RATE_LIMIT_ASK=5/h,20/h and so on override one from the environment.
RATE_LIMITS = {
    action: env_rate_pair(f"RATE_LIMIT_{action.upper()}", default)
    for action, default in {
        "ask": ("5/h", "20/h"),
        "answer": ("10/h", "60/h"),
        "vote": ("30/h", "200/h"),
        "flag": ("10/h", "40/h"),
        "comment": ("10/h", "60/h"),
        "bounty": ("3/d", "10/d"),
        # Asking someone to answer (apps.answer_requests); new members may not at all.
        "request": ("3/h", "20/h"),
        "upload": ("10/h", "60/h"),
        # The editor previews each pause in typing: generous, it only stops scripts.
        "preview": ("600/h", "1800/h"),
        # Not new/established here: per client address, per email address typed.
        "password_reset": ("5/h", "5/h"),
        # Adding or changing an email address mails a link: per member, like the others.
        "email": ("5/h", "10/h"),
        # Personal access tokens made at /accounts/tokens/: per member.
        "token": ("10/h", "10/h"),
    }.items()
}
# Failed logins: further attempts for that username, or from that address, are refused.
LOGIN_FAILURES_PER_USERNAME = env_rate("LOGIN_FAILURES_PER_USERNAME", "5/15m")
LOGIN_FAILURES_PER_ADDRESS = env_rate("LOGIN_FAILURES_PER_ADDRESS", "20/15m")
# The request header (e.g. X-Real-IP) in which the proxy in front passes the client's address;
# empty: the connection's address (REMOTE_ADDR). Set it only behind a proxy that overwrites it.
CLIENT_IP_HEADER = env_str("CLIENT_IP_HEADER", "") or ""
# A cache that cannot be reached lets actions through rather than refusing everyone.
RATELIMIT_FAIL_OPEN = True

# --- Email: the daily digest, verification links, password resets --------------------------
# Console in development; SMTP (EMAIL_HOST …) in production; with the file backend
# (django.core.mail.backends.filebased.EmailBackend) each message is a file in EMAIL_FILE_PATH.
EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_TIMEOUT = 20
EMAIL_FILE_PATH = env_str("EMAIL_FILE_PATH", "") or None
if EMAIL_BACKEND == "django.core.mail.backends.filebased.EmailBackend" and not EMAIL_FILE_PATH:
    raise ImproperlyConfigured("EMAIL_FILE_PATH must name a folder for the file email backend.")
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Gachi <noreply@localhost>")
# Where links in emails point (no request to build them from in a cron job).
SITE_URL = (env_str("SITE_URL", "http://127.0.0.1:8000") or "").rstrip("/")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
        "keyvalue": {
            "()": "apps.core.request_log.KeyValueFormatter",
            "format": "%(asctime)s %(levelname)s %(name)s %(message)s",
        },
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "plain"},
        "requests": {"class": "logging.StreamHandler", "formatter": "keyvalue"},
    },
    "loggers": {
        # Errors carry the request (method, path, user) and the traceback; Django's
        # SafeExceptionReporterFilter hides settings and POST fields that look like secrets.
        "django.request": {"handlers": ["console"], "level": "ERROR", "propagate": False},
        "gachi.requests": {"handlers": ["requests"], "level": "INFO", "propagate": False},
    },
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
}
# One line per request with its time and SQL query count (development, or REQUEST_LOG=1).
if env_bool("REQUEST_LOG", DEBUG):
    MIDDLEWARE.insert(2, "apps.core.request_log.RequestLogMiddleware")
