import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
application = get_wsgi_application()

# Load the Korean analyzer (about 500 MB) now: under `gunicorn --preload` this runs in the
# master before it forks, so every worker shares one copy instead of loading its own.
from apps.search.analyzer import kiwi  # noqa: E402

kiwi()
