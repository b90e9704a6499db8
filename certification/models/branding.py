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

    # Printed at most 2.6 × 0.75 in: 800 × 400 pixels is sharp at 300 dpi and keeps every
    # certificate PDF small and quick to render, whatever size was uploaded.
    PRINT_RENDITION = "max-800x400"

    def logo_bytes(self) -> bytes | None:
        """The logo's image, sized for print, as bytes for the PDF (None without a logo)."""
        if self.logo is None:
            return None
        rendition = self.logo.get_rendition(self.PRINT_RENDITION)
        with rendition.file.open("rb") as image:
            return image.read()

    class Meta:
        verbose_name = _("certificate design")
