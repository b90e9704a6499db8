from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from wagtail.users.apps import WagtailUsersAppConfig


class LmsConfig(AppConfig):
    """The site itself: accounts, the home page and the dashboards that join the other apps."""

    default = True
    name = "lms"
    verbose_name = _("Trellis site")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Connect the receivers: sign-ins and authenticators; email changes, sign-ins and
        # security changes kept in history; changes that the header's links depend on.
        from . import navigation_cache, privilege, profile_history, sign_in_history  # noqa: F401


class TrellisUsersAppConfig(WagtailUsersAppConfig):
    """Wagtail's user admin with Trellis's person forms (see `lms.wagtail_users`)."""

    user_viewset = "lms.wagtail_users.UserViewSet"
