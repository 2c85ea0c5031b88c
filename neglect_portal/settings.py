"""Settings for neglect_portal.

Every knob is an environment variable read through the small helpers below, which refuse values
they cannot understand rather than guessing. Defaults are the safe ones: debug is off unless asked
for, and with debug off the portal will not start without a secret key.
"""

import os
from datetime import timedelta
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlparse

import dj_database_url
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str = "") -> str:
    """A string setting, stripped of surrounding whitespace."""
    return os.environ.get(name, default).strip()


def env_bool(name: str, default: bool) -> bool:
    """A yes/no setting; anything other than the usual spellings is refused."""
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be one of 1/0, true/false, yes/no, on/off; got {raw!r}")


def env_int(name: str, default: int, *, minimum: int = 0) -> int:
    """A whole-number setting no smaller than `minimum`."""
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = int(raw)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be a whole number; got {raw!r}") from exc
    if value < minimum:
        raise ImproperlyConfigured(f"{name} must be at least {minimum}; got {value}")
    return value


def env_float(name: str, default: float, *, minimum: float = 0.0, maximum: float | None = None) -> float:
    """A decimal-number setting within [minimum, maximum]."""
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = float(raw)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be a number; got {raw!r}") from exc
    if value < minimum or (maximum is not None and value > maximum):
        raise ImproperlyConfigured(f"{name} must be between {minimum} and {maximum}; got {value}")
    return value


def env_list(name: str, default: list[str]) -> list[str]:
    """A comma-separated list setting."""
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def email_settings(url: str) -> dict:
    """Django email settings from an EMAIL_URL such as smtp://user:pass@host:587?tls=1.

    Schemes: console:// (print mail to the console), smtp:// (add ?tls=1 for STARTTLS),
    smtps:// (implicit TLS).
    """
    if not url or url.startswith("console:"):
        return {"EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend"}
    parsed = urlparse(url)
    if parsed.scheme not in {"smtp", "smtps"} or not parsed.hostname:
        raise ImproperlyConfigured(
            f"EMAIL_URL must look like smtp://user:password@host:port or console://; got {url!r}"
        )
    options = parse_qs(parsed.query)
    use_tls = options.get("tls", ["0"])[0].lower() in _TRUE
    return {
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": parsed.hostname,
        "EMAIL_PORT": parsed.port or (465 if parsed.scheme == "smtps" else 25),
        "EMAIL_HOST_USER": unquote(parsed.username or ""),
        "EMAIL_HOST_PASSWORD": unquote(parsed.password or ""),
        "EMAIL_USE_SSL": parsed.scheme == "smtps",
        "EMAIL_USE_TLS": use_tls and parsed.scheme == "smtp",
        "EMAIL_TIMEOUT": 10,
    }


# --- Core -----------------------------------------------------------------------------------

DEBUG = env_bool("DJANGO_DEBUG", False)

# The portal's public address: every link in an email is built from it (core.links.absolute_url).
# Required with debug off (`manage.py check --deploy` says so when it is missing).
PORTAL_URL = env_str("PORTAL_URL", "http://127.0.0.1:8000" if DEBUG else "")

SECRET_KEY = env_str("DJANGO_SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off. "
            'Generate one with: python -c "import secrets; print(secrets.token_urlsafe(50))"'
        )
    # Only ever used on a developer's machine with debug on.
    SECRET_KEY = "django-insecure-development-only-key-never-used-with-debug-off"  # noqa: S105

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", [])

# The framework apps are named by their config class: each builds on core.apps.PortalAppConfig, so
# its apps module holds two AppConfig classes and Django must be told which one is the app.
INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "crispy_forms",
    "crispy_bootstrap5",
    "simple_history",
    "axes",
    "core.apps.CoreConfig",
    "areas",
    "stages.apps.StagesConfig",
    "teams.apps.TeamsConfig",
    "innovations.apps.InnovationsConfig",
    "drivers.apps.DriversConfig",
    "measures.apps.MeasuresConfig",
    "cycles.apps.CyclesConfig",
    "community.apps.CommunityConfig",
    "reports.apps.ReportsConfig",
    "notifications",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "neglect_portal.middleware.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Refuses an oversized body before CSRF or a view reads it; after authentication so that the
    # refusal page has the site's layout.
    "neglect_portal.middleware.RequestSizeLimitMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Axes must come last so that it sees the outcome of every sign-in attempt.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "neglect_portal.urls"
WSGI_APPLICATION = "neglect_portal.wsgi.application"
AUTH_USER_MODEL = "areas.User"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "areas.context_processors.navigation",
                "notifications.context_processors.notifications",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------------

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Redis, cache and Celery ------------------------------------------------------------------

