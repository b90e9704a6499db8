"""Fields that more than one form uses: safe choice fields, the certificate number, a reason
kept in history, long text, a list of files, and date and time inputs.

Choice fields for objects named by id answer an impossible id with a form error.

A choice list names its objects by id. Someone who edits the page can send any number, and
Django's model choice fields pass it straight to the database: an id far beyond what the
column holds (`99999999999999999999999`) raised OverflowError on SQLite, a 500 instead of
"Select a valid choice". Django guards plain integer lookups, but not a key reached through a
relation, as a Wagtail page's id is (`ProgramPage.pk` is its link to `Page`), nor `__in`.

Every form of the site uses these fields instead of Django's (a test keeps it so): a value that
cannot be an id of the key's column is refused before any query, like any other wrong choice.
`id_or_none` does the same for a view that reads an id from the query string.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.db import connections, models
from django.utils.translation import gettext_lazy as _

# What a person may write in one box: a response, a review's summary (LONG_TEXT); a reason
# kept in a certificate's or a concern's history (REASON_TEXT).
LONG_TEXT = 10_000
REASON_TEXT = 2_000


def _key_column(model, to_field_name=None):
    """The field whose column holds the key, following links to a parent model's id."""
    field = model._meta.get_field(to_field_name) if to_field_name else model._meta.pk
    while field.is_relation and getattr(field, "target_field", None) is not None:
        field = field.target_field
    return field


def fits_key_column(queryset, value, to_field_name=None) -> bool:
    """False when `value` is a whole number the key's column cannot hold; True otherwise
    (anything else is left to the usual checks, which refuse it without touching the
    database's limits)."""
    field = _key_column(queryset.model, to_field_name)
    if not isinstance(field, models.IntegerField):
        return True
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        return True
    low, high = connections[queryset.db].ops.integer_field_range(field.get_internal_type())
    return (low is None or number >= low) and (high is None or number <= high)


def id_or_none(queryset, raw):
    """The id named by `raw` (say, a query string's `?program=`) if it can be one of
    `queryset`'s ids, else None. Says nothing about whether that object exists."""
    text = str(raw or "").strip()
    if not text.isdigit() or not fits_key_column(queryset, text):
        return None
    return int(text)


class ModelChoiceField(forms.ModelChoiceField):
    """Django's field, refusing ids the database could not hold as "Select a valid choice"."""

    def to_python(self, value):
        if (
            value not in self.empty_values
            and not isinstance(value, self.queryset.model)
            and not fits_key_column(self.queryset, value, self.to_field_name)
        ):
            raise ValidationError(
                self.error_messages["invalid_choice"],
                code="invalid_choice",
                params={"value": value},
            )
        return super().to_python(value)


class ModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Django's field, refusing ids the database could not hold as "Select a valid choice"."""

    def _check_values(self, value):
        for item in value if isinstance(value, (list, tuple)) else ():
            if isinstance(item, (str, int)) and not fits_key_column(
                self.queryset, item, self.to_field_name
            ):
                raise ValidationError(
                    self.error_messages["invalid_choice"],
                    code="invalid_choice",
                    params={"value": item},
                )
        return super()._check_values(value)


def date_input():
    """A date field's widget: the browser's date picker, with the value as YYYY-MM-DD."""
    return forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})


def time_input():
    """A time field's widget: the browser's time picker, with the value as HH:MM."""
    return forms.TimeInput(format="%H:%M", attrs={"type": "time"})


# --- text ------------------------------------------------------------------------------------


def long_text_field(label, required_message, *, help_text="", rows=4, max_length=LONG_TEXT):
    """A box for a few sentences or more, required, with its own "write this" message."""
    return forms.CharField(
        label=label,
        max_length=max_length,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": rows}),
        error_messages={"required": required_message},
    )


def reason_field(help_text, label=None):
    """Why a standing changes (a suspension, a decertification…): required, and kept in the
    history row of the change."""
    return long_text_field(
        label or _("Reason"),
        _("Give a reason. It is kept in the history."),
        help_text=help_text,
        rows=3,
        max_length=REASON_TEXT,
    )


def certificate_number_field():
    """A certificate number as a person copies it from the paper; forms normalize it with
    `normalize_certification_number`."""
    return forms.CharField(
        label=_("Certificate number"),
        max_length=40,
        help_text=_(
            "Printed on the certificate, for example 1234-5678-90X. Capitals, spaces and "
            "dashes do not matter."
        ),
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}
        ),
        error_messages={"required": _("Enter the certificate number.")},
    )


# --- files -----------------------------------------------------------------------------------


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input; the service checks how many, how big and what they are."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault(
            "widget", MultipleFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png,.txt"})
        )
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if isinstance(data, (list, tuple)):
            return [super(MultipleFileField, self).clean(item, initial) for item in data if item]
        cleaned = super().clean(data, initial)
        return [cleaned] if cleaned else []
