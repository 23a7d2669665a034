"""Django settings for PIF, read from the environment.

Every setting an operator may change is an environment variable; the README lists them.
SQLite in ``var/`` is the default database so a fresh checkout just runs.
"""

import ipaddress
import os
import secrets
from pathlib import Path

import dj_database_url

# openpyxl reads workbooks with lxml whenever lxml is installed (the test tools bring it in),
# and then reads a formula's saved result and a workbook's parts differently. PIF reads
# uploads one way, the standard library's, wherever it runs. Set before openpyxl is imported.
os.environ.setdefault("OPENPYXL_LXML", "False")
from django.core.exceptions import ImproperlyConfigured

from pif.accounts.sso.config import providers_from_env

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("PIF_VAR_DIR", BASE_DIR / "var"))


TRUE_WORDS = ("1", "true", "yes", "on")
FALSE_WORDS = ("0", "false", "no", "off")


def envbool(name: str, default: str) -> bool:
    # A typing mistake ("ture") must stop the site, not quietly switch a security setting off.
    value = os.environ.get(name, "").strip().lower() or default
    if value not in TRUE_WORDS + FALSE_WORDS:
        raise ImproperlyConfigured(f"{name} must be true or false, not {os.environ[name]!r}")
    return value in TRUE_WORDS


def envint(name: str, default: str) -> int:
    value = os.environ.get(name, "").strip() or default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}") from None


def envlist(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def envnetworks(name: str) -> list:
    """Addresses or networks (127.0.0.1, 10.0.0.0/8), comma-separated."""
    networks = []
    for item in envlist(name, ""):
        try:
            networks.append(ipaddress.ip_network(item, strict=False))
        except ValueError:
            raise ImproperlyConfigured(
                f"{name} must list IP addresses or networks, such as 127.0.0.1 or "
                f"10.0.0.0/8; {item!r} is neither") from None
    return networks


def _local_secret_key() -> str:
    """A key kept in var/ so a laptop install needs no configuration; production sets SECRET_KEY."""
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    key_file = VAR_DIR / "secret-key"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(50))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


DEBUG = envbool("DEBUG", "false")
SECRET_KEY = os.environ.get("SECRET_KEY") or _local_secret_key()
ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS", "")
SITE_NAME = os.environ.get("SITE_NAME", "PIF")
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "simple_history",
    "axes",
    "pif.accounts",
    "pif.partnerships",
    "pif.measures",
    "pif.outcomes",
    "pif.improvement",
    "pif.people",
    "pif.reviews",
    "pif.reports",
    "pif.api",
    "pif.backups",
    "ninja",
    "django_tasks",
    "django_tasks_db",
]

