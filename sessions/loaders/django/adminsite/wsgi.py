"""The WSGI app, with its database migrated and an admin user made on import."""

import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", __package__ + ".settings")

import django  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.core.wsgi import get_wsgi_application  # noqa: E402

django.setup()
call_command("migrate", verbosity=0, interactive=False)

from django.contrib.auth import get_user_model  # noqa: E402

get_user_model().objects.create_superuser("admin", "admin@example.org", "secretpw")
application = get_wsgi_application()
