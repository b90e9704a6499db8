"""Observation checklists in the Wagtail admin: national staff add and change each program's
checklist items, through `checklist_item_add` and `checklist_item_change`, which keep the
rules (the default checklist written first, scores from 1 to 5, at least one item in use).

Nothing is deleted here. An item that should no longer be scored is taken out of use ("in
use" unticked): observations already made keep it, since each observation stores the items
as they were (name, threshold and score) when it was made.
"""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.ui.tables import BooleanColumn, Column
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from curriculum.models import ProgramPage

from . import permissions
from .models import ObservationChecklistItem
from .services.fidelity.observations import checklist_item_add, checklist_item_change
from .wagtail_rubric import ServiceErrorsMixin


class ChecklistItemPermissionPolicy(ModelPermissionPolicy):
    """National staff add, change and read checklist items; nobody deletes one."""

    def user_has_permission(self, user, action):
        if action in ("add", "change", "view"):
            return permissions.is_national_staff(user)
        return False

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_permission(user, action)


register_permission_policy(
    ObservationChecklistItem, ChecklistItemPermissionPolicy(ObservationChecklistItem)
)


class ChecklistItemForm(WagtailAdminModelForm):
    class Meta:
        model = ObservationChecklistItem
        fields = ["program", "name", "description", "threshold", "sort_order", "is_active"]
        widgets = {"threshold": forms.Select(choices=[(n, str(n)) for n in range(1, 6)])}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "program" in self.fields:
            self.fields["program"].queryset = ProgramPage.objects.order_by("title")
        self.fields["sort_order"].required = False
        self.fields["sort_order"].label = _("position")
        self.fields["sort_order"].help_text = _(
            "Lower numbers come first. Leave empty to put it last."
        )
        self.fields["threshold"].help_text = _(
            "Scores run from 1 to 5; a score under this one asks for an improvement plan."
        )
        self.fields["is_active"].help_text = _(
            "Untick to stop scoring it. Observations already made keep it."
        )


class ChecklistItemEditForm(ChecklistItemForm):
    class Meta(ChecklistItemForm.Meta):
        fields = ["name", "description", "threshold", "sort_order", "is_active"]


class ChecklistItemCreateView(ServiceErrorsMixin, generic.CreateView):
    def save_instance(self):
        data = self.form.cleaned_data
        return checklist_item_add(
            actor=self.request.user,
            program=data["program"],
            name=data["name"],
            description=data.get("description", ""),
            threshold=data["threshold"],
            sort_order=data.get("sort_order"),
            is_active=data.get("is_active", True),
        )


class ChecklistItemEditView(ServiceErrorsMixin, generic.EditView):
    def save_instance(self):
        data = self.form.cleaned_data
        changes = {field: data[field] for field in self.form.changed_data}
        if data.get("sort_order") is None:
            changes["sort_order"] = None  # an empty position puts it last
        return checklist_item_change(actor=self.request.user, item=self.object, **changes)


class ChecklistItemViewSet(ModelViewSet):
    model = ObservationChecklistItem
    icon = "list-ul"
    menu_label = _("Observation checklists")
    menu_order = 275
    add_to_admin_menu = True
    add_view_class = ChecklistItemCreateView
    edit_view_class = ChecklistItemEditView
    copy_view_enabled = False
    sort_order_field = None  # positions are per program; set them in the form
    list_filter = ["program", "is_active"]
    list_display = [
        "name",
        Column("program", label=_("Program")),
        Column("threshold", label=_("Fine at")),
        Column("sort_order", label=_("Position")),
        BooleanColumn("is_active", label=_("In use")),
    ]

    def get_form_class(self, for_update=False):
        return ChecklistItemEditForm if for_update else ChecklistItemForm
