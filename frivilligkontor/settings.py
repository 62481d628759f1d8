"""Settings for the Frivilligkontor portal, driven by environment variables.

DJANGO_ENV selects the mode: "development" (default), "test" (set by the test
command) or "production". Production refuses to start without a real secret key,
allowed hosts and an SMTP server. See .env.example for every variable.
"""

import os
import sys
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

from frivilligkontor.maps import KARTVERKET_ATTRIBUTION, KARTVERKET_TILE_URL, tile_origin

BASE_DIR = Path(__file__).resolve().parent.parent


def env(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in env(name, default).split(",") if item.strip()]


ENVIRONMENT = env("DJANGO_ENV") or ("test" if "pytest" in sys.modules else "development")
if ENVIRONMENT not in {"development", "test", "production"}:
    raise ImproperlyConfigured("DJANGO_ENV must be development, test or production.")
PRODUCTION = ENVIRONMENT == "production"
TESTING = ENVIRONMENT == "test"

DEBUG = env_bool("DEBUG", default=False)
if PRODUCTION and DEBUG:
    raise ImproperlyConfigured("DEBUG must be off in production.")

_INSECURE_KEY = "django-insecure-development-key-only-for-local-use-never-in-production"
SECRET_KEY = env("SECRET_KEY", _INSECURE_KEY)
if PRODUCTION and (
    SECRET_KEY == _INSECURE_KEY
    or SECRET_KEY.startswith("django-insecure")
    or len(SECRET_KEY) < 50
    or len(set(SECRET_KEY)) < 5
):
    raise ImproperlyConfigured(
        "Set SECRET_KEY to a random value of at least 50 characters in production."
    )

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "" if PRODUCTION else "127.0.0.1,localhost,testserver")
if PRODUCTION and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("Set ALLOWED_HOSTS in production.")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

# The portal's own public address, used in e-mails (secret links, unsubscribe links).
SITE_URL = env("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "frivilligkontor",
    "henvendelser",
    "lokaler",
    "tilskudd",
    "nettverk",
    "frivilligkontor.admin_apps.PortalAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "crispy_forms",
    "django_tasks_db",
    "pgtrigger",
    "pghistory",
    "pghistory.admin",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "frivilligkontor.staff_sessions.StaffSessionLimitMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "pghistory.middleware.HistoryMiddleware",
    # Must be last: django-axes locks out brute-force attempts on the admin login.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "frivilligkontor.urls"
WSGI_APPLICATION = "frivilligkontor.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "frivilligkontor.context_processors.portal",
            ],
        },
    },
]

# One database, PostgreSQL, everywhere. The run and test commands set DATABASE_URL
# to a private embedded PostgreSQL under var/ when none is given.
# Outside production, a missing DATABASE_URL means the embedded server (started on first use).
if not env("DATABASE_URL"):
    if PRODUCTION:
        raise ImproperlyConfigured("Set DATABASE_URL to the PostgreSQL server in production.")
    from frivilligkontor.embedded_db import ensure_url

    os.environ["DATABASE_URL"] = ensure_url()
DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL"),
        conn_max_age=int(env("CONN_MAX_AGE", "600")),
        conn_health_checks=True,
    )
}
# A database that does not answer must not hang the site: give up connecting after
# DATABASE_CONNECT_TIMEOUT seconds, and cancel any statement running longer than
# DATABASE_STATEMENT_TIMEOUT seconds (0 = no limit, e.g. for a long `migrate`). TCP
# keepalives notice a server that vanished from the network.
DATABASE_CONNECT_TIMEOUT = int(env("DATABASE_CONNECT_TIMEOUT", "3"))
# (No limit by default under tests: a loaded CI machine may be slow to create the test database.)
DATABASE_STATEMENT_TIMEOUT = float(env("DATABASE_STATEMENT_TIMEOUT", "0" if TESTING else "20"))
DATABASES["default"].setdefault("OPTIONS", {}).update(
    {
        "connect_timeout": DATABASE_CONNECT_TIMEOUT,
        "options": f"-c statement_timeout={int(DATABASE_STATEMENT_TIMEOUT * 1000)}",
        "keepalives": 1,
        "keepalives_idle": 30,
        "keepalives_interval": 10,
        "keepalives_count": 3,
    }
)
# /health/ reports a worker as stale when its newest heartbeat is older than this.
HEALTH_WORKER_STALE_SECONDS = int(env("HEALTH_WORKER_STALE_SECONDS", "120"))
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "frivilligkontor.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
if TESTING:
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# pghistory's list of every recorded change is for superusers; staff see an object's
# history on its own page (frivilligkontor.admin.history).
PGHISTORY_ADMIN_CLASS = "frivilligkontor.admin.history.AuditEventsAdmin"

