"""The log of sensitive reads: who opened a concern, downloaded one of its files, saw a
confidential reporter, or exported a roster or a list, and when.

Reading changes nothing, so it leaves no history row; but these pages show reports about
people, some touching their health, and a program must be able to say afterwards who looked
(HIPAA §164.312(b) asks for audit controls). Rows are written by
`services.sensitive_reads.record_sensitive_read`, never changed, and national staff read them
in the Wagtail admin.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .history import AppendOnlyModel


class SensitiveReadKind(models.TextChoices):
    CONCERN_OPENED = "concern_opened", _("Concern opened")
    ATTACHMENT_DOWNLOADED = "attachment_downloaded", _("Concern file downloaded")
    CONFIDENTIAL_REPORTER_VIEWED = "confidential_reporter", _("Confidential reporter seen")
    ROSTER_EXPORTED = "roster_exported", _("Roster exported (PDF)")
    CSV_EXPORTED = "csv_exported", _("List exported (CSV)")


class SensitiveRead(AppendOnlyModel):
    """One sensitive read: who, when, what kind, of what, by which address and path."""

    reader = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("read by"),
    )
    kind = models.CharField(_("what"), max_length=30, choices=SensitiveReadKind.choices)
    # The object read, by model label and key (no content-type row to look up on each read),
    # and in words as it was named then (a concern's reference, a file name).
    object_type = models.CharField(_("kind of record"), max_length=100, blank=True)
    object_id = models.CharField(_("record id"), max_length=64, blank=True)
    object_label = models.CharField(_("record"), max_length=255, blank=True)
    path = models.CharField(_("address read"), max_length=2000)
    client_address = models.GenericIPAddressField(_("client address"), null=True, blank=True)
    created_at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("sensitive read")
        verbose_name_plural = _("sensitive reads")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind__in=[kind.value for kind in SensitiveReadKind]),
                name="sensitive_read_kind_valid",
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()} · {self.object_label} ({self.created_at:%Y-%m-%d %H:%M})"
