"""Forms for decertification case pages: the facilitator's response and appeal, the decision
and the appeal decision.

They only read and check what a person typed; every step is made by a service in
`certification/services/fidelity/cases.py`, which also checks who may act and when.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from ...dates import add_months, today
from ...models import AppealDecision, CaseDecision
from ..fields import long_text_field


class CaseResponseForm(forms.Form):
    response = long_text_field(
        _("Your response"),
        _("Write your response."),
        help_text=_(
            "Say what happened from your side and anything the person deciding should know. "
            "You can send one response; it is kept with the case."
        ),
        rows=6,
    )


class CaseDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=CaseDecision.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose a decision.")},
    )
    reasons = long_text_field(
        _("Reasons"),
        _("Give the reasons for the decision. The facilitator reads them."),
        help_text=_(
            "The facilitator reads these. They are never shown on the public verification page."
        ),
        rows=6,
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
    appeal = long_text_field(
        _("Your appeal"),
        _("Write why you appeal the decision."),
        help_text=_(
            "Say why the decision should be changed. National staff who took no part in it "
            "decide your appeal; their decision is final."
        ),
        rows=6,
    )


class AppealDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Appeal decision"),
        choices=AppealDecision.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose whether to uphold or overturn the decision.")},
    )
    reasons = long_text_field(
        _("Reasons"),
        _("Give the reasons for the appeal decision. The facilitator reads them."),
        help_text=_("The facilitator reads these. This decision is final."),
        rows=6,
    )
