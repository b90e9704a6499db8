"""Forms for the trainer pages: scheduling a training event, giving a trainee a place on it,
and a readiness assessment. They validate input; the change itself is left to a service."""

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .form_fields import ModelChoiceField, ModelMultipleChoiceField
from .models import EventFormat, ReadinessDecision

# What each rubric score means, shown beside the number so trainers score alike.
SCORE_CHOICES = (
    ("1", _("1 · Not yet shown")),
    ("2", _("2 · Emerging")),
    ("3", _("3 · Shown consistently")),
    ("4", _("4 · A strength")),
)


def _date_input():
    return forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})


def _time_input():
    return forms.TimeInput(format="%H:%M", attrs={"type": "time"})


class StateChoiceForm(forms.Form):
    """For a person who runs trainings in several states: where the new event takes place."""

    state = ModelChoiceField(
        label=_("State"), queryset=None, empty_label=_("Choose a state"), to_field_name="slug"
    )

    def __init__(self, *args, states, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["state"].queryset = states


class EventForm(forms.Form):
    """A state training: its program, dates, format, place and trainers.

    Dates and times are read in the site's time zone, as the trainer means them.
    """

    program = ModelChoiceField(label=_("Program"), queryset=None, empty_label=_("Choose a program"))
    title = forms.CharField(
        label=_("Title"),
        max_length=200,
        help_text=_("For example: Spring training in Columbus."),
    )
    start_date = forms.DateField(label=_("Start date"), widget=_date_input())
    start_time = forms.TimeField(label=_("Start time"), widget=_time_input())
    end_date = forms.DateField(label=_("End date"), widget=_date_input())
    end_time = forms.TimeField(label=_("End time"), widget=_time_input())
    format = forms.ChoiceField(
        label=_("Format"), choices=EventFormat.choices, widget=forms.RadioSelect
    )
    location = forms.CharField(
        label=_("Place or call details"),
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("An address, or how to join the call (phone number or link)."),
    )
    capacity = forms.IntegerField(
        label=_("Places"),
        min_value=1,
        max_value=500,
        initial=20,
        help_text=_("How many trainees can attend."),
    )
    trainers = ModelMultipleChoiceField(
        label=_("Co-trainers"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Other trainers of this state, or national staff, who run the training with you."
        ),
    )

    # Where a service's error about a value belongs on this form.
    SERVICE_FIELDS = {"starts_at": "start_date", "ends_at": "end_date", "state": None}

    def __init__(self, *args, programs=None, co_trainers, **kwargs):
        super().__init__(*args, **kwargs)
        if programs is None:  # changing an event: its program stays
            del self.fields["program"]
        else:
            self.fields["program"].queryset = programs
        self.fields["trainers"].queryset = co_trainers
        self.fields["trainers"].label_from_instance = lambda user: user.full_name or user.email
        self.fields["start_date"].help_text = _("Times are in the %(zone)s time zone.") % {
            "zone": timezone.get_current_timezone_name()
        }

    @staticmethod
    def initial_for(event, co_trainer_ids):
        """The form's values for an existing event, its times in the site's time zone."""
        starts_at = timezone.localtime(event.starts_at)
        ends_at = timezone.localtime(event.ends_at)
        return {
            "title": event.title,
            "start_date": starts_at.date(),
            "start_time": starts_at.time(),
            "end_date": ends_at.date(),
            "end_time": ends_at.time(),
            "format": event.format,
            "location": event.location,
            "capacity": event.capacity,
            "trainers": list(co_trainer_ids),
        }

    def clean(self):
        cleaned = super().clean()
        for prefix in ("start", "end"):
            day, time = cleaned.get(f"{prefix}_date"), cleaned.get(f"{prefix}_time")
            if day is not None and time is not None:
                cleaned[f"{prefix}s_at"] = timezone.make_aware(datetime.datetime.combine(day, time))
        return cleaned


class AddAttendeeForm(forms.Form):
    """Give one of the state's open enrollments a place on the event."""

    enrollment = ModelChoiceField(
        label=_("Trainee"),
        queryset=None,
        empty_label=_("Choose a trainee"),
        help_text=_("Open enrollments in this program, from the affiliates of this state."),
    )

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["enrollment"].queryset = candidates
        self.fields["enrollment"].label_from_instance = lambda enrollment: (
            f"{enrollment.person.full_name} · {enrollment.affiliate.name}"
        )


class EventCancelForm(forms.Form):
    """Why a training is cancelled: the people placed on it read this in their email."""

    reason = forms.CharField(
        label=_("Why is the training cancelled?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Everyone placed on the training reads this in their email."),
        error_messages={"required": _("Say why the training is cancelled. Attendees read it.")},
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
        widget=_date_input(),
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
