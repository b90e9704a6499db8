"""That an email was sent, by its idempotency key, so a task run again never sends it twice."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class EmailDelivery(models.Model):
    """One email that left, named by the key its task was given when it was queued.

    A task worker can be stopped in the middle of a run (a deploy, a crash); the task then
    runs again. Before sending, the task claims its key here in the same transaction as the
    send: a second run finds the key and sends nothing. No address or content is kept, only
    the key and the time, so this table holds no personal data.
    """

    key = models.CharField(_("idempotency key"), max_length=64, unique=True)
    sent_at = models.DateTimeField(_("sent"), auto_now_add=True)

    class Meta:
        verbose_name = _("email delivery")
        verbose_name_plural = _("email deliveries")

    def __str__(self):
        return f"{self.key} ({self.sent_at:%Y-%m-%d %H:%M})"
