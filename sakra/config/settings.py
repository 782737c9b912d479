"""Sakra's one settings module: every value comes from the environment (twelve-factor).

`SAKRA_ENV=production` turns on the production settings; anything else is a trial or
development install that keeps its SQLite database and generated secret key in `var/`.
"""

import ipaddress
import secrets
from datetime import timedelta
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(environ.Env().str("SAKRA_VAR_DIR", default=str(BASE_DIR / "var")))

env = environ.Env()
SAKRA_ENV = env.str("SAKRA_ENV", default="development")
PRODUCTION = SAKRA_ENV == "production"


def _secret_key() -> str:
    if key := env.str("SECRET_KEY", default=""):
        return key
    if PRODUCTION:
        raise ImproperlyConfigured("SECRET_KEY must be set when SAKRA_ENV=production.")
    # A trial install keeps one generated key so sessions survive a restart.
    key_file = VAR_DIR / "secret_key"
    if not key_file.exists():
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        key_file.write_text(secrets.token_urlsafe(50))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


def _database() -> dict:
    default_url = f"sqlite:///{VAR_DIR / 'sakra.sqlite3'}"
    url = env.str("DATABASE_URL", default=default_url)
    malformed = ImproperlyConfigured(
        "DATABASE_URL is malformed: expected sqlite:///PATH or postgres://USER@HOST:PORT/NAME."
    )
    if not url.startswith(("sqlite://", "postgres://", "postgresql://", "pgsql://")):
        raise malformed
    try:
        config = env.db_url_config(url)
    except (ImproperlyConfigured, KeyError, ValueError) as exc:
        raise malformed from exc
    engine = config.get("ENGINE", "")
    if not engine or not config.get("NAME"):
        raise malformed
    if engine.endswith("sqlite3"):
        Path(config["NAME"]).parent.mkdir(parents=True, exist_ok=True)
        # WAL lets readers work while one writer writes; IMMEDIATE plus the timeout makes
        # concurrent writers queue for the lock instead of failing with "database is locked".
        config["OPTIONS"] = {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
            "timeout": 30,
        }
    elif engine.endswith("postgresql"):
        config.setdefault("CONN_MAX_AGE", env.int("DATABASE_CONN_MAX_AGE", default=60))
        # A health check is a SELECT 1 before every request's first query (a round trip on
        # every page). Without it a connection the database dropped (a restart, a failover)
        # fails one request per web process, which answers 503 and closes it; the next
        # request connects afresh (docs/admin/configuration.md, docs/performance.md).
        config["CONN_HEALTH_CHECKS"] = env.bool("DATABASE_CONN_HEALTH_CHECKS", default=False)
    config["ATOMIC_REQUESTS"] = False
    return config


SECRET_KEY = _secret_key()
DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS = env.list(
    "ALLOWED_HOSTS", default=[] if PRODUCTION else ["127.0.0.1", "localhost", "testserver"]
)
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",  # Django's widget templates, for the site's form renderer
    "treebeard",
    "django_filters",
    "ninja",
    "django_tasks",
    "django_tasks_db",
    "auditlog",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "sakra.core",
    "sakra.organisation",
    "sakra.accounts",
    "sakra.incidents",
    "sakra.actions",
    "sakra.goals",
    "sakra.fire_safety",
    "sakra.governance",
    "sakra.risks",
    "sakra.documents",
    "sakra.support",
    "sakra.continuity",
    "sakra.reports",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "sakra.core.middleware.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "sakra.core.locale.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "sakra.accounts.sessions.SessionPolicyMiddleware",
    "sakra.accounts.mfa.RequireTwoFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "sakra.core.middleware.SakraAuditlogMiddleware",
    # Turns a database that cannot write (full, read-only, away) into a 503 with a sentence.
    "sakra.core.middleware.DatabaseErrorMiddleware",
    # Last, as django-axes asks: it turns a locked-out sign-in into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "sakra.config.urls"
WSGI_APPLICATION = "sakra.config.wsgi.application"

#: One field and one form template for every form (sakra/templates/forms/).
FORM_RENDERER = "sakra.core.renderers.SakraRenderer"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "sakra" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "sakra.core.context_processors.navigation",
                "sakra.core.context_processors.background_work",
            ],
        },
    }
]

