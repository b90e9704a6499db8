"""Readiness rubrics in the Wagtail admin: national staff add and change each program's
competencies.

Nothing is deleted here. A competency that should no longer be scored is taken out of use
("in use" unticked): assessments already made keep it, since each assessment stores the
competencies as they were (name, threshold and score) when it was made.
"""

from django import forms
from django.db.models import Max
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.ui.tables import BooleanColumn, Column
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from curriculum.models import ProgramPage

from . import permissions
from .models import RubricCompetency
from .services.readiness import rubric_for


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

    def clean(self):
        cleaned = super().clean()
        program = cleaned.get("program") or getattr(self.instance, "program", None)
        if (
            self.instance.pk
            and self.instance.is_active
            and not cleaned.get("is_active", True)
            and program is not None
            and not RubricCompetency.objects.filter(program=program, is_active=True)
            .exclude(pk=self.instance.pk)
            .exists()
        ):
            self.add_error(
                "is_active",
                _("A program needs at least one competency in use. Add another one first."),
            )
        return cleaned


class RubricCompetencyEditForm(RubricCompetencyForm):
    class Meta(RubricCompetencyForm.Meta):
        fields = ["name", "description", "threshold", "sort_order", "is_active"]


def _next_position(program):
    last = RubricCompetency.objects.filter(program=program).aggregate(last=Max("sort_order"))
    return 0 if last["last"] is None else last["last"] + 1


class RubricCompetencyCreateView(generic.CreateView):
    def save_instance(self):
        instance = self.form.save(commit=False)
        # A program without a rubric of its own is scored on the default one; materialize
        # it first, so adding one competency extends that rubric instead of replacing it.
        rubric_for(instance.program)
        if self.form.cleaned_data.get("sort_order") is None:
            instance.sort_order = _next_position(instance.program)
        instance.save()
        return instance


class RubricCompetencyEditView(generic.EditView):
    def save_instance(self):
        instance = self.form.save(commit=False)
        if self.form.cleaned_data.get("sort_order") is None:
            instance.sort_order = _next_position(instance.program)
        instance.save()
        return instance


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