REDIS_URL = env_str("REDIS_URL")
if REDIS_URL and not REDIS_URL.startswith(("redis://", "rediss://", "unix://")):
    raise ImproperlyConfigured(f"REDIS_URL must start with redis://, rediss:// or unix://; got {REDIS_URL!r}")

if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Without a broker, tasks run in-process as they are queued, so a newcomer needs nothing else.
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TIMEZONE = "Europe/London"
# A task whose worker dies is not acknowledged (acks late), so the broker hands it to another worker:
# Redis does that once the message has been unacknowledged for CELERY_VISIBILITY_TIMEOUT seconds,
# which must be longer than any task may run (the report time limit plus its grace), or a task still
# running would be handed out again. A child process killed mid-task puts its task back at once.
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_VISIBILITY_TIMEOUT = env_int("CELERY_VISIBILITY_TIMEOUT", 3600, minimum=1)
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": CELERY_VISIBILITY_TIMEOUT,
    # How often a worker looks for abandoned messages to restore (seconds).
    "unacked_restore_interval": env_int("CELERY_RESTORE_SWEEP_SECONDS", 60, minimum=1),
    "unacked_restore_throttle": 1,
}

# Every periodic task the portal runs, in one place.
CELERY_BEAT_SCHEDULE = {
    # 03:15 every night: remove expired sign-in sessions so the session table does not grow forever.
    "clear-expired-sessions": {
        "task": "areas.tasks.clear_expired_sessions",
        "schedule": crontab(hour=3, minute=15),
    },
    # 06:30 every morning: one email per follower gathering everything new on yesterday's topics and examples.
    "community-follower-digests": {
        "task": "community.tasks.queue_follower_digests",
        "schedule": crontab(hour=6, minute=30),
    },
    # 00:20 every day: open the current quarter's return for every programme area (a no-op once open).
    "reports-open-returns": {
        "task": "reports.tasks.open_quarter_returns",
        "schedule": crontab(hour=0, minute=20),
    },
    # 07:00 every day: email area leads about returns due in a week, due today, or overdue (weekly);
    # every reminder is recorded, so a second run the same day sends nothing.
    "reports-return-reminders": {
        "task": "reports.tasks.send_return_reminders",
        "schedule": crontab(hour=7, minute=0),
    },
    # 06:45 every morning: one email per person gathering the notifications they take as a daily digest.
    "notifications-daily-digests": {
        "task": "notifications.tasks.queue_daily_digests",
        "schedule": crontab(hour=6, minute=45),
    },
    # Every ten minutes: try again any email still queued (a mail server that was down, say).
    "notifications-send-queued-emails": {
        "task": "notifications.tasks.send_queued_emails",
        "schedule": crontab(minute="*/10"),
    },
    # Every ten minutes: a report build still running long after its time limit lost its worker; mark it failed.
    "reports-fail-lost-runs": {
        "task": "reports.tasks.fail_lost_report_runs",
        "schedule": crontab(minute="*/10"),
    },
    # 05:00 every day: on the day after returns fall due, build a draft national report (once).
    "reports-draft-national-report": {
        "task": "reports.tasks.build_due_national_report",
        "schedule": crontab(hour=5, minute=0),
    },
}

# --- Authentication ---------------------------------------------------------------------------

AUTHENTICATION_BACKENDS = [
    # Axes first, so a locked-out account is refused before its password is checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 60 * 60 * 12, minimum=300)

# Five wrong passwords in a row lock the account for AXES_COOLOFF_MINUTES from where they were
# tried. Locking the user name together with the address means a stranger elsewhere cannot lock
# a colleague out, and a council office behind one shared address is not locked as a whole.
# The address is the real client's behind the load balancer (neglect_portal/lockout.py).
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 30, minimum=1))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# One address trying passwords across many user names is locked as a whole after this many
# wrong passwords in all (higher than the per-account limit: offices share addresses).
AXES_ADDRESS_FAILURE_LIMIT = env_int("AXES_ADDRESS_FAILURE_LIMIT", 20, minimum=1)
AXES_HANDLER = "neglect_portal.lockout.AddressLimitedAxesHandler"
AXES_CLIENT_IP_CALLABLE = "neglect_portal.lockout.client_ip_address"
AXES_RESET_ON_SUCCESS = True
# A refused attempt during a lockout (even the right password) must not make the lockout longer.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False

# --- Security ----------------------------------------------------------------------------------

