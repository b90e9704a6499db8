"""Forms for reporting a concern without knowing the certificate number, and for finding a
report again without an account.

A group member often knows the facilitator ("Felix, Tuesday group at the library") but not
the number on their certificate. The public form asks "Do you know the certificate number?"
and takes either the number or a description (name, program, affiliate and, if they like, the
group or place). Both sets of fields are on the page, so it works without JavaScript: the
answer to the question says which set is checked, and when it is left unanswered the form
goes by which set was filled in.

The services check everything again (`services/fidelity/concern_reports.py`).
"""

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from ...models import Organization, OrganizationKind
from ...models.fidelity.concerns import REFERENCE_ALPHABET
from ...selectors.certificates import live_certificate
from ...services.fidelity.concern_reports import reportable_programs
from ..fields import ModelChoiceField, certificate_number_field
from .concerns import NO_LIVE_CERTIFICATE, ConcernReportForm

DESCRIPTION_FIELDS = ("subject_name", "program", "affiliate", "subject_place")
KNOWS_NUMBER_CHOICES = [
    ("yes", _("Yes, I have the number")),
    ("no", _("No, I will describe the facilitator")),
]


def affiliate_choices() -> list:
    """Active affiliates grouped by state, for a select with one group per state. One query."""
    nodes = Organization.objects.filter(
        kind__in=[OrganizationKind.STATE, OrganizationKind.AFFILIATE]
    ).order_by("path")
    states, groups = {}, {}
    for node in nodes:
        if node.kind == OrganizationKind.STATE:
            states[node.path] = node.name
        elif node.is_active:
            groups.setdefault(node.state_path, []).append((str(node.pk), node.name))
    choices = [("", _("Choose an affiliate"))]
    for path, name in sorted(states.items(), key=lambda item: item[1].casefold()):
        if groups.get(path):
            choices.append((name, sorted(groups[path], key=lambda item: item[1].casefold())))
    return choices


