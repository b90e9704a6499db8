"""Oversight dashboards: national (a row per state), state (a row per affiliate) and affiliate
(a row per person), every number a link to the list behind it, CSV of every table, the roster
as a PDF, and two charts drawn on the server.

A dashboard or a list is shown exactly when `permissions.can_view_oversight` allows its node
(404 otherwise, so a node's existence is not given away); the numbers come from
`selectors_oversight`, which reads only what the viewer may see.
"""

import csv
import datetime

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, path, reverse
from django.utils.formats import date_format
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_safe

from curriculum.models import ProgramPage

from .. import charts, pdf, permissions
from .. import selectors_oversight as oversight
from ..models import LIVE_STATUSES, OPEN_ENROLLMENT_STATUSES, Organization, OrganizationKind

PAGE_SIZE = 50

ROW_HEADINGS = {
    "state": gettext_lazy("State"),
    "affiliate": gettext_lazy("Affiliate"),
    "person": gettext_lazy("Person"),
}
TABLE_HEADINGS = {
    "state": gettext_lazy("States"),
    "affiliate": gettext_lazy("Affiliates"),
    "person": gettext_lazy("People on the roster"),
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

    program = forms.ModelChoiceField(
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


def _filters(request, **form_kwargs):
    form = OversightFilterForm(request.GET or None, **form_kwargs)
    if request.GET:
        form.is_valid()
    else:
        form.cleaned_data = {}
    return form


def _query(request, drop=(), **changes) -> str:
    """The current query string with `changes` applied and `drop` left out (empty values go)."""
    params = {key: value for key, value in request.GET.items() if key not in drop}
    params.update(changes)
    params = {key: value for key, value in params.items() if value not in (None, "")}
    return f"?{urlencode(params)}" if params else ""


def _filter_params(program, status=None, person=None) -> str:
    params = {}
    if program is not None:
        params["program"] = program.pk
    if status:
        params["status"] = status
    if person is not None:
        params["person"] = person
    return f"?{urlencode(params)}" if params else ""


# --- scoping -------------------------------------------------------------------------------


def _organization_or_404(user, slug) -> Organization:
    organization = get_object_or_404(Organization, slug=slug)
    if not permissions.can_view_oversight(user, organization):
        raise Http404
    return organization


def _breadcrumb(user, organization):
    """The nodes above `organization` that `user` may see, top first."""
    return list(
        permissions.organizations_visible_to(user)
        .filter(path__in=organization.ancestor_paths()[:-1])
        .order_by("depth")
    )


def _person_or_404(user, organization, raw):
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


# --- CSV -----------------------------------------------------------------------------------

# A spreadsheet runs a cell that starts with one of these as a formula (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value) -> str:
    """One CSV cell as text, with a quote in front of anything a spreadsheet would run."""
    if value is None:
        return ""
    if isinstance(value, datetime.date):
        return value.isoformat()
    text = str(value)
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def _csv_response(filename, header, rows) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    writer = csv.writer(response)
    writer.writerow([csv_cell(cell) for cell in header])
    for row in rows:
        writer.writerow([csv_cell(cell) for cell in row])
    return response


def _pager(request, page):
    return {
        "previous_href": _query(request, page=page.previous_page_number())
        if page.has_previous()
        else None,
        "next_href": _query(request, page=page.next_page_number()) if page.has_next() else None,
    }


# --- the dashboard -------------------------------------------------------------------------


def _dashboard_state(request, organization):
    """The filtered, sorted rows of a dashboard and everything the page and its CSV share."""
    form = _filters(
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


def _sort_headers(request, row_kind, sort):
    labels = {
        "name": ROW_HEADINGS[row_kind],
        **{column: oversight.COLUMN_LABELS[column] for column in oversight.COLUMNS},
        **EXTRA_SORT_LABELS,
    }
    current, descending = sort.lstrip("-"), sort.startswith("-")
    headers = []
    for key in oversight.SORT_KEYS:
        is_current = key == current
        if is_current:
            next_sort = key if descending else f"-{key}"
        else:  # names read A to Z first; numbers, biggest first
            next_sort = key if key == "name" else f"-{key}"
        headers.append(
            {
                "key": key,
                "label": labels[key],
                "href": _query(request, drop=("page",), sort=next_sort),
                "aria_sort": ("descending" if descending else "ascending") if is_current else "",
            }
        )
    return headers


def _decorate(row, name_href, links):
    """Give a row what its table cells show: each number with its link and a spoken name."""
    row.name_href = name_href
    row.cells = [
        {
            "value": row.counts[column],
            "href": links[column],
            "label": oversight.COLUMN_LABELS[column],
        }
        for column in oversight.COLUMNS
    ]
    row.score_href = links["observations"]
    return row


def _row_links(organization, table, row, program):
    """Where a row's name and each of its numbers lead."""
    if table.row_kind == "person":
        target, person = organization.slug, row.person.pk
        name_href = None
    else:
        target, person = row.organization.slug, None
        name_href = reverse("certification:oversight_dashboard", args=[target]) + _filter_params(
            program
        )
    links = {
        column: reverse("certification:oversight_list", args=[target, column])
        + _filter_params(program, person=person)
        for column in oversight.LIST_COLUMNS
    }
    return _decorate(row, name_href, links)


def _charts(user, organization, program):
    months = oversight.certification_months(user, organization, program)
    items = [
        {
            "label": date_format(month, "M"),
            "title": _("%(month)s: %(count)s issued")
            % {"month": date_format(month, "F Y"), "count": count},
            "value": count,
            "series": "issued",
        }
        for month, count in months["issued"]
    ] + [
        {
            "label": date_format(month, "M"),
            "title": _("%(month)s: %(count)s expiring")
            % {"month": date_format(month, "F Y"), "count": count},
            "value": count,
            "series": "expiring",
        }
        for month, count in months["expiring"]
    ]
    issued_total = sum(count for _month, count in months["issued"])
    expiring_total = sum(count for _month, count in months["expiring"])
    certification_chart = charts.column_chart(
        items,
        groups=[
            (_("Issued, last 12 months"), 0, 11),
            (_("Expiring, next 12 months"), 12, 23),
        ],
    )
    categories = oversight.open_concerns_by_category(user, organization, program)
    concern_chart = charts.bar_chart(
        [{"label": str(label), "value": count} for _value, label, count in categories]
    )
    return {
        "months": months,
        "issued_total": issued_total,
        "expiring_total": expiring_total,
        "certification_chart": certification_chart,
        "categories": categories,
        "concern_total": sum(count for _value, _label, count in categories),
        "concern_chart": concern_chart,
    }


@login_required
@require_safe
def oversight_home(request):
    """Send a person to the highest node they oversee; a friendly refusal for anyone else."""
    top = permissions.organizations_visible_to(request.user).order_by("depth", "path").first()
    if top is None:
        return render(request, "certification/oversight/no_access.html", status=403)
    return redirect("certification:oversight_dashboard", slug=top.slug)


@login_required
@require_safe
def oversight_dashboard(request, slug):
    organization = _organization_or_404(request.user, slug)
    if request.GET.get("format") == "csv":
        return oversight_csv(request, slug)
    form, program, status, sort, table, rows = _dashboard_state(request, organization)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    for row in page.object_list:
        _row_links(organization, table, row, program)
    _decorate(
        table.totals,
        None,
        {
            column: reverse("certification:oversight_list", args=[organization.slug, column])
            + _filter_params(program)
            for column in oversight.LIST_COLUMNS
        },
    )
    return render(
        request,
        "certification/oversight/dashboard.html",
        {
            "organization": organization,
            "ancestors": _breadcrumb(request.user, organization),
            "form": form,
            "program": program,
            "status": status,
            "table": table,
            "page": page,
            "row_count": len(rows),
            "headers": _sort_headers(request, table.row_kind, sort),
            "columns": oversight.COLUMNS,
            "row_heading": ROW_HEADINGS[table.row_kind],
            "table_heading": TABLE_HEADINGS[table.row_kind],
            "csv_href": reverse("certification:oversight_csv", args=[organization.slug])
            + _query(request, drop=("page",)),
            "pdf_href": (
                reverse("certification:oversight_roster_pdf", args=[organization.slug])
                + _filter_params(program)
                if organization.kind == OrganizationKind.AFFILIATE
                else None
            ),
            **_pager(request, page),
            **_charts(request.user, organization, program),
        },
    )


@login_required
@require_safe
def oversight_csv(request, slug):
    """The dashboard's rows (all pages, as filtered and sorted) as CSV."""
    organization = _organization_or_404(request.user, slug)
    _form, _program, _status, _sort, table, rows = _dashboard_state(request, organization)
    header = [
        ROW_HEADINGS[table.row_kind],
        _("Email") if table.row_kind == "person" else _("Code"),
        *[oversight.COLUMN_LABELS[column] for column in oversight.COLUMNS],
        EXTRA_SORT_LABELS["oldest"],
        EXTRA_SORT_LABELS["score"],
    ]
    body = [
        [
            row.name,
            row.detail,
            *[row.counts[column] for column in oversight.COLUMNS],
            row.oldest_concern_days,
            row.latest_score,
        ]
        for row in rows
    ]
    return _csv_response(f"oversight-{organization.slug}.csv", header, body)


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


def _list_table(source, records, today):
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
                _cell(c.display_number),
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
                _cell(c.subject.full_name),
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


def _list_state(request, organization, column):
    if column not in oversight.LIST_COLUMNS:
        raise Http404
    form = _filters(request, status_choices=oversight.LIST_STATUS_CHOICES.get(column, ()))
    program, status = form.value("program"), form.value("status")
    person = None
    if request.GET.get("person"):
        person = _person_or_404(request.user, organization, request.GET["person"])
    records = oversight.oversight_list(
        request.user, organization, column, program=program, status=status, person=person
    )
    return form, program, status, person, records


@login_required
@require_safe
def oversight_list(request, slug, column):
    """The records one dashboard number counts: as many rows as the number said."""
    organization = _organization_or_404(request.user, slug)
    if request.GET.get("format") == "csv":
        return oversight_list_csv(request, slug, column)
    form, program, status, person, records = _list_state(request, organization, column)
    page = Paginator(records, PAGE_SIZE).get_page(request.GET.get("page"))
    header, rows = _list_table(oversight.list_source(column), page.object_list, oversight.today())
    return render(
        request,
        "certification/oversight/list.html",
        {
            "organization": organization,
            "ancestors": _breadcrumb(request.user, organization),
            "column": column,
            "column_label": oversight.COLUMN_LABELS[column],
            "form": form,
            "program": program,
            "person": person,
            "page": page,
            "header": header,
            "rows": rows,
            "dashboard_href": reverse("certification:oversight_dashboard", args=[slug])
            + _filter_params(program),
            "csv_href": reverse("certification:oversight_list_csv", args=[slug, column])
            + _query(request, drop=("page",)),
            **_pager(request, page),
        },
    )


@login_required
@require_safe
def oversight_list_csv(request, slug, column):
    """A list, every page of it, as CSV."""
    organization = _organization_or_404(request.user, slug)
    _form, _program, _status, person, records = _list_state(request, organization, column)
    header, rows = _list_table(oversight.list_source(column), records, oversight.today())
    suffix = f"-person-{person.pk}" if person else ""
    return _csv_response(
        f"oversight-{organization.slug}-{column}{suffix}.csv",
        header,
        [[cell["csv"] for cell in row] for row in rows],
    )


# --- the roster PDF ------------------------------------------------------------------------


@login_required
@require_safe
def oversight_roster_pdf(request, slug):
    """An affiliate's roster as a PDF, for a program director to print."""
    organization = _organization_or_404(request.user, slug)
    if organization.kind != OrganizationKind.AFFILIATE:
        raise Http404
    form = _filters(request)
    program = form.value("program")
    table = oversight.oversight_table(request.user, organization, program=program)
    certifications = {}
    live = oversight.records_under(request.user, organization, "certifications", program).filter(
        status__in=LIVE_STATUSES
    )
    for c in live.select_related("program").order_by("program__title"):
        certifications.setdefault(c.person_id, []).append(
            {
                "program": c.program.title,
                "number": c.display_number,
                "status": c.get_status_display(),
                "valid_through": c.expires_on,
            }
        )
    enrollments = {}
    open_enrollments = oversight.records_under(
        request.user, organization, "enrollments", program
    ).filter(status__in=OPEN_ENROLLMENT_STATUSES)
    for e in open_enrollments.select_related("program").order_by("program__title"):
        enrollments.setdefault(e.person_id, []).append(
            f"{e.program.title} · {e.get_status_display()}"
        )

    def as_data(row, person_id=None):
        return {
            "name": row.name,
            "email": row.detail if person_id else "",
            "certifications": certifications.get(person_id, []),
            "enrollments": enrollments.get(person_id, []),
            "numbers": [row.counts[column] for column in oversight.COLUMNS],
            "oldest_concern_days": row.oldest_concern_days,
            "latest_score": row.latest_score,
        }

    content = pdf.roster_pdf(
        organization_name=organization.name,
        state_name=organization.get_parent().name,
        program_title=program.title if program else "",
        printed_on=oversight.today(),
        rows=[as_data(row, row.person.pk) for row in table.rows],
        totals=as_data(table.totals),
        column_labels=[str(oversight.COLUMN_LABELS[column]) for column in oversight.COLUMNS],
    )
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="roster-{organization.slug}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response


urlpatterns = [
    path("oversight/", oversight_home, name="oversight_home"),
    path("oversight/<slug:slug>/", oversight_dashboard, name="oversight_dashboard"),
    path("oversight/<slug:slug>/csv/", oversight_csv, name="oversight_csv"),
    path("oversight/<slug:slug>/roster.pdf", oversight_roster_pdf, name="oversight_roster_pdf"),
    path("oversight/<slug:slug>/list/<slug:column>/", oversight_list, name="oversight_list"),
    path(
        "oversight/<slug:slug>/list/<slug:column>/csv/",
        oversight_list_csv,
        name="oversight_list_csv",
    ),
]
