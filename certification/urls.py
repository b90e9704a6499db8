from django.urls import path

from .views import conduct, enrollments, organizations

app_name = "certification"

urlpatterns = [
    path("enroll/", enrollments.enroll, name="enroll"),
    path(
        "enroll/invitations/<uuid:token>/",
        enrollments.invitation_detail,
        name="invitation_accept",
    ),
    path(
        "organizations/<slug:slug>/enrollments/",
        enrollments.organization_enrollments,
        name="organization_enrollments",
    ),
    path("conduct/<slug:program_slug>/", conduct.conduct_detail, name="conduct_detail"),
    path(
        "conduct/signatures/<int:signature_id>/pdf/",
        conduct.signature_pdf,
        name="conduct_signature_pdf",
    ),
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