class FacilitatorDescriptionForm(forms.Form):
    """Who the concern is about, in the reporter's words, when they have no number.

    The fields are optional here; `require_description` makes them required when this is the
    way the reporter chose."""

    subject_name = forms.CharField(
        label=_("Facilitator's name"),
        max_length=200,
        required=False,
        help_text=_("As you know them, for example a first name and a last initial."),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    program = ModelChoiceField(
        label=_("Program"),
        queryset=None,
        required=False,
        empty_label=_("Choose a program"),
        help_text=_("What the facilitator leads: a support group, a class or peer mentoring."),
        error_messages={"invalid_choice": _("Choose a program from the list.")},
    )
    affiliate = forms.ChoiceField(
        label=_("Local affiliate that runs the group or class"),
        required=False,
        help_text=_(
            "The local peer support organization, listed by state. If you are not sure, choose "
            "the one nearest to where you met the facilitator."
        ),
        error_messages={"invalid_choice": _("Choose an affiliate from the list.")},
    )
    subject_place = forms.CharField(
        label=_("Group or place (optional)"),
        max_length=200,
        required=False,
        help_text=_("For example: the Tuesday evening group at the Main Street library."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["program"].queryset = reportable_programs()
        self.fields["program"].label_from_instance = lambda program: program.title
        self.fields["affiliate"].choices = affiliate_choices()

    def clean_affiliate(self):
        value = self.cleaned_data.get("affiliate")
        if not value:
            return None
        affiliate = Organization.objects.filter(
            pk=value, kind=OrganizationKind.AFFILIATE, is_active=True
        ).first()
        if affiliate is None:
            raise forms.ValidationError(_("Choose an affiliate from the list."))
        return affiliate

    def description_given(self) -> bool:
        return any(
            str(self.data.get(self.add_prefix(name), "")).strip() for name in DESCRIPTION_FIELDS
        )

    def require_description(self, cleaned):
        """Add an error to each description field that the reporter left empty."""
        if not (cleaned.get("subject_name") or "").strip() and "subject_name" not in self.errors:
            self.add_error("subject_name", _("Give the facilitator's name, as you know it."))
        if cleaned.get("program") is None and "program" not in self.errors:
            self.add_error("program", _("Choose the program the facilitator leads."))
        if cleaned.get("affiliate") is None and "affiliate" not in self.errors:
            self.add_error(
                "affiliate", _("Choose the local affiliate that runs the group or class.")
            )

    def description(self) -> dict:
        """The description as the report service takes it."""
        data = self.cleaned_data
        return {name: data.get(name) for name in DESCRIPTION_FIELDS}


class DescribedConcernReportForm(FacilitatorDescriptionForm, ConcernReportForm):
    """Reporting signed in about a facilitator one could not find: described, not searched."""

    field_order = [*DESCRIPTION_FIELDS, "category", "what_happened", "happened_on", "setting"]

    def clean(self):
        cleaned = super().clean()
        self.require_description(cleaned)
        return cleaned


class PublicConcernReportForm(FacilitatorDescriptionForm, ConcernReportForm):
    """The public form: no account needed. The facilitator by certificate number or by
    description; contact details are optional."""

    knows_number = forms.ChoiceField(
        label=_("Do you know the certificate number?"),
        choices=KNOWS_NUMBER_CHOICES,
        widget=forms.RadioSelect,
        required=False,
        help_text=_(
            "It is printed on the facilitator's certificate. If you do not have it, describe "
            "the facilitator instead."
        ),
    )
    number = certificate_number_field()
    reporter_name = forms.CharField(label=_("Your name (optional)"), max_length=200, required=False)
    reporter_email = forms.EmailField(
        label=_("Your email (optional)"),
        required=False,
        help_text=_(
            "We send your reference here. With it and this email you can check your report "
            "later. We may also write to ask a question."
        ),
        error_messages={"invalid": _("Enter an email address, like name@example.org.")},
    )
    reporter_phone = forms.CharField(
        label=_("Your phone (optional)"),
        max_length=40,
        required=False,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
    )

    field_order = [
        "knows_number",
        "number",
        *DESCRIPTION_FIELDS,
        "category",
        "what_happened",
        "happened_on",
        "setting",
        "attachments",
    ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["number"].required = False
        self.fields["number"].label = _("Certificate number (if you know it)")
        self.fields["reporter_name"].widget.attrs["autocomplete"] = "name"
        self.fields["reporter_email"].widget.attrs["autocomplete"] = "email"
        self.certification = None

    def knows_number_answer(self) -> str:
        """ "yes" or "no" as answered; when unanswered, by which set of fields was filled in."""
        answer = self.cleaned_data.get("knows_number")
        if answer in ("yes", "no"):
            return answer
        if (self.data.get(self.add_prefix("number")) or "").strip():
            return "yes"
        if self.description_given():
            return "no"
        return ""

    def clean(self):
        cleaned = super().clean()
        answer = self.knows_number_answer()
        if answer == "yes":
            for name in DESCRIPTION_FIELDS:  # the other way is not checked
                self.errors.pop(name, None)
                cleaned[name] = None
            number = (cleaned.get("number") or "").strip()
            if not number and "number" not in self.errors:
                self.add_error("number", _("Enter the certificate number."))
            elif number:
                self.certification = live_certificate(number)
                if self.certification is None:
                    self.add_error("number", NO_LIVE_CERTIFICATE)
        elif answer == "no":
            self.errors.pop("number", None)
            cleaned["number"] = ""
            self.require_description(cleaned)
        else:
            self.add_error(
                "knows_number",
                _("Tell us whether you know the certificate number, then fill in that part."),
            )
        return cleaned

    def about(self) -> dict:
        """Who the report is about, as the report service takes it."""
        if self.certification is not None:
            return {"certification": self.certification}
        return self.description()


# --- finding a report again ----------------------------------------------------------------

REFERENCE_BODY = re.compile(f"^[{REFERENCE_ALPHABET}]{{8}}$")


def normalize_reference(raw: str) -> str | None:
    """A reference as a person types it: any case, spaces or dashes, with or without "FC".
    Returns None when it cannot be a reference."""
    text = re.sub(r"[\s\-–—_.]", "", raw or "").upper()
    if text.startswith("FC") and len(text) == 10:
        text = text[2:]
    return f"FC-{text}" if REFERENCE_BODY.match(text) else None


class ReportLookupForm(forms.Form):
    """Find one's report by its reference and the email given with it."""

    reference = forms.CharField(
        label=_("Reference"),
        max_length=40,
        help_text=_(
            "In the email we sent and on the page you saw after reporting, for example FC-7KQ2M9TX."
        ),
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}
        ),
        error_messages={"required": _("Enter the reference of your report.")},
    )
    email = forms.EmailField(
        label=_("Your email"),
        help_text=_("The email address you gave when you reported."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={
            "required": _("Enter the email address you gave."),
            "invalid": _("Enter an email address, like name@example.org."),
        },
    )

    def clean_reference(self):
        reference = normalize_reference(self.cleaned_data["reference"])
        if reference is None:
            raise forms.ValidationError(_("A reference looks like FC-7KQ2M9TX."))
        return reference