DATABASES = {"default": _database()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
AUTHENTICATION_BACKENDS = [
    # django-axes first: it refuses a locked-out sign-in before the password is checked.
    "axes.backends.AxesStandaloneBackend",
    "sakra.accounts.backends.PasswordBackend",
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

LANGUAGE_CODE = "sv"
LANGUAGES = [("sv", _("Swedish")), ("en", _("English"))]
# Sakra's catalogues come before every installed app's: otherwise the admin's and the
# libraries' Swedish would win for shared words ("Action" would read "Händelse").
LOCALE_PATHS = [BASE_DIR / "sakra" / "locale", *sorted(BASE_DIR.glob("sakra/*/locale"))]
TIME_ZONE = "Europe/Stockholm"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "sakra" / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
# Uploaded files live outside the web root and are only ever served by a view that checks
# access (never by URL).
MEDIA_ROOT = Path(env.str("SAKRA_MEDIA_ROOT", default=str(VAR_DIR / "media")))
WHITENOISE_USE_FINDERS = not PRODUCTION

TASKS = {
    "default": {
        "BACKEND": env.str("SAKRA_TASKS_BACKEND", default="django_tasks_db.DatabaseBackend")
    }
}

EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
# Links in e-mails point here (no trailing slash).
SAKRA_BASE_URL = env.str("SAKRA_BASE_URL", default="http://127.0.0.1:8000").rstrip("/")
# E-mail leaves through the outbox (sakra.accounts.outbox): a claimed e-mail is left to its
# sender for the lease, after which another worker sends it again with the same Message-ID; an
# SMTP call must end well within it.
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=60)
SAKRA_OUTBOX_LEASE_SECONDS = env.int("SAKRA_OUTBOX_LEASE_SECONDS", default=300)
# The worker (docs/admin/worker.md): background work counts as stopped when no worker enqueued
# the periodic jobs and finished a task within the margin (/health/worker answers 503, the
# security chief sees a banner); a worker silent for the stale time counts as dead and the task
# it held goes back to the queue.
SAKRA_WORKER_MARGIN_SECONDS = env.int("SAKRA_WORKER_MARGIN_SECONDS", default=180)
SAKRA_WORKER_STALE_SECONDS = env.int("SAKRA_WORKER_STALE_SECONDS", default=120)
if (
    SAKRA_OUTBOX_LEASE_SECONDS <= EMAIL_TIMEOUT
    or min(SAKRA_WORKER_MARGIN_SECONDS, SAKRA_WORKER_STALE_SECONDS) < 10
):
    raise ImproperlyConfigured(
        "SAKRA_OUTBOX_LEASE_SECONDS must exceed EMAIL_TIMEOUT, and SAKRA_WORKER_MARGIN_SECONDS "
        "and SAKRA_WORKER_STALE_SECONDS must be at least 10."
    )
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="sakra@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Sign-in lockout (django-axes): after N failed sign-ins for one e-mail address from one client
# address, that pair waits out the cool-off. Keyed on the pair, so someone guessing a colleague's
# password from elsewhere cannot lock the colleague out, and the address is the one
# `sakra.core.network.client_ip` finds (X-Forwarded-For only from SAKRA_TRUSTED_PROXIES).
AXES_FAILURE_LIMIT = env.int("SAKRA_LOGIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("SAKRA_LOGIN_COOLOFF_MINUTES", default=15))
if AXES_FAILURE_LIMIT < 1 or timedelta(minutes=1) > AXES_COOLOFF_TIME:
    raise ImproperlyConfigured(
        "SAKRA_LOGIN_FAILURE_LIMIT and SAKRA_LOGIN_COOLOFF_MINUTES must be at least 1."
    )
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_CLIENT_IP_CALLABLE = "sakra.core.network.client_ip"
AXES_USERNAME_FORM_FIELD = "username"  # the sign-in forms call the e-mail field "username"
AXES_USERNAME_CALLABLE = "sakra.accounts.lockout.username"
AXES_LOCKOUT_CALLABLE = "sakra.accounts.lockout.lockout_response"
AXES_RESET_ON_SUCCESS = True
AXES_SENSITIVE_PARAMETERS = ["password"]
AXES_VERBOSE = False

# Sessions end after SAKRA_SESSION_IDLE_MINUTES without a request and SAKRA_SESSION_MAX_HOURS
# after sign-in at the latest (sakra.accounts.sessions), and at once for every session of a user
# who is disabled or loses a role.
SAKRA_SESSION_IDLE_MINUTES = env.int("SAKRA_SESSION_IDLE_MINUTES", default=30)
SAKRA_SESSION_MAX_HOURS = env.int("SAKRA_SESSION_MAX_HOURS", default=12)
if SAKRA_SESSION_IDLE_MINUTES < 1 or SAKRA_SESSION_MAX_HOURS < 1:
    raise ImproperlyConfigured(
        "SAKRA_SESSION_IDLE_MINUTES and SAKRA_SESSION_MAX_HOURS must be at least 1."
    )
# Two-factor authentication (TOTP, recovery codes) for the security chief, coordinators, area
# owners and administrators (sakra.accounts.mfa). On by default in production; a trial turns it
# on with SAKRA_MFA_REQUIRED=true.
SAKRA_MFA_REQUIRED = env.bool("SAKRA_MFA_REQUIRED", default=PRODUCTION)
OTP_TOTP_ISSUER = env.str("SAKRA_MFA_ISSUER", default="Sakra")

# Single sign-on with OpenID Connect (docs/admin/sso.md): on when OIDC_RP_CLIENT_ID is set. The
# endpoints come from OIDC_OP_ISSUER's discovery document unless set one by one; the ID token
# must be signed (RS256 by default) with a key from the provider's JWKS.
OIDC_RP_CLIENT_ID = env.str("OIDC_RP_CLIENT_ID", default="")
OIDC_RP_CLIENT_SECRET = env.str("OIDC_RP_CLIENT_SECRET", default="")
OIDC_OP_ISSUER = env.str("OIDC_OP_ISSUER", default="")
OIDC_OP_AUTHORIZATION_ENDPOINT = env.str("OIDC_OP_AUTHORIZATION_ENDPOINT", default="")
OIDC_OP_TOKEN_ENDPOINT = env.str("OIDC_OP_TOKEN_ENDPOINT", default="")
OIDC_OP_JWKS_ENDPOINT = env.str("OIDC_OP_JWKS_ENDPOINT", default="")
OIDC_RP_SIGN_ALGO = env.str("OIDC_RP_SIGN_ALGO", default="RS256")
OIDC_RP_SCOPES = env.str("OIDC_RP_SCOPES", default="openid email profile")
OIDC_USE_PKCE = True
OIDC_CREATE_USER = env.bool("SAKRA_OIDC_CREATE_USERS", default=False)
SAKRA_OIDC_EMAIL_CLAIM = env.str("SAKRA_OIDC_EMAIL_CLAIM", default="email")
# A person created on first sign-in is an employee of the unit this claim names (its external
# id or code; docs/admin/sso.md); the id claim becomes their external id (e.g. an HSA-id).
SAKRA_OIDC_UNIT_CLAIM = env.str("SAKRA_OIDC_UNIT_CLAIM", default="")
SAKRA_OIDC_ID_CLAIM = env.str("SAKRA_OIDC_ID_CLAIM", default="")
SAKRA_OIDC_MFA = env.str("SAKRA_OIDC_MFA", default="totp")
SAKRA_OIDC_MFA_ACR_VALUES = env.list("SAKRA_OIDC_MFA_ACR_VALUES", default=[])
LOGIN_REDIRECT_URL_FAILURE = "/login/?sso=failed"
if OIDC_RP_CLIENT_ID:
    if not OIDC_RP_CLIENT_SECRET:
        raise ImproperlyConfigured("OIDC_RP_CLIENT_SECRET must be set with OIDC_RP_CLIENT_ID.")
    if not OIDC_OP_ISSUER and not (
        OIDC_OP_AUTHORIZATION_ENDPOINT and OIDC_OP_TOKEN_ENDPOINT and OIDC_OP_JWKS_ENDPOINT
    ):
        raise ImproperlyConfigured(
            "Single sign-on needs OIDC_OP_ISSUER, or OIDC_OP_AUTHORIZATION_ENDPOINT, "
            "OIDC_OP_TOKEN_ENDPOINT and OIDC_OP_JWKS_ENDPOINT."
        )
    if SAKRA_OIDC_MFA not in ("totp", "idp"):
        raise ImproperlyConfigured("SAKRA_OIDC_MFA must be totp or idp.")
    AUTHENTICATION_BACKENDS.append("sakra.accounts.oidc.Backend")

# SCIM 2.0 provisioning at /scim/v2/ (docs/admin/scim.md): tokens from `sakra
# create-scim-token`; the group whose members are managers of their units; the largest body.
SAKRA_SCIM_MANAGER_GROUP = env.str("SAKRA_SCIM_MANAGER_GROUP", default="Sakra managers")
SAKRA_SCIM_MAX_BODY = env.int("SAKRA_SCIM_MAX_BODY", default=1024 * 1024)

SESSION_COOKIE_AGE = SAKRA_SESSION_MAX_HOURS * 3600
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

if PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=False)
    if env.bool("SAKRA_BEHIND_PROXY", default=False):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

SILENCED_SYSTEM_CHECKS = [
    # HSTS preload binds the region's whole domain, subdomains included, for good: that is the
    # region's decision (SECURE_HSTS_PRELOAD=true), not a default a product can take for it.
    "security.W021",
]

# Content-Security-Policy: only our own files; no inline script or style anywhere, no framing,
# forms post only to us. The API's interactive documentation (Swagger UI) sets styles inline
# and draws icons from data: URLs, so that one page gets a looser policy (still no inline script).
SAKRA_CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; "
    "frame-ancestors 'none'; form-action 'self'"
)
SAKRA_CSP_EXCEPTIONS = {
    "/api/v1/docs": (
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
        "img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; "
        "base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
    ),
}
SAKRA_PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
    "microphone=(), payment=(), usb=(), interest-cohort=()"
)
# Reverse proxies (IP addresses or CIDR networks) whose X-Forwarded-For is believed; with none,
# the client is the peer of the TCP connection. Used by sign-in lockout and the audit trail.
SAKRA_TRUSTED_PROXIES = env.list("SAKRA_TRUSTED_PROXIES", default=[])
try:
    for _proxy in SAKRA_TRUSTED_PROXIES:
        ipaddress.ip_network(_proxy.strip(), strict=False)