# django-axes: lock an account/address pair after repeated failed admin logins.
AXES_FAILURE_LIMIT = int(env("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = 1  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
# Failed attempts are all the lockout needs; no record of every successful login is kept.
AXES_DISABLE_ACCESS_LOG = True
AXES_ENABLED = env_bool("AXES_ENABLED", default=True)
# The lockout answers 429 with the portal's 429 page (frivilligkontor.errors).
AXES_LOCKOUT_CALLABLE = "frivilligkontor.errors.login_locked_out"
# Proxies in front that append the client's address to X-Forwarded-For (the load balancer
# = 1); frivilligkontor.network reads the client's address with it (not django-ipware).
TRUSTED_PROXY_COUNT = int(env("AXES_PROXY_COUNT", "1" if PRODUCTION else "0"))
# Addresses (or networks) of the load balancers; X-Forwarded-For counts only from them.
TRUSTED_PROXY_NETWORKS = env_list("TRUSTED_PROXIES")
# The lockout and every form limit take the client's address from one function.
AXES_CLIENT_IP_CALLABLE = "frivilligkontor.network.client_address"
# Besides the lockout per username and address: login attempts per address, any username.
LOGIN_ATTEMPTS_PER_ADDRESS = int(env("LOGIN_ATTEMPTS_PER_ADDRESS", "30"))
LOGIN_ATTEMPTS_WINDOW_SECONDS = int(env("LOGIN_ATTEMPTS_WINDOW_SECONDS", "3600"))
# Staff sessions end after this much inactivity, and after this long in any case.
STAFF_SESSION_IDLE_SECONDS = int(env("STAFF_SESSION_IDLE_MINUTES", "30")) * 60
STAFF_SESSION_MAX_SECONDS = int(env("STAFF_SESSION_MAX_HOURS", "10")) * 3600

# The back office lives at a configurable path; staff need a second factor in production.
ADMIN_URL = env("ADMIN_URL", "admin/").strip("/") + "/"
ADMIN_REQUIRE_OTP = env_bool("ADMIN_REQUIRE_OTP", default=PRODUCTION)
OTP_TOTP_ISSUER = "Frivilligkontoret Oslo kommune"

LANGUAGE_CODE = "nb"
LANGUAGES = [("nb", _("Norwegian Bokmål")), ("en", _("English"))]
# The portal's catalogue (made by makemessages), then bokmål for strings of Django and
# third-party apps that their own catalogues lack (kept by hand; makemessages never
# touches it). The first entry wins where both have a string.
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "locale" / "overrides"]
TIME_ZONE = "Europe/Oslo"
USE_I18N = True
USE_TZ = True
LANGUAGE_COOKIE_NAME = "__Host-language" if PRODUCTION else "django_language"
LANGUAGE_COOKIE_SECURE = PRODUCTION
LANGUAGE_COOKIE_SAMESITE = "Lax"

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "var" / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if TESTING
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
MEDIA_ROOT = BASE_DIR / "var" / "media"

CRISPY_ALLOWED_TEMPLATE_PACKS = ("punkt",)
CRISPY_TEMPLATE_PACK = "punkt"
CRISPY_FAIL_SILENTLY = not DEBUG

# E-mail goes through Django's mailers. Production needs an SMTP server (EMAIL_HOST);
# development writes each message to a file in var/mail/ so it can be read.
DEFAULT_FROM_EMAIL = env(
    "DEFAULT_FROM_EMAIL", "Frivilligkontoret <frivilligkontoret@kul.oslo.kommune.no>"
)
SERVER_EMAIL = env("SERVER_EMAIL", DEFAULT_FROM_EMAIL)
OFFICE_EMAIL = env("OFFICE_EMAIL", "frivilligkontoret@kul.oslo.kommune.no")
if env("EMAIL_HOST"):
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": env("EMAIL_HOST"),
                "port": int(env("EMAIL_PORT", "587")),
                "username": env("EMAIL_HOST_USER"),
                "password": env("EMAIL_HOST_PASSWORD"),
                "use_tls": env_bool("EMAIL_USE_TLS", default=True),
                "timeout": 20,
            },
        }
    }
elif PRODUCTION:
    raise ImproperlyConfigured("Set EMAIL_HOST (and credentials) for outgoing mail in production.")
else:
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.filebased.EmailBackend",
            "OPTIONS": {"file_path": str(BASE_DIR / "var" / "mail")},
        }
    }

# Side effects (e-mail) are queued in the same transaction as the change that causes them.
# The worker (manage.py db_worker, frivilligkontor.worker) retries a failed task after each
# of these delays in seconds, then gives up and keeps the error (default 1 min, 5 min,
# 30 min, 2 h, 12 h).
TASK_RETRY_DELAYS = [
    int(seconds) for seconds in env_list("TASK_RETRY_DELAYS", "60,300,1800,7200,43200")
]
# A task left running by a worker without a heartbeat for this long is taken again by
# another worker. Must be longer than the longest task (an SMTP send times out after 20 s).
TASK_LEASE_SECONDS = int(env("TASK_LEASE_SECONDS", "300"))
TASK_HEARTBEAT_SECONDS = float(env("TASK_HEARTBEAT_SECONDS", "10"))
TASKS = {
    "default": {
        "BACKEND": (
            "django.tasks.backends.immediate.ImmediateBackend"
            if TESTING
            else "django_tasks_db.DatabaseBackend"
        )
    }
}

