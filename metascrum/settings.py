"""Settings for metascrum, all read from environment variables.

The defaults make a fresh checkout run on SQLite with no other service; production sets
DEBUG=false, SECRET_KEY, ALLOWED_HOSTS, DATABASE_URL, REDIS_URL and EMAIL_URL.
"""

from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import environ
from csp.constants import NONE, SELF

from metascrum.mail_url import email_config
from metascrum.oidc_env import oidc_apps

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(environ.Env().str("METASCRUM_VAR_DIR", default=str(BASE_DIR / "var")))

env = environ.Env()
DEBUG = env.bool("DEBUG", default=True)
# Development has a throwaway key; production must set one (no default: it refuses to start).
SECRET_KEY = (
    env.str("SECRET_KEY", default="dev-only-insecure-key-change-me")
    if DEBUG
    else env.str("SECRET_KEY")
)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
# Keys for secrets stored encrypted at rest (metascrum/lib/encryption.py): comma-separated
# Fernet keys, the first encrypts; unset, a key derived from SECRET_KEY is used.
ENCRYPTION_KEYS = env.list("ENCRYPTION_KEYS", default=[])
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")
# The demo (`make run`): the sign-in page lists the demo accounts and their shared password.
# bin/run-dev turns it on; never with DEBUG off, whatever the environment says.
METASCRUM_DEMO = DEBUG and env.bool("METASCRUM_DEMO", default=False)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    "ninja",
    "csp",
    "axes",
    "allauth",
    "allauth.account",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    "allauth.mfa",
    "template_partials.apps.SimpleAppConfig",
    "programmes",
    "feedback",
    "ceremonies",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "metascrum.middleware.utf8_requests",  # before anything reads request.GET or POST
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "programmes.middleware.PersonTimezoneMiddleware",
    # The browser's language (Accept-Language, or a visitor's choice), then the person's own.
    "programmes.middleware.PersonLanguageMiddleware",
    "axes.middleware.AxesMiddleware",
    "allauth.account.middleware.AccountMiddleware",
]

ROOT_URLCONF = "metascrum.urls"
WSGI_APPLICATION = "metascrum.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "OPTIONS": {
            "loaders": [
                (
                    "template_partials.loader.Loader",
                    [
                        (
                            "django.template.loaders.cached.Loader",
                            [
                                "django.template.loaders.filesystem.Loader",
                                "django.template.loaders.app_directories.Loader",
                            ],
                        )
                    ],
                )
            ],
            "builtins": ["template_partials.templatetags.partials"],
            # Project-wide tags that belong to no app (an app's templates load only its own).
            "libraries": {"shared_cache": "metascrum.lib.shared_cache"},
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'metascrum.sqlite3'}"),
}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# Under ASGI each request has its own thread, so persistent connections do not carry over:
# DATABASE_POOL=N gives each process a pool of at most N connections instead, where hundreds
# of room watchers arriving at once wait their turn rather than exhaust PostgreSQL's.
DATABASE_POOL = env.int("DATABASE_POOL", default=0)
if DATABASE_POOL and DATABASES["default"]["ENGINE"].endswith("postgresql"):
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
        "min_size": 1, "max_size": DATABASE_POOL, "timeout": 10}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "programmes.Person"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    # Refuses password sign-in when PASSWORD_SIGN_IN is off, except for the break-glass admins.
    "programmes.access.backends.PasswordPolicyBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "programmes:mine"
LOGOUT_REDIRECT_URL = "login"

