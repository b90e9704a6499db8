"""Codes of conduct in the Wagtail admin: national staff draft versions and publish them.

A published version cannot be edited or deleted here (or anywhere): the admin offers to
inspect it, and a change means drafting the next version.
"""

from django import forms
from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from curriculum.models import ProgramPage

from .. import permissions
from ..models import CodeOfConduct
from ..services.conduct import conduct_draft, conduct_publish, conduct_update_draft


class CodeOfConductPermissionPolicy(ModelPermissionPolicy):
    """National staff draft, publish and read; a published version is read-only; no deletes."""

    def user_has_permission(self, user, action):
        if action in ("add", "change", "view"):
            return permissions.can_manage_codes_of_conduct(user)
        return False

    def user_has_permission_for_instance(self, user, action, instance):
        if action == "change" and instance.is_published:
            return False
        return self.user_has_permission(user, action)


register_permission_policy(CodeOfConduct, CodeOfConductPermissionPolicy(CodeOfConduct))


class CodeOfConductForm(WagtailAdminModelForm):
    publish_now = forms.BooleanField(
        label=_("Publish this version now"),
        required=False,
        help_text=_("Once published, the text is fixed and people are asked to sign it."),
    )

    class Meta:
        model = CodeOfConduct
        fields = ["program", "title", "text", "grace_days"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "program" in self.fields:
            self.fields["program"].queryset = ProgramPage.objects.order_by("title")

    def _post_clean(self):
        # The version number is given by the service; skip the model's own uniqueness check.
        if self.instance.version is None:
            self.instance.version = 0
        super()._post_clean()


class CodeOfConductEditForm(CodeOfConductForm):
    class Meta(CodeOfConductForm.Meta):
        fields = ["title", "text", "grace_days"]


class CodeOfConductCreateView(generic.CreateView):
    def save_instance(self):
        data = self.form.cleaned_data
        code = conduct_draft(
            actor=self.request.user,
            program=data["program"],
            title=data["title"],
            text=data["text"],
            grace_days=data["grace_days"],
        )
        if data.get("publish_now"):
            code = conduct_publish(actor=self.request.user, code=code)
        return code


class CodeOfConductEditView(generic.EditView):
    def dispatch(self, request, *args, **kwargs):
        code = CodeOfConduct.objects.filter(pk=kwargs.get("pk")).first()
        if code is not None and code.is_published:
            messages.warning(
                request,
                _("Version %(version)s is published and fixed. Add a new version to change it.")
                % {"version": code.version},
            )
            return redirect("codes_of_conduct:inspect", code.pk)
        return super().dispatch(request, *args, **kwargs)

    def save_instance(self):
        data = self.form.cleaned_data
        changed = [f for f in self.form.changed_data if f in ("title", "text", "grace_days")]
        code = conduct_update_draft(
            actor=self.request.user,
            code=self.object,
            **{field: data[field] for field in changed},
        )
        if data.get("publish_now"):
            code = conduct_publish(actor=self.request.user, code=code)
        return code


class CodeOfConductViewSet(ModelViewSet):
    model = CodeOfConduct
    icon = "doc-full"
    menu_label = _("Codes of conduct")
    menu_order = 260
    add_to_admin_menu = True
    add_view_class = CodeOfConductCreateView
    edit_view_class = CodeOfConductEditView
    copy_view_enabled = False
    inspect_view_enabled = True
    inspect_view_fields = [
        "program",
        "version",
        "title",
        "text",
        "grace_days",
        "published_at",
        "text_sha256",
    ]
    list_filter = ["program"]
    list_display = [
        "title",
        Column("program", label=_("Program")),
        Column("version", label=_("Version")),
        DateColumn("published_at", label=_("Published")),
    ]

    def get_form_class(self, for_update=False):
        return CodeOfConductEditForm if for_update else CodeOfConductForm
