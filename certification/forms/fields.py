"""Choice fields for objects named by id, which answer an impossible id with a form error.

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
