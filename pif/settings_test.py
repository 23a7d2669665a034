"""Settings for the test suite: the production settings with plain HTTP and fast hashing.

Tests speak plain HTTP to Django (the browser tests too), so the HTTPS-only settings of
production mode are switched off here; `test_settings.py` checks production mode itself.
"""

import os
import tempfile
from pathlib import Path

from pif.settings import *  # noqa: F403
from pif.settings import CACHES, STORAGES

SECURE_SSL_REDIRECT = False
SECURE_HSTS_SECONDS = 0
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# The hashed-name manifest exists only after collectstatic, which tests do not run.
STORAGES = {**STORAGES, "staticfiles": {
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Uploaded files go to a folder of the test run's own, never into the checkout.
MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="pif-test-media-"))
# Drawn charts too (the shared chart store), so tests never touch var/; a benchmark run
# with these settings names a folder that all its server's processes share.
CACHES = {**CACHES, "charts": {**CACHES["charts"], "LOCATION": (
    os.environ.get("PIF_CHART_CACHE_DIR") or tempfile.mkdtemp(prefix="pif-test-charts-"))}}
