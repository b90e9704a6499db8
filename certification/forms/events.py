"""Forms for the trainer pages: scheduling a training event, changing or cancelling it, and
giving a trainee a place on it. They validate input; the change itself is left to a service."""

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..models import EventFormat
from .fields import ModelChoiceField, ModelMultipleChoiceField, date_input, time_input


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
    start_date = forms.DateField(label=_("Start date"), widget=date_input())
    start_time = forms.TimeField(label=_("Start time"), widget=time_input())
    end_date = forms.DateField(label=_("End date"), widget=date_input())
    end_time = forms.TimeField(label=_("End time"), widget=time_input())
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
