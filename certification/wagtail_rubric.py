"""Readiness rubrics in the Wagtail admin: national staff add and change each program's
competencies, through `rubric_competency_add` and `rubric_competency_change`, which keep the
rules (the default rubric written first, at least one competency in use) and the history.

Nothing is deleted here. A competency that should no longer be scored is taken out of use
("in use" unticked): assessments already made keep it, since each assessment stores the
competencies as they were (name, threshold and score) when it was made.
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
from .errors import DomainError
from .models import RubricCompetency
from .services.readiness import rubric_competency_add, rubric_competency_change


class RubricCompetencyPermissionPolicy(ModelPermissionPolicy):
    """National staff add, change and read competencies; nobody deletes one."""

    def user_has_permission(self, user, action):
        if action in ("add", "change", "view"):
            return permissions.is_national_staff(user)
        return False

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_permission(user, action)


register_permission_policy(RubricCompetency, RubricCompetencyPermissionPolicy(RubricCompetency))


class RubricCompetencyForm(WagtailAdminModelForm):
    class Meta:
        model = RubricCompetency
        fields = ["program", "name", "description", "threshold", "sort_order", "is_active"]
        widgets = {"threshold": forms.Select(choices=[(n, str(n)) for n in range(1, 5)])}

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
            "Scores run from 1 to 4; a trainee is ready on this competency at this score or more."
        )
        self.fields["is_active"].help_text = _(
            "Untick to stop scoring it. Assessments already made keep it."
        )


class RubricCompetencyEditForm(RubricCompetencyForm):
    class Meta(RubricCompetencyForm.Meta):
        fields = ["name", "description", "threshold", "sort_order", "is_active"]


class ServiceErrorsMixin:
    """A rule the service refuses (a `DomainError`) comes back as an error on the form: at
    its field when it names one the form shows, otherwise above the form."""

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except DomainError as error:
            if hasattr(error, "error_dict") and set(error.error_dict) <= set(form.fields):
                for field, errors in error.error_dict.items():
                    form.add_error(field, errors)
            else:
                form.add_error(None, error.messages)
            self.produced_error_code = "validation_error"
            self.produced_error_message = self.get_error_message()
            return self.form_invalid(form)


class RubricCompetencyCreateView(ServiceErrorsMixin, generic.CreateView):
    def save_instance(self):
        data = self.form.cleaned_data
        return rubric_competency_add(
            actor=self.request.user,
            program=data["program"],
            name=data["name"],
            description=data.get("description", ""),
            threshold=data["threshold"],
            sort_order=data.get("sort_order"),
            is_active=data.get("is_active", True),
        )


class RubricCompetencyEditView(ServiceErrorsMixin, generic.EditView):
    def save_instance(self):
        data = self.form.cleaned_data
        changes = {field: data[field] for field in self.form.changed_data}
        if data.get("sort_order") is None:
            changes["sort_order"] = None  # an empty position puts it last
        return rubric_competency_change(actor=self.request.user, competency=self.object, **changes)


class RubricCompetencyViewSet(ModelViewSet):
    model = RubricCompetency
    icon = "tasks"
    menu_label = _("Readiness rubrics")
    menu_order = 270
    add_to_admin_menu = True
    add_view_class = RubricCompetencyCreateView
    edit_view_class = RubricCompetencyEditView
    copy_view_enabled = False
    sort_order_field = None  # positions are per program; set them in the form
    list_filter = ["program", "is_active"]
    list_display = [
        "name",
        Column("program", label=_("Program")),
        Column("threshold", label=_("Ready at")),
        Column("sort_order", label=_("Position")),
        BooleanColumn("is_active", label=_("In use")),
    ]

    def get_form_class(self, for_update=False):
        return RubricCompetencyEditForm if for_update else RubricCompetencyForm
