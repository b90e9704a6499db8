"""Forms for fidelity concern pages: finding a facilitator, reporting signed in and each step
of the review (the public form, describing a facilitator without a number and looking up a
report's status are in `concern_reports.py`).

They only read and check what a person typed; every change is made by a service in
`certification/services/fidelity/concerns.py`, which also checks authority, the workflow and
each attachment's real type.
"""

import uuid

from django import forms
from django.core import signing
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ...models import (
    Certification,
    ConcernCategory,
    ConcernOutcome,
    ConcernSetting,
    ConcernSeverity,
    ConcernStatus,
    normalize_certification_number,
)
from ...models.fidelity import MAX_ATTACHMENT_BYTES, MAX_ATTACHMENTS
from ..fields import (
    ModelChoiceField,
    MultipleFileField,
    certificate_number_field,
    reason_field,
)

NO_LIVE_CERTIFICATE = _(
    "We could not find a current certificate with this number. Check the number on the "
    "certificate and try again."
)


class FacilitatorSearchForm(forms.Form):
    """Find the facilitator a signed-in person wants to report: by name among the people
    they may see, or by certificate number."""

    name = forms.CharField(
        label=_("Facilitator's name"),
        max_length=200,
        required=False,
        help_text=_("Part of the name is enough. This finds people in your own programs."),
    )
    number = certificate_number_field()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["number"].required = False
        self.fields["number"].help_text = _(
            "Or type the number printed on their certificate, for example 1234-5678-90X."
        )

    def clean(self):
        cleaned = super().clean()
        name = (cleaned.get("name") or "").strip()
        number = (cleaned.get("number") or "").strip()
        if not name and not number:
            raise forms.ValidationError(_("Type a name or a certificate number."))
        if number and normalize_certification_number(number) is None:
            self.add_error("number", NO_LIVE_CERTIFICATE)
        cleaned["name"] = name
        cleaned["number"] = normalize_certification_number(number) if number else ""
        return cleaned


# A report form's submission token: made when the form is shown, signed so nobody can choose
# one, and sent back with the report. The same token twice (a double click, a resent page) is
# the same report (`concern_report`'s `submission_token`).
SUBMISSION_TOKEN_SALT = "certification.concern-report-submission"


def new_submission_token() -> str:
    return signing.dumps(str(uuid.uuid4()), salt=SUBMISSION_TOKEN_SALT)


def read_submission_token(raw) -> uuid.UUID | None:
    """The token the form was shown with, or None when it is missing or was not made here."""
    try:
        return uuid.UUID(signing.loads(str(raw or ""), salt=SUBMISSION_TOKEN_SALT))
    except (signing.BadSignature, TypeError, ValueError):
        return None


