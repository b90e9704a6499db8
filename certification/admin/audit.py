"""The audit trail in the Wagtail admin: the history of changes and the log of sensitive reads,
read-only, for national staff.

History rows are written by the services with the change they record; read-log rows by the
views that served the read. Both tables are append-only (a trigger refuses UPDATE and DELETE on
PostgreSQL), so the admin only lists them: nobody adds, edits or deletes a row here. Like the
certification register (`admin/certificates.py`), the permission policy lets national staff
view and refuses every other action to everyone.
"""

import django_filters
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permissions import register_permission_policy

from ..models import HistoryAction, HistoryEntry, SensitiveRead, SensitiveReadKind
from .certificates import ReadOnlyForNationalStaff

register_permission_policy(SensitiveRead, ReadOnlyForNationalStaff(SensitiveRead))
register_permission_policy(HistoryEntry, ReadOnlyForNationalStaff(HistoryEntry))


class SensitiveReadFilterSet(WagtailFilterSet):
    kind = django_filters.ChoiceFilter(label=_("What"), choices=SensitiveReadKind.choices)
    created_at = django_filters.DateFromToRangeFilter(label=_("When"), widget=DateRangePickerWidget)

    class Meta:
        model = SensitiveRead
        fields = ["kind", "created_at"]


class HistoryFilterSet(WagtailFilterSet):
    action = django_filters.ChoiceFilter(label=_("What"), choices=HistoryAction.choices)
    created_at = django_filters.DateFromToRangeFilter(label=_("When"), widget=DateRangePickerWidget)

    class Meta:
        model = HistoryEntry
        fields = ["action", "created_at"]


class SensitiveReadIndexView(generic.IndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().select_related("reader")


class HistoryIndexView(generic.IndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().select_related("actor", "subject", "organization")


class CauseColumn(Column):
    """Who caused a history row: the person, or "System (the job)"."""

    def get_value(self, instance):
        return instance.cause_label


class _ReadOnlyLogViewSet(ModelViewSet):
    """An append-only log listed for national staff: no add, edit, copy or inspect view.

    Rows point at people and organizations, never the other way round; indexing each row as
    it is written would cost every request that writes one a handful of queries."""

    add_to_reference_index = False
    add_to_admin_menu = True
    copy_view_enabled = False
    inspect_view_enabled = False
    form_fields = []  # required by ModelViewSet; no one may add or edit (see the policy)


class SensitiveReadViewSet(_ReadOnlyLogViewSet):
    model = SensitiveRead
    icon = "view"
    menu_label = _("Sensitive reads")
    menu_order = 290
    index_view_class = SensitiveReadIndexView
    filterset_class = SensitiveReadFilterSet
    search_fields = ["object_label", "reader__full_name", "reader__email", "path"]
    list_display = [
        DateColumn("created_at", label=_("When"), accessor="created_at"),
        Column("reader", label=_("Read by")),
        Column("kind", label=_("What"), accessor="get_kind_display"),
        Column("object_label", label=_("Record")),
        Column("path", label=_("Address read")),
        Column("client_address", label=_("Client address")),
    ]


class HistoryViewSet(_ReadOnlyLogViewSet):
    model = HistoryEntry
    icon = "history"
    menu_label = _("History")
    menu_order = 285
    index_view_class = HistoryIndexView
    filterset_class = HistoryFilterSet
    search_fields = ["subject__full_name", "subject__email", "actor__full_name", "actor__email"]
    list_display = [
        DateColumn("created_at", label=_("When"), accessor="created_at"),
        Column("action", label=_("What"), accessor="get_action_display"),
        CauseColumn("actor", label=_("Caused by")),
        Column("subject", label=_("Person concerned")),
        Column("organization", label=_("Organization")),
        Column("details", label=_("Details")),
    ]
