"""Codes of conduct and the signatures that bind a person to one exact version.

A version is drafted, then published; once published its text never changes, it is only
superseded by a newer version. A signature stores a SHA-256 of the exact text signed, so
what a person agreed to can be proved later whatever happens to the program.
"""

import hashlib

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


def text_sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class CodeOfConductQuerySet(models.QuerySet):
    def published(self):
        return self.filter(published_at__isnull=False)

    def current_for(self, program):
        """The newest published version for a program, or None."""
        return self.published().filter(program=program).order_by("-version").first()


class CodeOfConduct(models.Model):
    """One version of a program's code of conduct."""

    program = models.ForeignKey(
        "curriculum.ProgramPage",
        on_delete=models.PROTECT,
        related_name="codes_of_conduct",
        verbose_name=_("program"),
    )
    version = models.PositiveIntegerField(_("version"))
    title = models.CharField(_("title"), max_length=200)
    text = models.TextField(
        _("text"),
        help_text=_("Plain text. Leave a blank line between paragraphs. Fixed once published."),
    )
    grace_days = models.PositiveSmallIntegerField(
        _("days facilitators have to sign"),
        default=30,
        help_text=_("After this many days, a facilitator who has not signed is suspended."),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("published by"),
    )
    text_sha256 = models.CharField(_("SHA-256 of the text"), max_length=64, blank=True)

    objects = CodeOfConductQuerySet.as_manager()

    class Meta:
        verbose_name = _("code of conduct")
        verbose_name_plural = _("codes of conduct")
        ordering = ["program__title", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["program", "version"], name="one_conduct_per_version"),
            models.CheckConstraint(
                condition=Q(published_at__isnull=True) | ~Q(text_sha256=""),
                name="published_conduct_has_hash",
            ),
        ]

    def __str__(self):
        return f"{self.title} (v{self.version})"

    @property
    def is_published(self):
        return self.published_at is not None

    @property
    def paragraphs(self):
        return [p.strip() for p in self.text.replace("\r\n", "\n").split("\n\n") if p.strip()]


class ConductSignature(models.Model):
    """A person's signature of one published version: typed name, agreement, when and from
    where, and the hash of the exact text they saw."""

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="conduct_signatures",
        verbose_name=_("person"),
    )
    code = models.ForeignKey(
        CodeOfConduct,
        on_delete=models.PROTECT,
        related_name="signatures",
        verbose_name=_("code of conduct"),
    )
    typed_name = models.CharField(_("name as typed"), max_length=200)
    text_sha256 = models.CharField(_("SHA-256 of the text signed"), max_length=64)
    signed_at = models.DateTimeField(_("signed"))
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    user_agent = models.CharField(_("browser"), max_length=400, blank=True)

    class Meta:
        verbose_name = _("code of conduct signature")
        ordering = ["-signed_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "code"], name="one_signature_per_person_and_version"
            ),
        ]

    def __str__(self):
        return f"{self.person} · {self.code}"
