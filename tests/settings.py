"""Test settings: the real settings module, with the two things a test run must not need.

- A secret key, so the suite runs with debug off (as production does) without a real key.
- Plain static file storage: production hashes file names at collectstatic time, but tests and the
  browser tests' live server serve files straight from their sources.
"""

import os
import tempfile

# Links in emails: the tests check they carry the portal's real address, never localhost.
os.environ.setdefault("PORTAL_URL", "http://portal.example.org")
os.environ.setdefault("DJANGO_SECRET_KEY", "insecure-key-for-the-test-suite-only-0123456789-abcdefghijklmnop")

from neglect_portal.settings import *  # noqa: E402, F403
from neglect_portal.settings import STORAGES  # noqa: E402

STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
# Fast hashing: the suite creates many users. Production keeps Argon2.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # noqa: S303
# The test client speaks plain HTTP.
SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Behaviour tests run tasks in-process so they can see the result. When REDIS_URL is set (as in CI),
# tests/test_celery.py still sends a task through the real broker to a real worker.
CELERY_TASK_ALWAYS_EAGER = True
# Serve static files from their sources; there is no collectstatic output in a test run.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
# Files the tests upload or build go to a scratch folder, never the project's own media/.
MEDIA_ROOT = os.path.join(tempfile.gettempdir(), "neglect-portal-test-media")
