"""The Wagtail admin for the per-program scored item lists that national staff keep: the
readiness rubric and the fidelity observation checklist.

Items are added and changed only through the list's services (`services/scored_items.py`),
which keep the rules (the default list written first, scores in range, at least one item in
use) and the history. Nothing is deleted here: an item that should no longer be scored is
taken out of use ("in use" unticked), and what was already scored keeps it as it was.
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

from .. import permissions
from ..errors import DomainError
from ..views.common.form_errors import add_service_errors, service_errors_fit

ITEM_FORM_FIELDS = ["name", "description", "threshold", "sort_order", "is_active"]


class NationalStaffOnlyPolicy(ModelPermissionPolicy):
    """National staff add, change and read the items; nobody deletes one."""

    def user_has_permission(self, user, action):
        if action in ("add", "change", "view"):
            return permissions.is_national_staff(user)
        return False

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_permission(user, action)


class ScoredItemForm(WagtailAdminModelForm):
    """An item's fields, with the score range and help texts of its list (set by
    `scored_item_viewset`)."""

    scores = range(1, 5)
    threshold_help = ""
    in_use_help = ""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "program" in self.fields:
            self.fields["program"].queryset = ProgramPage.objects.order_by("title")
        self.fields["threshold"].widget = forms.Select(choices=[(n, str(n)) for n in self.scores])
        self.fields["threshold"].help_text = self.threshold_help
        self.fields["sort_order"].required = False
        self.fields["sort_order"].label = _("position")
        self.fields["sort_order"].help_text = _(
            "Lower numbers come first. Leave empty to put it last."
        )
        self.fields["is_active"].help_text = self.in_use_help


class ServiceErrorsMixin:
    """A rule the service refuses (a `DomainError`) comes back as an error on the form: at
    its field when it names one the form shows, otherwise above the form."""

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except DomainError as error:
            if service_errors_fit(form, error):
                add_service_errors(form, error)
            else:
                form.add_error(None, error.messages)
            self.produced_error_code = "validation_error"
            self.produced_error_message = self.get_error_message()
            return self.form_invalid(form)


class ScoredItemCreateView(ServiceErrorsMixin, generic.CreateView):
    item_list = None

    def save_instance(self):
        data = self.form.cleaned_data
        return self.item_list.add(
            actor=self.request.user,
            program=data["program"],
            name=data["name"],
            description=data.get("description", ""),
            threshold=data["threshold"],
            sort_order=data.get("sort_order"),
            is_active=data.get("is_active", True),
        )


class ScoredItemEditView(ServiceErrorsMixin, generic.EditView):
    item_list = None

    def save_instance(self):
        data = self.form.cleaned_data
        changes = {field: data[field] for field in self.form.changed_data}
        if data.get("sort_order") is None:
            changes["sort_order"] = None  # an empty position puts it last
        return self.item_list.change(actor=self.request.user, item=self.object, **changes)


def scored_item_viewset(
    *,
    item_list,
    name,
    menu_label,
    menu_order,
    icon,
    threshold_label,
    threshold_help,
    in_use_help,
):
    """The admin for one scored item list: its menu entry, list columns, and add and edit
    views that call the list's services."""
    model = item_list.model
    register_permission_policy(model, NationalStaffOnlyPolicy(model))
    form_attrs = {
        "scores": item_list.scores,
        "threshold_help": threshold_help,
        "in_use_help": in_use_help,
    }
    meta = type("Meta", (), {"model": model, "fields": ["program", *ITEM_FORM_FIELDS]})
    add_form = type(f"{model.__name__}Form", (ScoredItemForm,), {**form_attrs, "Meta": meta})
    edit_meta = type("Meta", (), {"model": model, "fields": ITEM_FORM_FIELDS})
    edit_form = type(
        f"{model.__name__}EditForm", (ScoredItemForm,), {**form_attrs, "Meta": edit_meta}
    )

    class ItemViewSet(ModelViewSet):
        add_view_class = type(
            f"{model.__name__}CreateView", (ScoredItemCreateView,), {"item_list": item_list}
        )
        edit_view_class = type(
            f"{model.__name__}EditView", (ScoredItemEditView,), {"item_list": item_list}
        )
        copy_view_enabled = False
        sort_order_field = None  # positions are per program; set them in the form
        add_to_admin_menu = True
        list_filter = ["program", "is_active"]
        list_display = [
            "name",
            Column("program", label=_("Program")),
            Column("threshold", label=threshold_label),
            Column("sort_order", label=_("Position")),
            BooleanColumn("is_active", label=_("In use")),
        ]

        def get_form_class(self, for_update=False):
            return edit_form if for_update else add_form

    ItemViewSet.model = model
    ItemViewSet.icon = icon
    ItemViewSet.menu_label = menu_label
    ItemViewSet.menu_order = menu_order
    return ItemViewSet(name)
