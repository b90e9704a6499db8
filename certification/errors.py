"""Domain errors: a request that breaks a rule of the program, not a lack of authority."""

from django.core.exceptions import ValidationError


class DomainError(ValidationError):
    """A change the rules of Trellis do not allow (shown to the person as a message).

    It is a ValidationError so forms and the Wagtail admin show it next to the input.
    """
