"""Fidelity observations: a trainer or coordinator watches a class or support-group session
and scores it against the program's checklist.

Scores roll up per facilitator and per affiliate; any item under its threshold asks for an
improvement plan, followed up like coaching.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

# The checklist a program starts with (national staff can change it). Drawn from what the
# field study says keeps a program true to its model.
DEFAULT_OBSERVATION_ITEMS = (
    ("Follows the session plan", "Covers the planned topics in order, in the time set."),
    ("Keeps the peer role", "Shares experience; does not act as a clinician or counselor."),
    ("Refers medical questions on", "Suggests the member ask their own care team."),
    ("Protects privacy", "Reminds the group what is shared stays in the room."),
    ("Makes room for everyone", "Invites quiet members in; no one takes over."),
    ("Keeps boundaries", "No gifts, money, rides or private favors; ends on time."),
)


class ObservationChecklistItem(models.Model):
    """One item of a program's observation checklist, scored 1 to 5."""

    program = models.ForeignKey(
        "curriculum.ProgramPage",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("program"),
    )
    name = models.CharField(_("item"), max_length=120)
    description = models.CharField(_("what it looks like"), max_length=300, blank=True)
    threshold = models.PositiveSmallIntegerField(
        _("lowest score that is fine"),
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    sort_order = models.PositiveSmallIntegerField(default=0)
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        verbose_name = _("observation checklist item")
        verbose_name_plural = _("observation checklist items")
        ordering = ["program", "sort_order", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(threshold__gte=1, threshold__lte=5),
                name="observation_threshold_between_1_and_5",
            )
        ]

    def __str__(self):
        return self.name


class SessionKind(models.TextChoices):
    CLASS = "class", _("Class")
    GROUP = "group", _("Support group")


class FidelityObservation(models.Model):
    """One observed session: who led it, the checklist as it was with its scores, notes."""

    program = models.ForeignKey(
        "curriculum.ProgramPage",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("program"),
    )
    affiliate = models.ForeignKey(
        "certification.Organization",
        on_delete=models.PROTECT,
        related_name="observations",
        verbose_name=_("affiliate"),
    )
    observer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("observer"),
    )
    facilitators = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        related_name="observations",
        verbose_name=_("facilitators observed"),
    )
    observed_on = models.DateField(_("date of the session"))
    session_kind = models.CharField(_("session"), max_length=10, choices=SessionKind.choices)
    scores = models.JSONField(
        _("scores"), help_text=_("Each checklist item as it was: name, threshold and score.")
    )
    average_score = models.DecimalField(_("average score"), max_digits=3, decimal_places=2)
    items_below_threshold = models.PositiveSmallIntegerField(default=0)
    notes = models.TextField(_("notes"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("fidelity observation")
        ordering = ["-observed_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(average_score__gte=1, average_score__lte=5),
                name="observation_average_between_1_and_5",
            )
        ]

    def __str__(self):
        return f"{self.get_session_kind_display()} · {self.observed_on}"
