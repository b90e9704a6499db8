from django.urls import path

from .views import organizations

app_name = "certification"

urlpatterns = [
    path("organizations/", organizations.organization_list, name="organization_list"),
    path(
        "organizations/<slug:slug>/",
        organizations.organization_detail,
        name="organization_detail",
    ),
    path(
        "organizations/<slug:slug>/roles/<int:grant_id>/revoke/",
        organizations.role_grant_revoke,
        name="role_grant_revoke",
    ),
]
