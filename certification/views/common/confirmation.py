"""One confirmation step for every action that changes someone's standing.

Suspending, reinstating or transferring a certificate, deciding a decertification case or its
appeal, removing a role, deciding a trainee's readiness and suspending a certificate at once
for an urgent concern all go through it: the first POST only validates the form and, when it
is valid, shows a page that restates the effect in words with the person's name ("Felix
Moreno's certificate will be suspended. Felix Moreno is emailed the reason.") and carries what
was typed in hidden fields. Only a POST with the confirmation flag (the "Yes, …" button) runs
the service; "Go back" posts the same data without it, and the view shows the filled form
again. A POST without the flag never changes anything, so a double click, a stale tab or a
mistaken button cannot change anyone's standing.

The words of each action live beside the action (its view module builds an `Effect`); this
module only knows how to ask.
"""

import datetime
from dataclasses import dataclass, field

from django import forms
from django.shortcuts import render
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

CONFIRM_FIELD = "confirmed"
CONFIRM_VALUE = "yes"
BACK_FIELD = "back"


@dataclass
class Effect:
    """What an action will do, in words a person reads before confirming.

    `heading` asks the question ("Suspend Felix Moreno's certificate?"); `sentences` restate
    the effect and who is emailed; `confirm` is the button that does it ("Yes, suspend the
    certificate"). `facts` (label, value) restate what was typed; by default they are read
    from the form.
    """

    heading: str
    sentences: list
    confirm: str
    danger: bool = True
    facts: list | None = None
    back: str = field(default_factory=lambda: _("Go back"))
    back_href: str = ""  # without a form to fill again, "Go back" is a link here
    omit: tuple = ()  # form fields that do not apply to this choice (left out of `facts`)


def is_confirmed(request) -> bool:
    """Whether this POST carries the confirmation (only then may a service run)."""
    return request.method == "POST" and request.POST.get(CONFIRM_FIELD) == CONFIRM_VALUE


def wants_back(request) -> bool:
    """Whether the person chose "Go back" on the confirmation page."""
    return request.method == "POST" and BACK_FIELD in request.POST


def _display(bound_field, value):
    field_ = bound_field.field
    if isinstance(value, datetime.date):
        return date_format(value, "F j, Y")
    if isinstance(field_, forms.ModelChoiceField):
        return field_.label_from_instance(value)
    if isinstance(field_, forms.ChoiceField):
        return dict(field_.choices).get(value, value)
    return value


def form_facts(form, omit=()) -> list:
    """What the person typed, as (label, value) pairs, empty answers left out."""
    facts = []
    for bound_field in form.visible_fields():
        if bound_field.name in omit:
            continue
        value = form.cleaned_data.get(bound_field.name)
        if value in (None, "", [], ()):
            continue
        facts.append((bound_field.label, _display(bound_field, value)))
    return facts


def carried_fields(form, extra=None) -> list:
    """The submitted values of the form's fields (prefixed names, every value of a multiple
    choice) as hidden (name, value) pairs, plus `extra` (for example the action)."""
    pairs = list((extra or {}).items())
    for name in form.fields:
        key = form.add_prefix(name)
        for value in form.data.getlist(key) if hasattr(form.data, "getlist") else []:
            pairs.append((key, value))
    return pairs


def ask(
    request,
    *,
    effect: Effect,
    form=None,
    extra=None,
    action_url=None,
    status=200,
    template="includes/confirm_action.html",
    context=None,
):
    """The confirmation page: the effect in words, what was typed, "Yes, …" and "Go back".

    `form` is the valid, bound form of the first POST (its data goes along in hidden fields);
    `extra` adds hidden fields of the page's own (the action's name); the page posts back to
    `action_url` (by default the same address). A page that asks for something on the
    confirmation itself (closing an account asks for the password) extends the template and
    fills its `confirm_fields` block, with `context` for what it shows there.
    """
    facts = (
        effect.facts
        if effect.facts is not None
        else (form_facts(form, effect.omit) if form else [])
    )
    return render(
        request,
        template,
        {
            **(context or {}),
            "effect": effect,
            "facts": facts,
            "hidden": carried_fields(form, extra)
            if form is not None
            else list((extra or {}).items()),
            "action_url": action_url or request.get_full_path(),
            "confirm_field": CONFIRM_FIELD,
            "confirm_value": CONFIRM_VALUE,
            "back_field": BACK_FIELD,
        },
        status=status,
    )