except ValueError as _exc:
    raise ImproperlyConfigured(
        f"SAKRA_TRUSTED_PROXIES holds something that is no IP address or network: {_exc}"
    ) from _exc

# The health check must answer the load balancer over plain HTTP inside the cluster.
SECURE_REDIRECT_EXEMPT = [r"^health$", r"^health/worker$"]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="WARNING")},
}

AUDITLOG_INCLUDE_ALL_MODELS = False
# The audit trail is kept this long (healthcare keeps access logs five years); `sakra
# prune-audit` deletes older entries, and nothing else deletes any.
SAKRA_AUDIT_RETENTION_DAYS = env.int("SAKRA_AUDIT_RETENTION_DAYS", default=5 * 365)
if SAKRA_AUDIT_RETENTION_DAYS < 1:
    raise ImproperlyConfigured("SAKRA_AUDIT_RETENTION_DAYS must be at least 1.")
# Retention (gallring) of incidents' personal data: off until the region has set each
# category's period from its records management plan (docs/admin/retention.md).
SAKRA_RETENTION_ENABLED = env.bool("SAKRA_RETENTION_ENABLED", default=False)
SAKRA_RETENTION_HOUR = env.int("SAKRA_RETENTION_HOUR", default=2)
SAKRA_RETENTION_BATCH = env.int("SAKRA_RETENTION_BATCH", default=1000)
if not 0 <= SAKRA_RETENTION_HOUR <= 23 or SAKRA_RETENTION_BATCH < 1:
    raise ImproperlyConfigured(
        "SAKRA_RETENTION_HOUR must be 0–23 and SAKRA_RETENTION_BATCH at least 1."
    )