class ConcernReportForm(forms.Form):
    """What happened, in the reporter's words. Used signed in; the public form adds the
    certificate number and optional contact details. Each time the form is shown it carries
    a new submission token, so sending it twice files one report."""

    category = forms.ChoiceField(
        label=_("What is the concern about?"),
        choices=ConcernCategory.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose what the concern is about.")},
    )
    what_happened = forms.CharField(
        label=_("What happened?"),
        max_length=10_000,
        help_text=_(
            "Tell us in your own words what you saw or heard. Please do not include "
            "anyone's health details unless they are needed."
        ),
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": _("Tell us what happened, in your own words.")},
    )
    happened_on = forms.DateField(
        label=_("When did it happen?"),
        required=False,
        help_text=_("Leave empty if you are not sure."),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": _("Enter a date, for example 2025-03-14.")},
    )
    setting = forms.ChoiceField(
        label=_("Where did it happen?"),
        choices=ConcernSetting.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose where it happened.")},
    )
    attachments = MultipleFileField(label=_("Files (optional)"), required=False)
    reporter_is_confidential = forms.BooleanField(
        label=_("Keep my name confidential"),
        required=False,
        help_text=_(
            "Only state and national staff will see who you are. The facilitator is never "
            "told who reported."
        ),
    )
    submission_token = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial["submission_token"] = new_submission_token()
        self.fields["attachments"].help_text = _(
            "Up to %(count)s files: PDF, photo (JPEG or PNG) or plain text, each up to %(mb)s MB."
        ) % {"count": MAX_ATTACHMENTS, "mb": MAX_ATTACHMENT_BYTES // (1024 * 1024)}

    def clean_happened_on(self):
        day = self.cleaned_data.get("happened_on")
        if day and day > timezone.localdate():
            raise forms.ValidationError(_("The date cannot be in the future."))
        return day

    def clean_submission_token(self):
        return read_submission_token(self.cleaned_data.get("submission_token"))

    def clean_attachments(self):
        files = self.cleaned_data.get("attachments") or []
        if len(files) > MAX_ATTACHMENTS:
            raise forms.ValidationError(
                _("You can attach up to %(count)s files.") % {"count": MAX_ATTACHMENTS}
            )
        return files


# --- the review ----------------------------------------------------------------------------


class TriageForm(forms.Form):
    severity = forms.ChoiceField(
        label=_("How serious is it?"),
        choices=ConcernSeverity.choices,
        widget=forms.RadioSelect,
        help_text=_("Urgent: someone may be at risk, act today."),
        error_messages={"required": _("Choose how serious this is.")},
    )
    owner = ModelChoiceField(
        label=_("Owner"),
        queryset=None,
        empty_label=_("Choose who owns it"),
        help_text=_("A trainer of the state or national staff, who sees it through."),
        error_messages={"required": _("Choose who owns this concern.")},
    )

    def __init__(self, *args, owners, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = owners
        self.fields["owner"].label_from_instance = lambda user: user.full_name or user.email


FILTER_STATUSES = [
    ("", _("Any status")),
    ("open", _("Open (not resolved)")),
    *ConcernStatus.choices,
]


class ConcernFilterForm(forms.Form):
    """The reviewer list's filters. Unknown values are ignored rather than refused."""

    status = forms.ChoiceField(label=_("Status"), choices=FILTER_STATUSES, required=False)
    category = forms.ChoiceField(
        label=_("About"), choices=[("", _("Any topic")), *ConcernCategory.choices], required=False
    )
    severity = forms.ChoiceField(
        label=_("Severity"),
        choices=[("", _("Any severity")), ("none", _("Not triaged yet")), *ConcernSeverity.choices],
        required=False,
    )


class StartReviewForm(forms.Form):
    pass


class LinkForm(forms.Form):
    """Link a concern reported without a number to the facilitator's certificate."""

    number = certificate_number_field()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["number"].help_text = _(
            "The number on the facilitator's certificate, for example 1234-5678-90X. It must "
            "be a current certificate in the report's program and state."
        )
        self.certification = None

    def clean_number(self):
        raw = self.cleaned_data["number"]
        if normalize_certification_number(raw) is None:
            raise forms.ValidationError(NO_LIVE_CERTIFICATE)
        # The service decides whether this reviewer may link it (and says why not).
        self.certification = (
            Certification.objects.filter(number=normalize_certification_number(raw))
            .select_related("person", "program", "affiliate")
            .first()
        )
        return raw

    def clean(self):
        cleaned = super().clean()
        cleaned["certification"] = self.certification
        return cleaned


class NoteForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("What are you adding?"),
        choices=[
            ("note", _("A note")),
            ("contact", _("A contact (a call, an email, a meeting)")),
        ],
        initial="note",
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose a note or a contact.")},
    )
    text = forms.CharField(
        label=_("Text"),
        max_length=10_000,
        help_text=_("Only reviewers read this. The reporter and the facilitator never do."),
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Write the note.")},
    )


class SuspendPendingReviewForm(forms.Form):
    reason = reason_field(
        _(
            "Sent to the facilitator and kept in the certificate's history. It is never shown "
            "on the public verification page."
        )
    )


class ResolveForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Outcome"),
        choices=ConcernOutcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose an outcome.")},
    )
    summary = forms.CharField(
        label=_("Summary of the review"),
        max_length=10_000,
        help_text=_("For reviewers only. The reporter sees only that the review is finished."),
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Sum up what the review found.")},
    )
    plan_actions = forms.CharField(
        label=_("Improvement plan: what the facilitator will do"),
        max_length=10_000,
        required=False,
        help_text=_("For coaching. Sent to the facilitator."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    plan_due_on = forms.DateField(
        label=_("Improvement plan: follow up by"),
        required=False,
        help_text=_("For coaching."),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": _("Enter a date, for example 2025-03-14.")},
    )
    suspension_reason = forms.CharField(
        label=_("Reason for the suspension"),
        max_length=2000,
        required=False,
        help_text=_("For suspension. Sent to the facilitator and kept in the history."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    allegation = forms.CharField(
        label=_("What is alleged, and why"),
        max_length=10_000,
        required=False,
        help_text=_(
            "For a decertification case. This is the written notice the facilitator gets; "
            "they have the program's response window to answer."
        ),
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    # What each outcome needs besides the summary, with the service's own words, so the
    # confirmation page is only shown for an outcome that can be applied as typed.
    NEEDS = {
        ConcernOutcome.COACHING: (
            ("plan_actions", _("Say what the facilitator will do.")),
            ("plan_due_on", _("Give a date to follow up by.")),
        ),
        ConcernOutcome.DECERTIFICATION_CASE: (("allegation", _("Write what is alleged and why.")),),
    }

    def __init__(
        self, *args, response_days=None, linked=True, suspension_needs_reason=True, **kwargs
    ):
        super().__init__(*args, **kwargs)
        self.suspension_needs_reason = suspension_needs_reason
        if not linked:
            # Until the concern is linked to a certificate, only the outcomes that do not act
            # on one are offered (the service refuses the others too).
            self.fields["outcome"].choices = [
                (value, label)
                for value, label in ConcernOutcome.choices
                if value in (ConcernOutcome.UNFOUNDED, ConcernOutcome.NO_ACTION)
            ]
            self.fields["outcome"].help_text = _(
                "Coaching, a suspension or a decertification case need the concern linked to "
                "the facilitator's certificate first."
            )
            for name in ("plan_actions", "plan_due_on", "suspension_reason", "allegation"):
                del self.fields[name]
        if response_days and "allegation" in self.fields:
            self.fields["allegation"].help_text = _(
                "For a decertification case. This is the written notice the facilitator gets; "
                "they have %(days)s days to answer."
            ) % {"days": response_days}

    def clean(self):
        cleaned = super().clean()
        outcome = cleaned.get("outcome")
        needs = list(self.NEEDS.get(outcome, ()))
        if outcome == ConcernOutcome.SUSPENSION and self.suspension_needs_reason:
            needs.append(
                (
                    "suspension_reason",
                    _("Give the reason for the suspension. It is sent to the facilitator."),
                )
            )
        for name, message in needs:
            value = cleaned.get(name)
            missing = not (value.strip() if isinstance(value, str) else value)
            if name in self.fields and name not in self.errors and missing:
                self.add_error(name, message)
        return cleaned