# Behind a proxy that terminates TLS, set DJANGO_BEHIND_PROXY=1 so Django trusts X-Forwarded-Proto,
# and the client address for sign-in lockouts is taken from X-Forwarded-For: the entry
# PROXY_COUNT from the right, the one our outermost proxy wrote (neglect_portal/lockout.py).
# Off, both headers are ignored and the connecting address is the client's.
BEHIND_PROXY = env_bool("DJANGO_BEHIND_PROXY", False)
PROXY_COUNT = env_int("DJANGO_PROXY_COUNT", 1, minimum=1)
if BEHIND_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", not DEBUG)
SECURE_HSTS_SECONDS = env_int("DJANGO_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_HSTS_INCLUDE_SUBDOMAINS", not DEBUG)
SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD", not DEBUG)
SESSION_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Scripts and styles come only from our own static files: no inline code, no other host.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; "
    "form-action 'self'; frame-ancestors 'none'"
)

# --- Request sizes -------------------------------------------------------------------------------

# The largest request body accepted at all, refused with a 413 page before it is read: the largest
# upload (10 MB) plus room for the rest of its form. The proxy in front and gunicorn should refuse
# the same (README, Deployment).
MAX_REQUEST_BYTES = env_int("DJANGO_MAX_REQUEST_BYTES", 11 * 1024 * 1024, minimum=1024 * 1024)
# Form fields other than files: the longest text anyone types is far below this.
DATA_UPLOAD_MAX_MEMORY_SIZE = env_int("DJANGO_MAX_FORM_BYTES", 2 * 1024 * 1024, minimum=64 * 1024)
# Uploaded files up to this size stay in memory; larger ones go to a temporary file while checked.
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024

# --- Email ------------------------------------------------------------------------------------

globals().update(email_settings(env_str("EMAIL_URL")))
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Neglect portal <no-reply@neglect-portal.invalid>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
ADMINS = [("Portal administrators", address) for address in env_list("DJANGO_ADMIN_EMAILS", [])]

# --- Language, time and formats -----------------------------------------------------------------

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True
# "26 Nov 2026" everywhere (the en-gb locale already formats dates this way).
DATE_FORMAT = "j M Y"
SHORT_DATE_FORMAT = "d/m/Y"
DATE_INPUT_FORMATS = ["%Y-%m-%d", "%d/%m/%Y", "%d/%m/%y"]

# --- Static files -------------------------------------------------------------------------------

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [
    BASE_DIR / "static",
    # Bootstrap comes from npm (`npm ci`); nothing from a CDN, no vendor files in git.
    ("vendor/bootstrap", BASE_DIR / "node_modules" / "bootstrap" / "dist"),
]
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
MEDIA_ROOT = Path(env_str("MEDIA_ROOT") or BASE_DIR / "media")
MEDIA_URL = "/media/"

# --- Forms and messages ----------------------------------------------------------------------------

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"
MESSAGE_TAGS = {40: "danger"}  # Bootstrap calls the error style "danger".

# --- Programme ---------------------------------------------------------------------------------

# Hours in a full-time working week, for turning dedicated hours into full-time equivalents (FTE).
FULL_TIME_WEEKLY_HOURS = env_float("FULL_TIME_WEEKLY_HOURS", 37.0, minimum=1.0, maximum=60.0)
# Quarterly returns are due this many days after the quarter ends.
RETURN_DUE_DAYS = env_int("RETURN_DUE_DAYS", 15, minimum=0)
# Counts from 1 to this number minus one are shown as "<N" in anything published beyond an area.
SMALL_NUMBER_THRESHOLD = env_int("SMALL_NUMBER_THRESHOLD", 5, minimum=2)
# A report build that runs longer than this many seconds is stopped and recorded as failed.
REPORT_TIME_LIMIT_SECONDS = env_int("REPORT_TIME_LIMIT_SECONDS", 600, minimum=30)
# An open PDSA cycle with no phase change for this many days is flagged as stalled.
CYCLE_STALLED_DAYS = env_int("CYCLE_STALLED_DAYS", 60, minimum=1)
# A drivers assessment can be completed once at least this share of its items is answered.
DRIVERS_COMPLETION_SHARE = env_float("DRIVERS_COMPLETION_SHARE", 0.8, minimum=0.0, maximum=1.0)
# A fidelity check counts for this many months unless its instrument sets its own validity period.
FIDELITY_VALIDITY_MONTHS = env_int("FIDELITY_VALIDITY_MONTHS", 6, minimum=1)
# A drivers assessment older than this many months is due again (six-monthly by default).
DRIVERS_ASSESSMENT_INTERVAL_MONTHS = env_int("DRIVERS_ASSESSMENT_INTERVAL_MONTHS", 6, minimum=1)

# --- Logging --------------------------------------------------------------------------------------

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("DJANGO_LOG_LEVEL", "INFO").upper()},
    # WeasyPrint reports every layout step at INFO while it builds a PDF report.
    "loggers": {"axes": {"level": "WARNING"}, "weasyprint": {"level": "WARNING"}, "fontTools": {"level": "WARNING"}},
}
