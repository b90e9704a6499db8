"""Template helpers for learner pages."""

from django import template

register = template.Library()


@register.filter
def get_item(mapping, key):
    """`mapping[key]`, or None: lets a template look up a learner's answer by question id."""
    if not mapping:
        return None
    return mapping.get(key)
