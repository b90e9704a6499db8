"""Settings shared by every environment.

Everything that differs between a laptop and production comes from the environment
(django-environ). The defaults here are safe: DEBUG is off and there is no secret key;
`dev.py` and `test.py` loosen only what they must.
"""

from pathlib import Path

import environ
from csp.constants import NONE, SELF
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
# A local .env file is optional; real deployments set variables in the process environment.
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=False)
SECRET_KEY = env.str("SECRET_KEY", default="")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "lms",
    "certification",
    "curriculum",
    "wagtail.contrib.forms",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.settings",
    "wagtail.contrib.redirects",
    "wagtail.embeds",
    "wagtail.sites",
    "lms.apps.TrellisUsersAppConfig",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.usersessions",
    "guardian",
    "django_tasks",
    "django_tasks_db",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "lms.security_headers.SecurityHeadersMiddleware",
    "lms.security_headers.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "allauth.usersessions.middleware.UserSessionsMiddleware",
    "lms.idle_timeout.PrivilegedIdleTimeoutMiddleware",
    "lms.mfa_required.StaffMFARequiredMiddleware",
    "lms.middleware.PreferredLanguageMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "lms.urls"
WSGI_APPLICATION = "lms.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "lms.context_processors.navigation",
                "lms.context_processors.staff_mfa",
            ],
        },
    },
]

# The embedded default is a SQLite file in the checkout (git-ignored); production and CI
# point DATABASE_URL at PostgreSQL.
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "lms.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
    "guardian.backends.ObjectPermissionBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "dashboard"

# Accounts (django-allauth): email is the login identifier and must be verified.
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_SIGNUP_FORM_CLASS = "lms.forms.SignupForm"
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
# Confirming signs the person in only in the browser where they signed up (allauth checks the
# pending sign-up in the session), so a `next` given at sign-up (an invitation) is reached.
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
# The site's name in allauth's emails, and where a confirmed address leads (invitations).
ACCOUNT_ADAPTER = "lms.adapters.AccountAdapter"
ACCOUNT_LOGOUT_REDIRECT_URL = "/"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Trellis] "
# A person is emailed when their password, email address or two-factor sign-in changes, so a
# change they did not make does not go unnoticed.
ACCOUNT_EMAIL_NOTIFICATIONS = True

# Two-factor sign-in (allauth.mfa): an authenticator app or a security key (WebAuthn), with
# recovery codes. Required for everyone who holds a role or can open the admin
# (lms/mfa_required.py); trainees may turn it on from their profile. Only development settings
# may turn the requirement off.
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes", "webauthn"]
# A security key is a second factor after the password, never a way to sign in without one.
# Browsers ask for the key only on a secure origin named by a domain (https, or
# http://localhost), and allauth checks the origin against the host asked for: no setting
# here loosens that check (MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN stays off everywhere).
MFA_PASSKEY_LOGIN_ENABLED = False
MFA_PASSKEY_SIGNUP_ENABLED = False
# A malformed security key answer is a wrong key, not a server error (lms/security_key_forms.py).
MFA_FORMS = {
    "add_webauthn": "lms.security_key_forms.AddSecurityKeyForm",
    "authenticate_webauthn": "lms.security_key_forms.AuthenticateSecurityKeyForm",
    "reauthenticate_webauthn": "lms.security_key_forms.ReauthenticateSecurityKeyForm",
}
MFA_ADAPTER = "lms.mfa_adapter.MFAAdapter"  # secrets encrypted at rest
MFA_TOTP_ISSUER = "Trellis"
TRELLIS_REQUIRE_STAFF_MFA = True
# Privileged people are signed out after this many seconds without a request
# (lms/idle_timeout.py); trainees keep the normal session age.
TRELLIS_PRIVILEGED_IDLE_TIMEOUT = 30 * 60

# django-guardian: object permissions live in direct foreign-key tables
# (certification.OrganizationUserObjectPermission); no anonymous user row is needed.
ANONYMOUS_USER_NAME = None
GUARDIAN_RAISE_403 = False

# Background work (django-tasks). Wagtail enqueues its own search and reference-index
# updates on the *default* backend, so that one stays immediate and the site never needs a
# worker for them. Trellis's own slow work (emails, PDFs) goes to the named "trellis"
# backend, which is database-backed and drained by `manage.py db_worker`.
TRELLIS_TASK_BACKEND = "trellis"
TASKS = {
    "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
    "trellis": {"BACKEND": "django_tasks_db.DatabaseBackend"},
}

LANGUAGE_CODE = "en-us"
LANGUAGES = [
    ("en", _("English")),
    ("es", _("Spanish")),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env.str("TIME_ZONE", default="America/New_York")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")
MEDIA_URL = "/media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
PRIVATE_MEDIA_ROOT = env.path("PRIVATE_MEDIA_ROOT", default=BASE_DIR / "private_media")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Files people send with a fidelity concern: never under MEDIA_URL, served only by a
    # view that checks who may see the concern.
    "private": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": PRIVATE_MEDIA_ROOT, "base_url": None},
    },
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# A request's files are kept in memory up to this size (the request's whole length), so every
# report a concern form accepts (3 files of 5 MB) is received without a temporary file: a full
# or unwritable temporary directory cannot turn a report into a server error.
FILE_UPLOAD_MAX_MEMORY_SIZE = 16 * 1024 * 1024

EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Trellis <no-reply@trellis.localhost>")
# A mail server that stops answering fails the send after this many seconds (the task is then
# retried, `manage.py requeue_tasks`) instead of holding a worker and its transaction for ever.
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=30)
SERVER_EMAIL = DEFAULT_FROM_EMAIL

CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://")}

# Wagtail
WAGTAIL_SITE_NAME = "Trellis"
# The address people use to reach the site: every link in an email or a PDF starts with it.
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")
WAGTAILADMIN_BASE_URL = SITE_URL
WAGTAIL_FRONTEND_LOGIN_URL = "/accounts/login/"
# The admin signs people in through allauth too, so email verification applies to staff.
WAGTAILADMIN_LOGIN_URL = "/accounts/login/"
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "pptx", "rtf", "txt", "xlsx"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAIL_I18N_ENABLED = False
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
# Content-Security-Policy (django-csp; lms/security_headers.py adds the admins' exception and
# the other headers): scripts and styles only from the site's own files, none inline; images
# may be data: addresses (QR codes); frames only from the video hosts editors embed lessons
# from; nothing may frame Trellis.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "frame-src": [
            SELF,
            *env.list(
                "CSP_VIDEO_FRAME_SOURCES",
                default=[
                    "https://www.youtube-nocookie.com",
                    "https://www.youtube.com",
                    "https://player.vimeo.com",
                ],
            ),
        ],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}
# Wagtail would fetch avatars from gravatar.com: a tracker, and refused by the policy above.
WAGTAIL_GRAVATAR_PROVIDER_URL = None

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    # One line per task and per page action is noise in a terminal; keep warnings.
    "loggers": {
        "django_tasks": {"level": "WARNING"},
        "django_tasks_db": {"level": "WARNING"},
        "wagtail": {"level": "WARNING"},
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}
