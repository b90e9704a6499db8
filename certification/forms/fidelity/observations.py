"""Forms for fidelity observations and improvement plans. They validate input; recording the
observation and following up a plan are left to the services, which keep the rules (every
item scored, a plan when something is under its threshold, who may do what)."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ...models import SessionKind
from ..fields import ModelChoiceField, ModelMultipleChoiceField, date_input

# What each score means, shown beside the number so observers score alike.
SCORE_CHOICES = (
    ("1", _("1 · Not seen")),
    ("2", _("2 · Seldom")),
    ("3", _("3 · Partly")),
    ("4", _("4 · Mostly")),
    ("5", _("5 · Fully")),
)


class ObservationTargetForm(forms.Form):
    """Where the session was and in which program: it decides the checklist and who can be
    chosen as facilitators. Sent by GET, so the address can be shared."""

    affiliate = ModelChoiceField(
        label=_("Affiliate"),
        queryset=None,
        to_field_name="slug",
        empty_label=_("Choose an affiliate"),
    )
    program = ModelChoiceField(label=_("Program"), queryset=None, empty_label=_("Choose a program"))

    def __init__(self, *args, affiliates, programs, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["affiliate"].queryset = affiliates
        self.fields["program"].queryset = programs


class FacilitatorChoiceField(ModelMultipleChoiceField):
    def label_from_instance(self, person):
        return person.full_name or person.email


class ObservationForm(forms.Form):
    """One observed session: when, what kind, who led it, a score per checklist item, notes,
    and the improvement plan asked for when an item is under its threshold."""

    observed_on = forms.DateField(label=_("Date of the session"), widget=date_input())
    session_kind = forms.ChoiceField(
        label=_("Session"), choices=SessionKind.choices, widget=forms.RadioSelect
    )
    facilitators = FacilitatorChoiceField(
        label=_("Who led the session"),
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Facilitators with an active certification in this program here."),
        error_messages={"required": _("Choose who led the session.")},
    )
    notes = forms.CharField(
        label=_("Notes"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What went well and what to work on. The facilitators can read this."),
    )
    plan_actions = forms.CharField(
        label=_("Improvement plan: what the facilitator will do"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Needed when any item scores under its threshold."),
    )
    plan_due_on = forms.DateField(
        label=_("Improvement plan: follow up by"),
        required=False,
        widget=date_input(),
        help_text=_("Needed when any item scores under its threshold."),
    )

    def __init__(self, *args, items, facilitators, **kwargs):
        super().__init__(*args, **kwargs)
        self.items = list(items)
        self.fields["facilitators"].queryset = facilitators
        self.fields["observed_on"].initial = timezone.localdate()
        self.score_fields = []
        for item in self.items:
            name = f"score_{item.pk}"
            self.fields[name] = forms.ChoiceField(
                label=_("%(name)s (fine at %(threshold)s or more)")
                % {"name": item.name, "threshold": item.threshold},
                choices=SCORE_CHOICES,
                widget=forms.RadioSelect,
                help_text=item.description,
                error_messages={"required": _("Score this item from 1 to 5.")},
            )
            self.score_fields.append(name)

    def clean_observed_on(self):
        day = self.cleaned_data["observed_on"]
        if day > timezone.localdate():
            raise forms.ValidationError(_("The session date cannot be in the future."))
        return day

    def score_boundfields(self):
        return [self[name] for name in self.score_fields]

    def scores(self) -> dict[int, int]:
        """The scores as the service takes them: checklist item id → score."""
        return {item.pk: int(self.cleaned_data[f"score_{item.pk}"]) for item in self.items}


class PlanFollowUpForm(forms.Form):
    """What the follow-up of an improvement plan found."""

    met = forms.TypedChoiceField(
        label=_("Was the plan met?"),
        choices=(("yes", _("Met")), ("no", _("Not met"))),
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose met or not met.")},
    )
    result = forms.CharField(
        label=_("What the follow-up found"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("The facilitator can read this."),
        error_messages={"required": _("Say what the follow-up found.")},
    )