# An acute report nobody has acknowledged by then alerts the security chief (README).
SAKRA_ACUTE_ESCALATION_MINUTES = env.int("SAKRA_ACUTE_ESCALATION_MINUTES", default=15)
if not 1 <= SAKRA_ACUTE_ESCALATION_MINUTES <= 24 * 60:
    raise ImproperlyConfigured("SAKRA_ACUTE_ESCALATION_MINUTES must be 1–1440 (a day).")
# A duty to report "without delay" (Arbetsmiljöverket) is shown as due now and counts as
# overdue this many hours after the region became aware (docs/admin/configuration.md).
SAKRA_WITHOUT_DELAY_GRACE_HOURS = env.int("SAKRA_WITHOUT_DELAY_GRACE_HOURS", default=24)
if not 0 <= SAKRA_WITHOUT_DELAY_GRACE_HOURS <= 24 * 14:
    raise ImproperlyConfigured("SAKRA_WITHOUT_DELAY_GRACE_HOURS must be 0–336 (two weeks).")
# Managers who chose a daily digest get yesterday's reports from this local hour on.
SAKRA_DIGEST_HOUR = env.int("SAKRA_DIGEST_HOUR", default=6)
if not 0 <= SAKRA_DIGEST_HOUR <= 23:
    raise ImproperlyConfigured("SAKRA_DIGEST_HOUR must be 0–23.")
NINJA_PAGINATION_PER_PAGE = 50
NINJA_PAGINATION_MAX_LIMIT = 200
NINJA_PAGINATION_CLASS = "sakra.core.api_shared.BoundedLimitOffset"
