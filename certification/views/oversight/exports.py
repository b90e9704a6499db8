"""Oversight downloads: every dashboard and every list as CSV, and an affiliate's roster as a
PDF for a program director to print.

A download shows exactly what its page shows (the same node check, filters, sort and rows,
from `common.py`), but every page of it. A CSV is opened in a spreadsheet, so a cell
that a spreadsheet would run as a formula (a name typed as `=HYPERLINK(...)`, say) is written
with a quote in front (CSV injection). Nothing downloaded is cached: it names people, and
every download is logged as a sensitive read.
"""

import csv
import datetime

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from ... import pdf
from ...dates import today
from ...models import LIVE_STATUSES, OPEN_ENROLLMENT_STATUSES, OrganizationKind, SensitiveReadKind
from ...selectors import oversight
from ...services.sensitive_reads import record_sensitive_read
from .common import (
    EXTRA_SORT_LABELS,
    ROW_HEADINGS,
    dashboard_state,
    filter_form,
    list_state,
    list_table,
    organization_or_404,
)

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


def _csv_response(request, filename, header, rows) -> HttpResponse:
    record_sensitive_read(
        actor=request.user, kind=SensitiveReadKind.CSV_EXPORTED, request=request, label=filename
    )
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    writer = csv.writer(response)
    writer.writerow([csv_cell(cell) for cell in header])
    for row in rows:
        writer.writerow([csv_cell(cell) for cell in row])
    return response


@login_required
@require_safe
def oversight_csv(request, slug):
    """The dashboard's rows (all pages, as filtered and sorted) as CSV."""
    organization = organization_or_404(request.user, slug)
    _form, _program, _status, _sort, table, rows = dashboard_state(request, organization)
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
    return _csv_response(request, f"oversight-{organization.slug}.csv", header, body)


@login_required
@require_safe
def oversight_list_csv(request, slug, column):
    """A list, every page of it, as CSV."""
    organization = organization_or_404(request.user, slug)
    _form, _program, _status, person, records = list_state(request, organization, column)
    header, rows = list_table(oversight.list_source(column), records, today())
    suffix = f"-person-{person.pk}" if person else ""
    return _csv_response(
        request,
        f"oversight-{organization.slug}-{column}{suffix}.csv",
        header,
        [[cell["csv"] for cell in row] for row in rows],
    )


# --- the roster PDF ------------------------------------------------------------------------


@login_required
@require_safe
def oversight_roster_pdf(request, slug):
    """An affiliate's roster as a PDF, for a program director to print."""
    organization = organization_or_404(request.user, slug)
    if organization.kind != OrganizationKind.AFFILIATE:
        raise Http404
    form = filter_form(request)
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
        printed_on=today(),
        rows=[as_data(row, row.person.pk) for row in table.rows],
        totals=as_data(table.totals),
        column_labels=[str(oversight.COLUMN_LABELS[column]) for column in oversight.COLUMNS],
    )
    record_sensitive_read(
        actor=request.user,
        kind=SensitiveReadKind.ROSTER_EXPORTED,
        request=request,
        obj=organization,
    )
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="roster-{organization.slug}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response


urlpatterns = [
    path("oversight/<slug:slug>/csv/", oversight_csv, name="oversight_csv"),
    path("oversight/<slug:slug>/roster.pdf", oversight_roster_pdf, name="oversight_roster_pdf"),
    path(
        "oversight/<slug:slug>/list/<slug:column>/csv/",
        oversight_list_csv,
        name="oversight_list_csv",
    ),
]