# Every public form that writes or sends mail: sends per client address (per form) and
# sends naming one e-mail address (all forms), per window.
# (Tests post many forms from one test client; the limit's own tests set these to 5.)
PUBLIC_FORM_LIMIT_PER_ADDRESS = int(env("PUBLIC_FORM_LIMIT_PER_ADDRESS", "100" if TESTING else "5"))
PUBLIC_FORM_LIMIT_PER_EMAIL = int(env("PUBLIC_FORM_LIMIT_PER_EMAIL", "100" if TESTING else "5"))
PUBLIC_FORM_LIMIT_WINDOW_SECONDS = int(env("PUBLIC_FORM_LIMIT_WINDOW_SECONDS", "3600"))

# Both caches live in PostgreSQL, so every app server sees the same. "default" holds the
# rate-limit counters: its size is high enough that no flood of new counters makes the
# cache cull live ones (expired rows go first). "shared" holds what is the same for every
# visitor (frivilligkontor/shared_cache.py), in its own table, so that many different
# query strings can never push a counter out.
# Off only in tests that count the queries of building a page (they test the data path).
SHARED_CACHE_ENABLED = True
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "cache_table",
        "OPTIONS": {"MAX_ENTRIES": 500_000},
    },
    "shared": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "shared_cache_table",
        "OPTIONS": {"MAX_ENTRIES": 20_000},
    },
}

# The map on the venue list: map tiles from this address (Leaflet's {z}/{x}/{y} template)
# with this attribution. Empty: no map, the list alone. Tests use none unless they ask.
MAP_TILE_URL = env("MAP_TILE_URL", "" if ENVIRONMENT == "test" else KARTVERKET_TILE_URL)
MAP_TILE_ATTRIBUTION = env("MAP_TILE_ATTRIBUTION", KARTVERKET_ATTRIBUTION)


def content_security_policy(*, tile_url: str) -> dict[str, list[str]]:
    """A strict policy (self and nonces only); images also from the map's tile host alone."""
    tiles = tile_origin(tile_url)
    return {
        "default-src": [CSP.SELF],
        "script-src": [CSP.SELF, CSP.NONCE],
        "style-src": [CSP.SELF],
        "img-src": [CSP.SELF, "data:", *([tiles] if tiles else [])],
        "font-src": [CSP.SELF],
        "connect-src": [CSP.SELF],
        "object-src": [CSP.NONE],
        "base-uri": [CSP.SELF],
        "form-action": [CSP.SELF],
        "frame-ancestors": [CSP.NONE],
    }


# Security baseline: a strict content security policy.
SECURE_CSP = content_security_policy(tile_url=MAP_TILE_URL)
SECURE_CONTENT_TYPE_NOSNIFF = True
# A form posted after its CSRF cookie is gone shows what was typed, to be sent again.
CSRF_FAILURE_VIEW = "frivilligkontor.errors.csrf_failure"
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
if PRODUCTION:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_REDIRECT_EXEMPT = [r"^health/$"]
    SECURE_HSTS_SECONDS = int(env("SECURE_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SESSION_COOKIE_NAME = "__Host-sessionid"
    CSRF_COOKIE_NAME = "__Host-csrftoken"

# How long personal data is kept (frivilligkontor/retention.py lists every kind, the
# privacy page shows it, and the scheduled commands remove it after these many days).
# Finished enquiries, after their last activity:
ENQUIRY_RETENTION_DAYS = int(env("ENQUIRY_RETENTION_DAYS", "365"))
# Booking requests after their last date, season applications after their term:
LOKALER_BOOKING_RETENTION_DAYS = int(env("LOKALER_BOOKING_RETENTION_DAYS", "365"))
# Event registrations after the event:
NETTVERK_REGISTRATION_RETENTION_DAYS = int(env("NETTVERK_REGISTRATION_RETENTION_DAYS", "30"))
# Reminder subscriptions never confirmed, or stopped:
SUBSCRIPTION_RETENTION_DAYS = int(env("SUBSCRIPTION_RETENTION_DAYS", "30"))
# Sent (or given-up) e-mails in the task queue:
TASK_RESULT_RETENTION_DAYS = int(env("TASK_RESULT_RETENTION_DAYS", "14"))

# Requests a minute one address may make to the open-data API (/api/v1/).
OPEN_DATA_REQUESTS_PER_MINUTE = int(env("OPEN_DATA_REQUESTS_PER_MINUTE", "120"))

# Working days allowed for the office's first answer to an enquiry.
ENQUIRY_RESPONSE_WORKING_DAYS = int(env("ENQUIRY_RESPONSE_WORKING_DAYS", "5"))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
    "loggers": {"axes": {"level": "WARNING"}},
}
