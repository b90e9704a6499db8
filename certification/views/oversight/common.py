"""What an oversight page and its export share: the node a viewer may oversee, the program and
status filters, and the rows behind a dashboard or a list.

A dashboard and its CSV, or a list and its CSV, must show the same records in the same order
(a program director who downloads what they see on screen expects the same rows), so both
the HTML views in `pages.py` and the downloads in `exports.py` read them from here.
Every record comes through `selectors/oversight.py`, which reads only what the viewer may see.
"""

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import NoReverseMatch, reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from curriculum.models import ProgramPage

from ... import permissions
from ...forms.fields import ModelChoiceField
from ...models import Organization
from ...selectors import oversight

ROW_HEADINGS = {
    "state": gettext_lazy("State"),
    "affiliate": gettext_lazy("Affiliate"),
    "person": gettext_lazy("Person"),
}
EXTRA_SORT_LABELS = {
    "oldest": gettext_lazy("Oldest open concern (days)"),
    "score": gettext_lazy("Latest observation score"),
}


# --- filters -------------------------------------------------------------------------------


class OversightFilterForm(forms.Form):
    """The program and status filters of a dashboard or a list (read from the query string).

    On a dashboard, `status` keeps the rows with something in that column (say, only the
    affiliates with open concerns); on a list, it narrows a column that counts several
    statuses (suspended or on leave; received, triaged or under review).
    """

    program = ModelChoiceField(
        label=gettext_lazy("Program"),
        queryset=ProgramPage.objects.order_by("title").only("id", "title"),
        required=False,
        empty_label=gettext_lazy("All programs"),
    )
    status = forms.ChoiceField(label=gettext_lazy("Status"), required=False)

    def __init__(self, *args, status_choices=(), status_label=None, **kwargs):
        super().__init__(*args, **kwargs)
        if status_choices:
            self.fields["status"].choices = [("", _("Any status")), *status_choices]
            if status_label:
                self.fields["status"].label = status_label
        else:
            del self.fields["status"]

    def value(self, name):
        if not self.is_valid() and name in self.errors:
            return None
        return self.cleaned_data.get(name) or None


def filter_form(request, **form_kwargs) -> OversightFilterForm:
    form = OversightFilterForm(request.GET or None, **form_kwargs)
    if request.GET:
        form.is_valid()
    else:
        form.cleaned_data = {}
    return form


# --- scoping -------------------------------------------------------------------------------


def organization_or_404(user, slug) -> Organization:
    organization = get_object_or_404(Organization, slug=slug)
    if not permissions.can_view_oversight(user, organization):
        raise Http404
    return organization


def person_or_404(user, organization, raw):
    """A person on `organization`'s roster (as the viewer may see it), from `?person=`."""
    try:
        person_id = int(raw)
    except (TypeError, ValueError):
        raise Http404 from None
    on_roster = (
        Q(pk__in=oversight.records_under(user, organization, "certifications").values("person_id"))
        | Q(pk__in=oversight.records_under(user, organization, "enrollments").values("person_id"))
        | Q(pk__in=oversight.records_under(user, organization, "concerns").values("subject_id"))
    )
    return get_object_or_404(get_user_model().objects.filter(on_roster), pk=person_id)


# --- the dashboard's rows ------------------------------------------------------------------


def dashboard_state(request, organization):
    """The filtered, sorted rows of a dashboard and everything the page and its CSV share."""
    form = filter_form(
        request,
        status_choices=[(column, oversight.COLUMN_LABELS[column]) for column in oversight.COLUMNS],
        status_label=_("Show rows with"),
    )
    program, status = form.value("program"), form.value("status")
    table = oversight.oversight_table(request.user, organization, program=program)
    sort = request.GET.get("sort") or "name"
    if sort.lstrip("-") not in oversight.SORT_KEYS:
        sort = "name"
    rows = oversight.sort_rows(oversight.filter_rows(table.rows, status), sort)
    return form, program, status, sort, table, rows


# --- the lists behind the numbers ----------------------------------------------------------


def _cell(text, href=None, raw=None):
    return {"text": text, "href": href, "csv": text if raw is None else raw}


def _day(value):
    return _cell(date_format(value, "M j, Y") if value else "", raw=value)


def _optional_reverse(name, *args):
    """A link to another fidelity page, when that page exists."""
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return None


def list_table(source, records, today):
    """Headers and cells of a list, shared by its page and its CSV."""
    if source == "certifications":
        header = [
            _("Person"),
            _("Email"),
            _("Program"),
            _("Certificate number"),
            _("Status"),
            _("Valid through"),
            _("Affiliate"),
        ]
        rows = [
            [
                _cell(
                    c.person.full_name,
                    reverse("certification:certificate_detail", args=[c.number]),
                ),
                _cell(c.person.email),
                _cell(c.program.title),
                _cell(
                    c.display_number,
                    reverse("certification:certificate_detail", args=[c.number]),
                ),
                _cell(c.get_status_display()),
                _day(c.expires_on),
                _cell(c.affiliate.name),
            ]
            for c in records
        ]
    elif source == "enrollments":
        header = [
            _("Person"),
            _("Email"),
            _("Program"),
            _("Status"),
            _("Enrolled"),
            _("Affiliate"),
        ]
        rows = [
            [
                _cell(e.person.full_name, reverse("certification:enrollment_detail", args=[e.pk])),
                _cell(e.person.email),
                _cell(e.program.title),
                _cell(e.get_status_display()),
                _day(e.enrolled_at.date()),
                _cell(e.affiliate.name),
            ]
            for e in records
        ]
    elif source == "concerns":
        header = [
            _("Reference"),
            _("Facilitator"),
            _("Program"),
            _("Category"),
            _("Status"),
            _("Severity"),
            _("Received"),
            _("Days open"),
            _("Affiliate"),
        ]
        rows = [
            [
                _cell(c.reference, _optional_reverse("certification:concern_detail", c.reference)),
                _cell(c.facilitator_label),
                _cell(c.program.title),
                _cell(c.get_category_display()),
                _cell(c.get_status_display()),
                _cell(c.get_severity_display()),
                _day(c.received_at.date()),
                _cell(str((today - c.received_at.date()).days)),
                _cell(c.affiliate.name),
            ]
            for c in records
        ]
    else:
        header = [
            _("Date"),
            _("Session"),
            _("Facilitators"),
            _("Program"),
            _("Average score"),
            _("Items under threshold"),
            _("Affiliate"),
        ]
        rows = []
        for o in records:
            day = _day(o.observed_on)
            day["href"] = _optional_reverse("certification:observation_detail", o.pk)
            rows.append(
                [
                    day,
                    _cell(o.get_session_kind_display()),
                    _cell(", ".join(p.full_name for p in o.facilitators.all())),
                    _cell(o.program.title),
                    _cell(str(o.average_score)),
                    _cell(str(o.items_below_threshold)),
                    _cell(o.affiliate.name),
                ]
            )
    return header, rows


def list_state(request, organization, column):
    """The filtered records behind one dashboard number, shared by the list and its CSV."""
    if column not in oversight.LIST_COLUMNS:
        raise Http404
    form = filter_form(request, status_choices=oversight.LIST_STATUS_CHOICES.get(column, ()))
    program, status = form.value("program"), form.value("status")
    person = None
    if request.GET.get("person"):
        person = person_or_404(request.user, organization, request.GET["person"])
    records = oversight.oversight_list(
        request.user, organization, column, program=program, status=status, person=person
    )
    return form, program, status, person, records
