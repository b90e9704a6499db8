from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LmsConfig(AppConfig):
    """The site itself: accounts, the home page and the dashboards that join the other apps."""

    name = "lms"
    verbose_name = _("Trellis site")
    default_auto_field = "django.db.models.BigAutoField"