MIDDLEWARE = [
    # First, so every response has its security headers, error pages included.
    "pif.middleware.SecurityHeaders",
    "pif.middleware.RefuseNulBytes",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    # Axes must be last: it turns a locked-out login into the lockout response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "pif.urls"
WSGI_APPLICATION = "pif.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "pif" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "pif.partnerships.context_processors.site",
                "pif.partnerships.context_processors.partnership_access",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", "").strip() or f"sqlite:///{VAR_DIR / 'pif.sqlite3'}",
        conn_max_age=envint("DB_CONN_MAX_AGE", "60"),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers work while one writer saves; a busy timeout avoids "database is locked".
    DATABASES["default"]["OPTIONS"] = {
        "init_command": ("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
                         "PRAGMA cache_size=-65536;"),
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["TEST"] = {"NAME": os.environ.get("TEST_SQLITE_NAME")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # PIF's queries are short; PostgreSQL's JIT compiler judged the History page's one large
    # query worth compiling at national scale and spent 25 s doing it for a 90 ms query.
    _options = DATABASES["default"].setdefault("OPTIONS", {})
    _options["options"] = f"{_options.get('options', '')} -c jit=off".strip()

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
     "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Single sign-on: OpenID Connect providers, one per partner organisation (README, ADR 0020).
OIDC_PROVIDERS = providers_from_env(os.environ)
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
# Invitations stay valid for a week; password reset links only an hour (pif/accounts/tokens.py).
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24 * 7

# django-axes: lock an account and address pair after repeated failures.
AXES_FAILURE_LIMIT = envint("AXES_FAILURE_LIMIT", "5")
AXES_COOLOFF_TIME = envint("AXES_COOLOFF_MINUTES", "30") / 60  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
# The sign-in form posts the email as "username"; count failures against it, in lower case,
# so changing the case of an address does not dodge the lockout.
AXES_USERNAME_FORM_FIELD = "username"
AXES_USERNAME_CALLABLE = "pif.accounts.models.username_for_lockout"
# Behind a reverse proxy every request comes from the proxy's address, so one stranger's
# wrong passwords would lock the account for everyone. The client address is taken from
# X-Forwarded-For only when the request comes from one of these proxies (see the README).
TRUSTED_PROXIES = envnetworks("TRUSTED_PROXIES")
AXES_CLIENT_IP_CALLABLE = "pif.accounts.addresses.client_address"

LANGUAGE_CODE = "en-gb"
TIME_ZONE = os.environ.get("TIME_ZONE", "Europe/London")
USE_I18N = False
USE_TZ = True
DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j F Y, H:i"
SHORT_DATE_FORMAT = "j M Y"
USE_THOUSAND_SEPARATOR = False

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "pif" / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", VAR_DIR / "static"))
# Uploaded files (self-assessment evidence). No MEDIA_URL: files are served only by views
# that check the person may read the partnership they belong to.
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
EVIDENCE_MAX_BYTES = envint("EVIDENCE_MAX_BYTES", str(10 * 1024 * 1024))

# The REST API (pif/api/): a page of a list holds 100 items unless the caller asks for up
# to 1,000 (`limit`).
NINJA_PAGINATION_CLASS = "pif.api.common.BoundedLimitOffset"
# Personal and service tokens may be valid for at most this many days.
API_TOKEN_MAX_DAYS = envint("API_TOKEN_MAX_DAYS", "366")

# Drawn charts, shared by every process (pif/measures/charts/store.py): files, not the
# database, so backups and the exit download do not carry them (docs/adr/0024). The default
# cache is Django's own default.
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "charts": {
        "BACKEND": "pif.measures.charts.store.ChartFileCache",
        "LOCATION": str(Path(os.environ.get("PIF_CHART_CACHE_DIR",
                                            VAR_DIR / "cache" / "charts"))),
        "TIMEOUT": None,  # a chart's key changes with what it draws: nothing goes stale
        "OPTIONS": {"MAX_ENTRIES": envint("PIF_CHART_CACHE_MAX_ENTRIES", "100000")},
    },
}

# Scheduled reports run as background tasks kept in the database; `pif worker` runs them.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
# Serving straight from the app folders means `pif demo` needs no collectstatic step.
WHITENOISE_USE_FINDERS = envbool("WHITENOISE_USE_FINDERS", "true" if DEBUG else "false")
# Files browsers ask for at the site's root whatever a page links: /favicon.ico.
WHITENOISE_ROOT = BASE_DIR / "pif" / "root_files"

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = envint("EMAIL_PORT", "25")
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = envbool("EMAIL_USE_TLS", "false")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "PIF <pif@localhost>")

# Production mode (DEBUG off): secure cookies and headers; `manage.py check --deploy` is clean.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = envint("SESSION_COOKIE_AGE", str(60 * 60 * 12))
SESSION_COOKIE_SECURE = envbool("SESSION_COOKIE_SECURE", "false" if DEBUG else "true")
CSRF_COOKIE_SECURE = envbool("CSRF_COOKIE_SECURE", "false" if DEBUG else "true")
SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", "false" if DEBUG else "true")
SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", "0" if DEBUG else "31536000")
SECURE_HSTS_INCLUDE_SUBDOMAINS = envbool("SECURE_HSTS_INCLUDE_SUBDOMAINS", "true")
SECURE_HSTS_PRELOAD = envbool("SECURE_HSTS_PRELOAD", "false")
if envbool("BEHIND_HTTPS_PROXY", "false"):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
CSRF_FAILURE_VIEW = "pif.errors.csrf_failure"
# No inline script anywhere: scripts come from PIF's own static files (pif/middleware.py).
CONTENT_SECURITY_POLICY = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "font-src": "'self'",
    "connect-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}
# Pages whose charts vega-embed redraws: Vega compiles chart expressions with the Function
# constructor, which needs 'unsafe-eval' (still no inline script).
CSP_EVAL_URL_NAMES = ["indicator"]
SILENCED_SYSTEM_CHECKS = ["security.W021"] if not SECURE_HSTS_PRELOAD else []

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
