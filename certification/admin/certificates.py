"""Certifications in the Wagtail admin: a read-only register for national staff.

Staff find any certificate by number or holder and read its history here. Nothing is added,
edited or deleted in the admin: every change of status goes through the services (the staff
certificate page on the site), which check authority and the transition table and write the
history row with it.
"""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from .. import permissions
from ..models import Certification, CertificationEvent


class ReadOnlyForNationalStaff(ModelPermissionPolicy):
    """National staff may look; nobody adds, changes or deletes here (certifications change
    only through their services; audit rows never change)."""

    def user_has_permission(self, user, action):
        if action == "view":
            return permissions.is_national_staff(user)
        return False

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_permission(user, action)


register_permission_policy(Certification, ReadOnlyForNationalStaff(Certification))


class CertificationIndexView(generic.IndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().select_related("person", "program")

    def search_queryset(self, queryset):
        """By holder name or email, or by number typed with or without its dashes."""
        if not self.is_searching:
            return queryset
        query = self.search_query
        compact = "".join(query.split()).replace("-", "").upper()
        return queryset.filter(
            Q(number__contains=compact)
            | Q(person__full_name__icontains=query)
            | Q(person__email__icontains=query)
        )


class CertificationInspectView(generic.InspectView):
    """The certification's fields, then its whole history, oldest first."""

    template_name = "certification/certificates/admin_inspect.html"

    def get_object(self, queryset=None):
        return (
            Certification.objects.select_related("person", "program", "affiliate", "issuing_state")
            .filter(pk=self.pk)
            .first()
        ) or super().get_object(queryset)

    def get_number_display_value(self):
        return self.object.display_number

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["history"] = (
            CertificationEvent.objects.filter(certification=self.object)
            .select_related("actor")
            .order_by("created_at", "id")
        )
        return context


class CertificationViewSet(ModelViewSet):
    model = Certification
    icon = "tick-inverse"
    menu_label = _("Certifications")
    menu_order = 270
    add_to_admin_menu = True
    index_view_class = CertificationIndexView
    inspect_view_class = CertificationInspectView
    inspect_view_enabled = True
    copy_view_enabled = False
    form_fields = []  # required by ModelViewSet; no one may add or edit (see the policy)
    search_fields = ["number", "person__full_name", "person__email"]  # see search_queryset
    list_filter = ["status", "program"]
    list_display = [
        TitleColumn(
            "number",
            label=_("Number"),
            accessor="display_number",
            url_name="certifications:inspect",
        ),
        Column("person", label=_("Person")),
        Column("program", label=_("Program")),
        Column("status", label=_("Status"), accessor="get_status_display"),
        DateColumn("expires_on", label=_("Valid through")),
    ]
    inspect_view_fields = [
        "number",
        "person",
        "program",
        "status",
        "affiliate",
        "issuing_state",
        "issued_on",
        "expires_on",
        "leave_started_on",
        "may_reenroll_on",
    ]
