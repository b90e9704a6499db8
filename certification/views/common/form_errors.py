"""One way to show a service's refusal on the form that asked for the change."""


def add_service_errors(form, error, field_map=None):
    """Show a service's ValidationError on the form: at its field when the form has one,
    otherwise at the top of the form. `field_map` renames service fields to form fields."""
    field_map = field_map or {}
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            field = field_map.get(field, field)
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


def service_errors_fit(form, error) -> bool:
    """Whether every field a service's error names is on `form`, so the errors can be shown
    beside those fields (otherwise a page shows them as one message)."""
    return hasattr(error, "error_dict") and set(error.error_dict) <= set(form.fields)