# Single sign-on (OpenID Connect, through django-allauth: programmes/identity/). Providers
# come from the environment (metascrum/oidc_env.py); "Sign in with <name>" for each.
SOCIALACCOUNT_PROVIDERS = {
    "openid_connect": {
        "provider_class": "programmes.identity.oidc.CheckedOIDCProvider",
        "OAUTH_PKCE_ENABLED": True,
        "APPS": oidc_apps(env),
    },
}
SOCIALACCOUNT_ADAPTER = "programmes.identity.adapters.SocialAccountAdapter"
ACCOUNT_ADAPTER = "programmes.identity.adapters.AccountAdapter"
MFA_ADAPTER = "programmes.identity.adapters.MFAAdapter"
SOCIALACCOUNT_AUTO_SIGNUP = True
SOCIALACCOUNT_EMAIL_REQUIRED = True
SOCIALACCOUNT_EMAIL_AUTHENTICATION = True
SOCIALACCOUNT_EMAIL_AUTHENTICATION_AUTO_CONNECT = True
SOCIALACCOUNT_STORE_TOKENS = False
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*"]
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_RATE_LIMITS = False
MFA_TOTP_ISSUER = env.str("MFA_TOTP_ISSUER", default="metascrum")
# Password sign-in can be switched off once SSO is configured; the break-glass admins (their
# email addresses) can still sign in with their password.
PASSWORD_SIGN_IN = env.bool("PASSWORD_SIGN_IN", default=True)
BREAK_GLASS_EMAILS = [email.lower() for email in env.list("BREAK_GLASS_EMAILS", default=[])]
PASSWORD_RESET_TIMEOUT = env.int("PASSWORD_RESET_TIMEOUT", default=3 * 24 * 3600)
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
PASSWORD_HASHERS = env.list(
    "PASSWORD_HASHERS",
    default=[
        "django.contrib.auth.hashers.PBKDF2PasswordHasher",
        "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    ],
)

# Pages, emails and API messages in English, German or Spanish: the person's choice in their
# settings, else their browser's (programmes/middleware.py). No language prefix in URLs.
LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("de", "Deutsch"), ("es", "Español")]
LOCALE_PATHS = [BASE_DIR / "locale"]
# English reads day-month-year, 24-hour ("4 December 2026, 14:05"), not Django's American.
FORMAT_MODULE_PATH = "metascrum.formats"
TIME_ZONE = env.str("TIME_ZONE", default="UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

EMAIL_CONFIG = email_config(env.str("EMAIL_URL", default="consolemail://"))
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="metascrum <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Seconds; a hung mail server must not hold a delivery task for long.
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=30)

REDIS_URL = env.str("REDIS_URL", default="")


def redis_cache(url: str) -> dict:
    """Redis down is a cache miss (metascrum/cache.py); a frozen one adds at most 1 s to a page."""
    return {"BACKEND": "metascrum.lib.cache.ForgivingRedisCache", "LOCATION": url,
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5}}


# The room's pushed changes go through Redis pub/sub (metascrum/lib/pubsub.py), whose channels
# ignore the database number: the prefix carries it, so runs on other databases do not cross.
PUBSUB_PREFIX = env.str("PUBSUB_PREFIX",
                        default=f"metascrum:{urlsplit(REDIS_URL).path.strip('/') or 0}")

if REDIS_URL:
    CACHES = {"default": redis_cache(REDIS_URL)}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Celery: Redis when REDIS_URL is set; otherwise kombu's filesystem transport, so `make run`
