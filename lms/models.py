"""The site's own models: the person who signs in, and the Wagtail home page."""

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page

from curriculum.routing import SingleTypeChildrenMixin


class UserManager(BaseUserManager):
    """Creates people by email address, the only login identifier Trellis uses."""

    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An email address is required.")
        email = self.normalize_email(email)
        user = self.model(email=email, **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields["is_staff"] = True
        extra_fields["is_superuser"] = True
        return self._create_user(email, password, **extra_fields)

    def get_by_natural_key(self, email):
        return self.get(email__iexact=email)


class User(AbstractBaseUser, PermissionsMixin):
    """A person who signs in to Trellis: trainee, facilitator, trainer, coordinator or staff.

    What a person may do is not stored here: authority comes from role grants on organization
    nodes (`certification.RoleGrant`), and a person's home affiliate from their membership.
    """

    email = models.EmailField(_("email address"), unique=True)
    full_name = models.CharField(
        _("full name"),
        max_length=200,
        help_text=_("As it should appear on a certificate."),
    )
    preferred_language = models.CharField(
        _("preferred language"),
        max_length=10,
        choices=settings.LANGUAGES,
        default="en",
    )
    is_active = models.BooleanField(_("active"), default=True)
    is_staff = models.BooleanField(
        _("staff status"),
        default=False,
        help_text=_("May sign in to the Django admin site."),
    )
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)
    closed_at = models.DateTimeField(
        _("account closed"),
        null=True,
        blank=True,
        editable=False,
        help_text=_(
            "Set when the person closed their account (or national staff closed it at their "
            "request): their personal details are gone and their certificates no longer valid."
        ),
    )

    objects = UserManager()

    EMAIL_FIELD = "email"
    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["full_name", "email"]
        constraints = [
            models.UniqueConstraint(Lower("email"), name="user_email_unique_ci"),
        ]

    def __str__(self):
        return self.full_name or self.email

    @property
    def is_closed(self) -> bool:
        return self.closed_at is not None

    def get_full_name(self):
        return self.full_name

    def get_short_name(self):
        return self.full_name.split(" ")[0] if self.full_name else self.email


class AccountClosure(models.Model):
    """The record that an account was closed: when, by whom (the person themself, or national
    staff at their request) and why. Written once by `lms.account_closing.close_account`, in
    the same transaction as the anonymization, and never changed: it is what remains to show
    that the person's details were removed on purpose and at whose request."""

    person = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="closure",
        verbose_name=_("closed account"),
    )
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("closed by"),
    )
    closed_at = models.DateTimeField(_("closed"), default=timezone.now)
    reason = models.TextField(_("reason"), blank=True)
    certificates_ended = models.JSONField(
        _("certificates no longer valid"),
        default=list,
        blank=True,
        help_text=_("Numbers of the certificates that were live when the account closed."),
    )

    class Meta:
        verbose_name = _("account closure")
        verbose_name_plural = _("account closures")
        ordering = ["-closed_at", "-id"]

    def __str__(self):
        return f"{self.person_id} · {self.closed_at:%Y-%m-%d}"

    @property
    def at_own_request_in_person(self) -> bool:
        """Closed by the person themself, from their profile (not by staff on request)."""
        return self.closed_by_id == self.person_id


class HomePage(SingleTypeChildrenMixin, Page):
    """The public front page: what Trellis is and how to get started."""

    intro = RichTextField(_("introduction"), blank=True)
    body = RichTextField(_("body"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body")]

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["curriculum.TrainingIndexPage"]
    child_page_model = "curriculum.TrainingIndexPage"
    max_count = 1

    class Meta:
        verbose_name = _("home page")
