"""How printed certificates look: the logo national staff upload in the Wagtail admin."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting


@register_setting(icon="image")
class CertificateBranding(BaseGenericSetting):
    """One logo for every certificate the site prints (optional: without it the certificate
    carries the organization names in type only)."""

    logo = models.ForeignKey(
        "wagtailimages.Image",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("logo on certificates"),
        help_text=_("A PNG or JPEG, ideally wider than tall; printed at the top of certificates."),
    )

    panels = [FieldPanel("logo")]

    class Meta:
        verbose_name = _("certificate design")