# gets a real worker and beat with no external service.
CELERY_BROKER_URL = REDIS_URL or "filesystem://"
# A Redis that is down or frozen must not hold a web request for long: the outbox keeps what
# could not be handed over and the due-scan hands it over later. So: short socket timeouts
# (a frozen Redis accepts the connection and never answers; without a timeout the request
# waits forever), and one quick reconnect attempt instead of kombu's default of several with
# growing pauses (6 s per request with Redis refusing connections).
REDIS_BROKER_OPTIONS = {
    "socket_connect_timeout": 2,
    "socket_timeout": 5,
    "socket_keepalive": True,
    "max_retries": 1,
    "interval_start": 0,
    "interval_step": 0.2,
    "interval_max": 0.2,
    # After a worker is killed its unacknowledged tasks come back only after this; the outbox
    # does not wait for them (its lease and the hand-over scan recover the rows). It must
    # outlast the longest retry countdown (an hour), or Redis hands a waiting retry to a second
    # worker.
    "visibility_timeout": 2 * 3600,
}
CELERY_BROKER_TRANSPORT_OPTIONS = (
    REDIS_BROKER_OPTIONS
    if REDIS_URL
    else {
        "data_folder_in": str(VAR_DIR / "broker"),
        "data_folder_out": str(VAR_DIR / "broker"),
        "processed_folder": str(VAR_DIR / "broker-processed"),
        "store_processed": False,
        # Worker remote control (pidbox) is a fanout; by default kombu puts it in ./control.
        "control_folder": str(VAR_DIR / "broker-control"),
    }
)
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=False)
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# The outbox's lease (seconds) on the messages a delivery task holds: renewed while the task
# runs, so a message held by a worker that died is handed to another this long after it died.
NOTIFICATION_CLAIM_TIMEOUT = env.int("NOTIFICATION_CLAIM_TIMEOUT", default=20)
# Seconds after which a pending message handed to the broker but never taken (the worker that
# had it died) is handed over again by the due-scan.
NOTIFICATION_REQUEUE_AFTER = env.int("NOTIFICATION_REQUEUE_AFTER", default=300)
CELERY_TIMEZONE = "UTC"
CELERY_BEAT_SCHEDULE: dict = {
    # Records the reminders that have become due and enqueues every pending delivery; the
    # outbox makes running it twice, or late, harmless.
    "notifications-due-scan": {
        "task": "programmes.tasks.notifications_due_scan",
        "schedule": 60.0,
        "options": {"expires": 55},
    },
    # Hands over what is due and not on its way, including the messages of a worker that died
    # (their lease lapsed): one indexed query, so often, without running the rules.
    "notifications-hand-over": {
        "task": "programmes.tasks.notifications_enqueue_due",
        "schedule": 10.0,
        "options": {"expires": 9},
    },
    # Forgets the API's answers kept for Idempotency-Key retries once they are 24 hours old.
    "api-idempotency-forget": {
        "task": "programmes.tasks.idempotency_forget_expired",
        "schedule": 3600.0,
        "options": {"expires": 3300},
    },
    # Reads every work tracker again (what changed since the last sync), so a change whose
    # webhook was lost appears within the hour.
    "trackers-reconcile": {
        "task": "programmes.trackers.tasks.trackers_reconcile",
        "schedule": 1800.0,
        "options": {"expires": 1700},
    },
    # Creates each unpaused series' meetings MEETINGS_SCHEDULE_DAYS ahead; idempotent.
    "meetings-schedule": {
        "task": "ceremonies.tasks.meetings_schedule",
        "schedule": 3600.0,
        "options": {"expires": 3300},
    },
    # Flags accepted dependencies past their committed date and escalates those past the
    # programme's grace; idempotent.
    "dependencies-check-late": {
        "task": "ceremonies.tasks.dependencies_check_late",
        "schedule": 900.0,
        "options": {"expires": 840},
    },
}
# How many days ahead a meeting series creates its meetings.
MEETINGS_SCHEDULE_DAYS = env.int("MEETINGS_SCHEDULE_DAYS", default=14)
# Seconds before the first retry of a transient mail/webhook failure; doubled each attempt.
NOTIFICATION_RETRY_BACKOFF = env.int("NOTIFICATION_RETRY_BACKOFF", default=30)
# Hours during which an outgoing webhook's replaced secret still signs, beside the new one.
WEBHOOK_SECRET_OVERLAP_HOURS = env.int("WEBHOOK_SECRET_OVERLAP_HOURS", default=24)
# Site defaults of the reminders before a meeting; each programme's series may set its own
# on its edit page (ceremonies/leads.py).
# Invitees get the meeting's link this many minutes before it starts.
MEETING_REMINDER_MINUTES = env.int("MEETING_REMINDER_MINUTES", default=10)
# Scrum of Scrums: Scrum Masters are asked for their update, then warned it is missing.
UPDATE_CALL_MINUTES = env.int("UPDATE_CALL_MINUTES", default=60)
UPDATE_MISSING_MINUTES = env.int("UPDATE_MISSING_MINUTES", default=15)
# Steering Committee: stakeholders get the pack this many days before.
STEERING_PACK_DAYS_BEFORE = env.int("STEERING_PACK_DAYS_BEFORE", default=3)

# Only our own scripts and styles run: no inline code, no CDN, no eval (htmx's is switched off
# in base.html). The admin keeps Django's own inline bits, so it is left out.
CONTENT_SECURITY_POLICY = {
    "EXCLUDE_URL_PREFIXES": ["/admin/"],
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "connect-src": [SELF],
        "font-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

# Password guessing: five wrong passwords for one account from one address lock that pair
# out for 15 minutes; a successful sign-in resets the count.
AXES_ENABLED = env.bool("AXES_ENABLED", default=True)
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_FORM_FIELD = "username"
AXES_USERNAME_CALLABLE = "programmes.access.authentication.lockout_username"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = env.bool("AXES_VERBOSE", default=False)
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_IPWARE_PROXY_COUNT = env.int("AXES_PROXY_COUNT", default=0) or None

# The API's rate limits ("<requests>/<s|min|hour|day>", empty for none): each token its own
# count; requests without a valid token counted per client address (programmes/access/
# throttling.py). Past a limit: 429 with Retry-After.
API_RATE_PER_TOKEN = env.str("API_RATE_PER_TOKEN", default="600/min")
API_RATE_PER_ADDRESS = env.str("API_RATE_PER_ADDRESS", default="60/min")
# The client's address behind that many proxies (X-Forwarded-For), as for django-axes.
NINJA_NUM_PROXIES = AXES_IPWARE_PROXY_COUNT or 0

SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if not DEBUG:
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=True)
    CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=True)
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    if env.bool("BEHIND_TLS_PROXY", default=False):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
}

STATIC_ROOT.mkdir(parents=True, exist_ok=True)
VAR_DIR.mkdir(parents=True, exist_ok=True)
if not REDIS_URL:
    # kombu's filesystem transport does not create its folders; beat and worker need them.
    for _folder in ("broker", "broker-processed", "broker-control"):
        (VAR_DIR / _folder).mkdir(exist_ok=True)
