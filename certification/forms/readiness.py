"""A trainer's readiness assessment of a trainee after a training."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..models import ReadinessDecision
from .fields import date_input

# What each rubric score means, shown beside the number so trainers score alike.
SCORE_CHOICES = (
    ("1", _("1 · Not yet shown")),
    ("2", _("2 · Emerging")),
    ("3", _("3 · Shown consistently")),
    ("4", _("4 · A strength")),
)


class AssessmentForm(forms.Form):
    """A trainer's readiness assessment: a score for each competency of the program's
    rubric, notes, and the decision with what it needs (reasons, a return date, a role)."""

    notes = forms.CharField(
        label=_("Notes"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What you observed. Seen by staff, not by the trainee."),
    )
    decision = forms.ChoiceField(
        label=_("Decision"), choices=ReadinessDecision.choices, widget=forms.RadioSelect
    )
    reasons = forms.CharField(
        label=_("Reasons"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Needed when the trainee is not ready yet. The trainee reads them."),
    )
    recommendations = forms.CharField(
        label=_("Recommendations"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What would help next, for example: take the class again next year."),
    )
    may_return_on = forms.DateField(
        label=_("May return from"),
        required=False,
        widget=date_input(),
        help_text=_("When a trainee who is not ready yet may come back to training."),
    )
    suggested_role = forms.CharField(
        label=_("Refer to: which role or program?"),
        max_length=200,
        required=False,
        help_text=_(
            "Needed when you refer the trainee: say where to, for example “Peer Mentor "
            "program” or “co-leading a group beside a certified facilitator”. The trainee "
            "reads this."
        ),
    )
    threshold_override = forms.CharField(
        label=_("Ready although a score is below its “ready at” level: why?"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Needed only when you decide “ready” while a competency is scored below its "
            "“ready at” level. Kept with the assessment and in the history."
        ),
    )

    def __init__(self, *args, competencies, allow_override=False, return_on=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.competencies = list(competencies)
        self.score_fields = []
        for competency in self.competencies:
            name = f"score_{competency.pk}"
            self.fields[name] = forms.ChoiceField(
                label=_("%(name)s (ready at %(threshold)s or more)")
                % {"name": competency.name, "threshold": competency.threshold},
                choices=SCORE_CHOICES,
                widget=forms.RadioSelect,
                help_text=competency.description,
                error_messages={"required": _("Score this competency from 1 to 4.")},
            )
            self.score_fields.append(name)
        if return_on is not None:
            self.fields["may_return_on"].initial = return_on
        if allow_override:
            self.fields["override_reason"] = forms.CharField(
                label=_("Override missing prerequisites: why"),
                widget=forms.Textarea(attrs={"rows": 3}),
                help_text=_(
                    "National staff only. Say why this trainee may be assessed without "
                    "every prerequisite. The reason is kept in the history."
                ),
                error_messages={
                    "required": _("Say why the missing prerequisites may be overridden.")
                },
            )

    def clean_may_return_on(self):
        day = self.cleaned_data["may_return_on"]
        if day is not None and day <= timezone.localdate():
            raise forms.ValidationError(_("Choose a date in the future."))
        return day

    def below_threshold(self) -> list:
        """The competencies scored below their "ready at" level (names), once valid."""
        names = []
        for competency in self.competencies:
            score = self.cleaned_data.get(f"score_{competency.pk}")
            if score and int(score) < competency.threshold:
                names.append(competency.name)
        return names

    def clean(self):
        """What each decision needs, asked here so the confirmation page never restates a
        decision the service would refuse (the service checks the same again)."""
        cleaned = super().clean()
        decision = cleaned.get("decision")
        if decision == ReadinessDecision.NOT_YET_READY and not cleaned.get("reasons", "").strip():
            self.add_error("reasons", _("Say why the trainee is not ready yet."))
        if decision == ReadinessDecision.REFER and not cleaned.get("suggested_role", "").strip():
            self.add_error("suggested_role", _("Say where you refer the trainee to."))
        below = self.below_threshold()
        if (
            decision == ReadinessDecision.READY
            and below
            and not cleaned.get("threshold_override", "").strip()
        ):
            self.add_error(
                "threshold_override",
                _(
                    "Scored below its “ready at” level: %(names)s. Choose another decision, "
                    "or say why the trainee is ready anyway."
                )
                % {"names": ", ".join(below)},
            )
        return cleaned

    def score_boundfields(self):
        return [self[name] for name in self.score_fields]

    def other_boundfields(self):
        return [self[name] for name in self.fields if name not in self.score_fields]

    def scores(self):
        """The scores as the service takes them: competency id → score."""
        return {
            competency.pk: int(self.cleaned_data[f"score_{competency.pk}"])
            for competency in self.competencies
        }
