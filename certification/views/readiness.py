"""One enrollment's page: where the trainee stands on the prerequisites, the readiness
assessments made so far, and, for a trainer of the state, the assessment form.

The trainee sees their own page (the decision, its reasons and recommendations); staff over
the affiliate see it too. Anyone else gets a 404 (`selectors.enrollment_for`).

A decision changes the trainee's standing (a certificate issued, or the enrollment ended), so
it is confirmed first on a page that says what will happen (`confirmation.py`, in the words
of `_effect`).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from .. import permissions
from ..dates import add_months, today
from ..forms.readiness import AssessmentForm
from ..models import ReadinessDecision
from ..selectors.enrollments import enrollment_assessments, enrollment_certification, enrollment_for
from ..selectors.readiness import prerequisite_labels, prerequisites
from ..services.readiness import readiness_assess, rubric_for
from .common import confirmation
from .common.form_errors import add_service_errors


def _success_message(assessment, enrollment):
    if assessment.decision == ReadinessDecision.READY:
        certification = enrollment_certification(enrollment)
        return _("Certified. Certificate number %(number)s, valid through %(date)s.") % {
            "number": certification.display_number,
            "date": date_format(certification.expires_on, "DATE_FORMAT"),
        }
    if assessment.decision == ReadinessDecision.NOT_YET_READY:
        return _(
            "Recorded: not yet ready. %(person)s and the coordinators of their affiliate are "
            "sent your reasons and recommendations by email."
        ) % {"person": enrollment.person.full_name}
    return _("Recorded: referred to another role (%(role)s).") % {"role": assessment.suggested_role}


def _effect(enrollment, form):
    """What the decision will do, in words, as `readiness_assess` does it."""
    data = form.cleaned_data
    words = {
        "name": enrollment.person.full_name,
        "program": enrollment.program.title,
        "affiliate": enrollment.affiliate.name,
    }
    decision = data["decision"]
    if decision == ReadinessDecision.READY:
        sentences = [
            _(
                "%(name)s will be certified in %(program)s: a certificate valid through "
                "%(date)s is issued."
            )
            % {
                **words,
                "date": date_format(
                    add_months(today(), enrollment.program.validity_months), "F j, Y"
                ),
            }
        ]
        below = form.below_threshold()
        if below:
            sentences.append(
                _(
                    "You decide “ready” although %(names)s scored below the “ready at” level. "
                    "Your reason is kept with the assessment and in the history."
                )
                % {"names": ", ".join(below)}
            )
        sentences.append(_("%(name)s is emailed the certificate number.") % words)
        return confirmation.Effect(
            heading=_("Certify %(name)s?") % words,
            sentences=sentences,
            confirm=_("Yes, certify the trainee"),
            danger=False,
            omit=("may_return_on", "suggested_role"),
        )
    if decision == ReadinessDecision.NOT_YET_READY:
        return_on = data["may_return_on"] or add_months(today(), 12)
        return confirmation.Effect(
            heading=_("Record %(name)s as not yet ready?") % words,
            sentences=[
                _(
                    "%(name)s's enrollment in %(program)s ends as not yet ready. They may "
                    "come back to training from %(date)s."
                )
                % {**words, "date": date_format(return_on, "F j, Y")},
                _(
                    "%(name)s and the coordinators of %(affiliate)s are emailed your reasons "
                    "and recommendations."
                )
                % words,
            ],
            confirm=_("Yes, record not yet ready"),
            omit=("suggested_role", "threshold_override"),
        )
    return confirmation.Effect(
        heading=_("Refer %(name)s to another role?") % words,
        sentences=[
            _("%(name)s's enrollment in %(program)s ends as referred to: %(role)s.")
            % {**words, "role": data["suggested_role"].strip()},
            _("No one is emailed: tell %(name)s yourself.") % words,
        ],
        confirm=_("Yes, refer the trainee"),
        omit=("may_return_on", "threshold_override"),
    )


@login_required
def enrollment_detail(request, enrollment_id):
    """An enrollment's prerequisites and assessments, and the assessment form for trainers."""
    enrollment = enrollment_for(request.user, enrollment_id)
    met = prerequisites(enrollment)
    missing = [key for key, ok in met.items() if not ok]
    may_assess = permissions.can_assess_readiness(request.user, enrollment)
    if request.method == "POST" and not may_assess:
        raise PermissionDenied
    may_override = bool(missing) and may_assess and permissions.is_national_staff(request.user)

    form = None
    if may_assess and enrollment.is_open:
        form = AssessmentForm(
            request.POST or None,
            competencies=rubric_for(enrollment.program),
            allow_override=may_override,
            return_on=add_months(today(), 12),
        )
    status = 200
    if request.method == "POST":
        confirmed = confirmation.is_confirmed(request)
        if form is not None and form.is_valid() and not confirmed:
            if not confirmation.wants_back(request):
                return confirmation.ask(request, effect=_effect(enrollment, form), form=form)
        elif form is not None and form.is_valid():
            data = form.cleaned_data
            try:
                assessment = readiness_assess(
                    actor=request.user,
                    enrollment=enrollment,
                    scores=form.scores(),
                    decision=data["decision"],
                    notes=data["notes"],
                    reasons=data["reasons"],
                    recommendations=data["recommendations"],
                    may_return_on=data["may_return_on"],
                    suggested_role=data["suggested_role"],
                    override_reason=data.get("override_reason", ""),
                    threshold_override=data["threshold_override"],
                )
            except (ValidationError, PermissionDenied) as error:
                if hasattr(error, "error_dict"):
                    add_service_errors(form, error)
                else:
                    text = " ".join(getattr(error, "messages", None) or [str(error)])
                    messages.error(request, text)
            else:
                messages.success(request, _success_message(assessment, enrollment))
                return redirect("certification:enrollment_detail", enrollment_id=enrollment.pk)
        elif form is None:
            messages.error(
                request,
                _("This enrollment was already decided: %(status)s.")
                % {"status": enrollment.get_status_display()},
            )
        back = form is not None and confirmation.wants_back(request) and not form.errors
        status = 200 if back else 400

    is_own = enrollment.person_id == request.user.pk
    labels = prerequisite_labels(enrollment)
    return render(
        request,
        "certification/readiness/enrollment_detail.html",
        {
            "enrollment": enrollment,
            "checklist": [{"key": key, "label": labels[key], "met": ok} for key, ok in met.items()],
            "missing": missing,
            "assessments": list(enrollment_assessments(enrollment)),
            "certification": enrollment_certification(enrollment),
            "is_own": is_own,
            "show_staff_notes": not is_own,
            "may_assess": may_assess,
            "may_override": may_override,
            "form": form,
        },
        status=status,
    )
