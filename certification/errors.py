"""Domain errors: a request that breaks a rule of the program, not a lack of authority."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


class DomainError(ValidationError):
    """A change the rules of Trellis do not allow (shown to the person as a message).

    It is a ValidationError so forms and the Wagtail admin show it next to the input.
    """


def require_text(value, field, message, max_length=None) -> str:
    """The trimmed text a person wrote for `field`, or a DomainError at that field when it
    is empty (or, with `max_length`, too long)."""
    value = (value or "").strip()
    if not value:
        raise DomainError({field: message})
    if max_length is not None and len(value) > max_length:
        raise DomainError(
            {field: _("Keep this under %(count)s characters.") % {"count": max_length}}
        )
    return value
