from django.urls import path

from .views import (
    certificates,
    conduct,
    enrollments,
    events,
    organizations,
    readiness,
    verification,
)
from .views.fidelity import cases, concern_review, concerns, observations, reports
from .views.oversight import exports as oversight_exports
from .views.oversight import pages as oversight

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
    path(
        "organizations/<slug:slug>/enrollments/invitations/<int:invitation_id>/send-again/",
        enrollments.invitation_action,
        {"action": "resend"},
        name="invitation_resend",
    ),
    path(
        "organizations/<slug:slug>/enrollments/invitations/<int:invitation_id>/withdraw/",
        enrollments.invitation_action,
        {"action": "withdraw"},
        name="invitation_withdraw",
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
    path("events/", events.event_list, name="event_list"),
    path("events/new/", events.event_create_view, name="event_create"),
    path("events/<int:event_id>/", events.event_detail, name="event_detail"),
    path("events/<int:event_id>/edit/", events.event_edit_view, name="event_edit"),
    path("events/<int:event_id>/cancel/", events.event_cancel_view, name="event_cancel"),
    path(
        "events/<int:event_id>/attendees/",
        events.event_add_attendee_view,
        name="event_add_attendee",
    ),
    path(
        "events/<int:event_id>/attendees/<int:attendance_id>/",
        events.attendance_record_view,
        name="attendance_record",
    ),
    path(
        "enrollments/<int:enrollment_id>/",
        readiness.enrollment_detail,
        name="enrollment_detail",
    ),
    path("certificates/", certificates.my_certificates, name="my_certificates"),
    path("certificates/find/", certificates.certificate_find, name="certificate_find"),
    path(
        "certificates/<str:number>/",
        certificates.certificate_detail,
        name="certificate_detail",
    ),
    path("certificates/<str:number>/pdf/", certificates.certificate_pdf, name="certificate_pdf"),
    path(
        "certificates/<str:number>/leave/",
        certificates.certificate_holder_action,
        {"action": "leave"},
        name="certificate_leave",
    ),
    path(
        "certificates/<str:number>/return/",
        certificates.certificate_holder_action,
        {"action": "return"},
        name="certificate_return",
    ),
    path(
        "certificates/<str:number>/renew/",
        certificates.certificate_holder_action,
        {"action": "renew"},
        name="certificate_renew",
    ),
    path(
        "certificates/<str:number>/renewal-request/",
        certificates.certificate_holder_action,
        {"action": "request_renewal"},
        name="certificate_renewal_request",
    ),
    path("verify/", verification.verify, name="verify"),
    path("verify/<str:number>/", verification.verify_number, name="verify_number"),
]

# Fidelity and oversight pages list their own routes beside their views.
urlpatterns += concerns.urlpatterns
urlpatterns += concern_review.urlpatterns
urlpatterns += reports.urlpatterns
urlpatterns += cases.urlpatterns
urlpatterns += observations.urlpatterns
urlpatterns += oversight.urlpatterns
urlpatterns += oversight_exports.urlpatterns
