"""Oversight dashboards: national (a row per state), state (a row per affiliate) and affiliate
(a row per person), every number a link to the list behind it, and two charts drawn on the
server. The CSV of every table and the roster PDF are in `exports.py`.

A dashboard or a list is shown exactly when `permissions.can_view_oversight` allows its node
(404 otherwise, so a node's existence is not given away); the numbers come from
`selectors/oversight.py`, which reads only what the viewer may see.
"""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.formats import date_format
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_safe

from ... import charts, permissions
from ...dates import today
from ...models import OrganizationKind
from ...selectors import oversight
from ...selectors.organizations import organization_ancestors
from .common import (
    EXTRA_SORT_LABELS,
    ROW_HEADINGS,
    dashboard_state,
    list_state,
    list_table,
    organization_or_404,
)
from .exports import oversight_csv, oversight_list_csv

PAGE_SIZE = 50

TABLE_HEADINGS = {
    "state": gettext_lazy("States"),
    "affiliate": gettext_lazy("Affiliates"),
    "person": gettext_lazy("People on the roster"),
}


# --- links ---------------------------------------------------------------------------------


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


def _pager(request, page):
    return {
        "previous_href": _query(request, page=page.previous_page_number())
        if page.has_previous()
        else None,
        "next_href": _query(request, page=page.next_page_number()) if page.has_next() else None,
    }


# --- where a page sits ---------------------------------------------------------------------


def _breadcrumb(user, organization):
    """The nodes above `organization`, top first; those `user` may not open are named, not
    linked."""
    return list(organization_ancestors(user, organization))


# --- the dashboard -------------------------------------------------------------------------


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
    organization = organization_or_404(request.user, slug)
    if request.GET.get("format") == "csv":
        return oversight_csv(request, slug)
    form, program, status, sort, table, rows = dashboard_state(request, organization)
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


# --- the lists behind the numbers ----------------------------------------------------------


@login_required
@require_safe
def oversight_list(request, slug, column):
    """The records one dashboard number counts: as many rows as the number said."""
    organization = organization_or_404(request.user, slug)
    if request.GET.get("format") == "csv":
        return oversight_list_csv(request, slug, column)
    form, program, status, person, records = list_state(request, organization, column)
    page = Paginator(records, PAGE_SIZE).get_page(request.GET.get("page"))
    header, rows = list_table(oversight.list_source(column), page.object_list, today())
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


urlpatterns = [
    path("oversight/", oversight_home, name="oversight_home"),
    path("oversight/<slug:slug>/", oversight_dashboard, name="oversight_dashboard"),
    path("oversight/<slug:slug>/list/<slug:column>/", oversight_list, name="oversight_list"),
]
