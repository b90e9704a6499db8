"""The organization tree in the Wagtail admin, managed by national staff.

Creating and changing a node goes through the same services as everywhere else, so the tree's
parent rules and the history rows hold here too. Nodes are never deleted: they are made
inactive instead, which keeps every certificate and report that points at them meaningful.
"""

from django.core.exceptions import ValidationError
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.ui.tables import BooleanColumn, Column
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from . import permissions
from .forms.fields import ModelChoiceField
from .models import Organization, OrganizationKind
from .services.organizations import organization_create, organization_update


class OrganizationPermissionPolicy(ModelPermissionPolicy):
    """National staff add and change nodes; nobody deletes them."""

    def user_has_permission(self, user, action):
        if action == "delete":
            return False
        if action in ("add", "change", "view"):
            return permissions.can_manage_organizations(user)
        return super().user_has_permission(user, action)

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_permission(user, action)


register_permission_policy(Organization, OrganizationPermissionPolicy(Organization))


class OrganizationCreateForm(WagtailAdminModelForm):
    parent = ModelChoiceField(
        label=_("Place under"),
        queryset=Organization.objects.exclude(kind=OrganizationKind.AFFILIATE).order_by("path"),
        required=False,
        help_text=_(
            "States go under the national organization; affiliates go under their state. "
            "Leave empty only for the national organization."
        ),
    )

    class Meta:
        model = Organization
        fields = ["kind", "parent", "name", "short_code", "slug", "is_active"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["slug"].required = False
        self.fields["slug"].help_text = _(
            "Used in web addresses. Left empty, it is made from the code and name."
        )
        self.fields["parent"].label_from_instance = lambda node: (
            f"{'— ' * (node.depth - 1)}{node.name} ({node.short_code})"
        )

    def clean(self):
        cleaned = super().clean()
        kind = cleaned.get("kind")
        if kind:
            try:
                Organization.check_parent_kind(kind, cleaned.get("parent"))
            except ValidationError as error:
                self.add_error(None, error)
        return cleaned

    def _post_clean(self):
        # The tree fields (path, depth) are set by the service; only check the fields shown.
        self.instance.path = self.instance.path or "-"
        self.instance.depth = self.instance.depth or 1
        super()._post_clean()


class OrganizationEditForm(WagtailAdminModelForm):
    class Meta:
        model = Organization
        fields = ["name", "short_code", "slug", "is_active"]


class OrganizationCreateView(generic.CreateView):
    def save_instance(self):
        data = self.form.cleaned_data
        return organization_create(
            actor=self.request.user,
            kind=data["kind"],
            parent=data.get("parent"),
            name=data["name"],
            short_code=data["short_code"],
            slug=data.get("slug") or "",
            is_active=data.get("is_active", True),
        )


class OrganizationEditView(generic.EditView):
    def save_instance(self):
        data = self.form.cleaned_data
        return organization_update(
            actor=self.request.user,
            organization=self.object,
            **{field: data[field] for field in self.form.changed_data},
        )


class TreeNameColumn(Column):
    """The organization's name, indented by its depth so the tree shows in the list."""

    def get_value(self, instance):
        return format_html(
            '<span style="padding-inline-start: {}rem">{}</span>',
            (instance.depth - 1) * 1.5,
            instance.name,
        )


class OrganizationViewSet(ModelViewSet):
    model = Organization
    icon = "group"
    menu_label = _("Organizations")
    menu_order = 250
    add_to_admin_menu = True
    add_view_class = OrganizationCreateView
    edit_view_class = OrganizationEditView
    copy_view_enabled = False
    inspect_view_enabled = True
    search_fields = ["name", "short_code"]
    list_filter = ["kind", "is_active"]
    list_display = [
        TreeNameColumn("name", label=_("Name")),
        Column("kind", label=_("Kind"), accessor="get_kind_display"),
        Column("short_code", label=_("Code")),
        BooleanColumn("is_active", label=_("Active")),
    ]

    def get_form_class(self, for_update=False):
        return OrganizationEditForm if for_update else OrganizationCreateForm


@hooks.register("register_admin_viewset")
def register_organization_viewset():
    return OrganizationViewSet("organizations")


@hooks.register("register_admin_viewset")
def register_code_of_conduct_viewset():
    from .admin.conduct import CodeOfConductViewSet

    return CodeOfConductViewSet("codes_of_conduct")


@hooks.register("register_admin_viewset")
def register_rubric_viewset():
    from .admin.scored_items import scored_item_viewset
    from .services.readiness import RUBRIC

    return scored_item_viewset(
        item_list=RUBRIC,
        name="rubric_competencies",
        menu_label=_("Readiness rubrics"),
        menu_order=270,
        icon="tasks",
        threshold_label=_("Ready at"),
        threshold_help=_(
            "Scores run from 1 to 4; a trainee is ready on this competency at this score or more."
        ),
        in_use_help=_("Untick to stop scoring it. Assessments already made keep it."),
    )


@hooks.register("register_admin_viewset")
def register_certification_viewset():
    from .admin.certificates import CertificationViewSet

    return CertificationViewSet("certifications")


@hooks.register("register_admin_viewset")
def register_observation_checklist_viewset():
    from .admin.scored_items import scored_item_viewset
    from .services.fidelity.observations import CHECKLIST

    return scored_item_viewset(
        item_list=CHECKLIST,
        name="observation_checklist_items",
        menu_label=_("Observation checklists"),
        menu_order=275,
        icon="list-ul",
        threshold_label=_("Fine at"),
        threshold_help=_(
            "Scores run from 1 to 5; a score under this one asks for an improvement plan."
        ),
        in_use_help=_("Untick to stop scoring it. Observations already made keep it."),
    )


@hooks.register("register_admin_viewset")
def register_history_viewset():
    from .admin.audit import HistoryViewSet

    return HistoryViewSet("history")


@hooks.register("register_admin_viewset")
def register_sensitive_read_viewset():
    from .admin.audit import SensitiveReadViewSet

    return SensitiveReadViewSet("sensitive_reads")
