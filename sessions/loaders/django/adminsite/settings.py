"""A Django project with its admin, as small as Django allows: gwsh's example
of a real third-party app's login (CSRF token, session cookie, redirect)."""

SECRET_KEY = "gwsh-example-not-secret"
DEBUG = False
ALLOWED_HOSTS = ["*"]
# The package is imported from the working directory by its full dotted name
# (sessions.django.adminsite), so its modules name each other from __package__.
ROOT_URLCONF = __package__ + ".urls"
USE_TZ = True
# Pages carry the zone's offset from UTC: a fixed zone keeps them alike all year.
TIME_ZONE = "UTC"
INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
]
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
]
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ]
        },
    }
]
STATIC_URL = "/static/"

# A database of its own for each run, in memory: made when the app is imported,
# gone with the worker, so a replay always starts from the same state. (A file
# would outlive the worker, which gwsh stops with SIGKILL: no atexit runs.) The
# worker calls the app on one thread, and Django keeps an in-memory SQLite
# connection open across requests.
DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}}
