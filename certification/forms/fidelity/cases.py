"""Forms for decertification case pages: the facilitator's response and appeal, the decision
and the appeal decision.

They only read and check what a person typed; every step is made by a service in
`certification/services/fidelity/cases.py`, which also checks who may act and when.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from ...dates import add_months, today
from ...models import AppealDecision, CaseDecision

MAX_TEXT = 10_000


def _text_field(label, help_text, required_message, rows=6):
    return forms.CharField(
        label=label,
        max_length=MAX_TEXT,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": rows}),
        error_messages={"required": required_message},
    )


class CaseResponseForm(forms.Form):
    response = _text_field(
        _("Your response"),
        _(
            "Say what happened from your side and anything the person deciding should know. "
            "You can send one response; it is kept with the case."
        ),
        _("Write your response."),
    )


class CaseDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=CaseDecision.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose a decision.")},
    )
    reasons = _text_field(
        _("Reasons"),
        _("The facilitator reads these. They are never shown on the public verification page."),
        _("Give the reasons for the decision. The facilitator reads them."),
    )
    may_reenroll_on = forms.DateField(
        label=_("May enroll again from"),
        required=False,
        help_text=_(
            "Needed with a decision to decertify: the first day this person may enroll in "
            "the program again. It must be after the appeal window ends."
        ),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["may_reenroll_on"].initial = add_months(today(), 12)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("decision") == CaseDecision.DECERTIFY and not cleaned.get("may_reenroll_on"):
            self.add_error("may_reenroll_on", _("Choose when this person may enroll again."))
        return cleaned


class CaseAppealForm(forms.Form):
    appeal = _text_field(
        _("Your appeal"),
        _(
            "Say why the decision should be changed. National staff who took no part in it "
            "decide your appeal; their decision is final."
        ),
        _("Write why you appeal the decision."),
    )


class AppealDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Appeal decision"),
        choices=AppealDecision.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose whether to uphold or overturn the decision.")},
    )
    reasons = _text_field(
        _("Reasons"),
        _("The facilitator reads these. This decision is final."),
        _("Give the reasons for the appeal decision. The facilitator reads them."),
    )
