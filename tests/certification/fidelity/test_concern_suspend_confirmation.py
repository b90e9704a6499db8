"""Suspending a certificate at once for an urgent concern goes through the one confirmation
step: the first POST restates the effect and changes nothing; only the confirmed POST
suspends; "Go back" shows the filled form again."""

from certification.models import CertificationStatus
from certification.services.fidelity import concerns as svc

from .test_concern_pages import detail_url, make_concern

REASON = "A member says he met her alone at her home twice (Hazel-4410)."


def test_suspending_for_an_urgent_concern_is_confirmed_first(
    client, certification, ohio_trainer, facilitator
):
    concern = make_concern(certification)
    svc.concern_triage(actor=ohio_trainer, concern=concern, severity="urgent", owner=ohio_trainer)
    client.force_login(ohio_trainer)
    data = {"action": "suspend", "suspend-reason": REASON}

    asked = client.post(detail_url(concern), data)
    assert asked.status_code == 200
    text = asked.content.decode()
    assert "Suspend Frank Hollis&#x27;s certificate now?" in text
    assert (
        f"Frank Hollis&#x27;s Peer Mentor certificate {certification.display_number} will be "
        f"suspended at once, while concern {concern.reference} is reviewed" in text
    )
    assert "Frank Hollis is emailed the reason." in text
    assert "Yes, suspend the certificate" in text
    certification.refresh_from_db()
    assert certification.status == CertificationStatus.ACTIVE
    assert certification.history.count() == 1

    back = client.post(detail_url(concern), {**data, "back": "1"})
    assert back.status_code == 200
    assert f"{REASON}</textarea>" in back.content.decode()
    certification.refresh_from_db()
    assert certification.status == CertificationStatus.ACTIVE

    done = client.post(detail_url(concern), {**data, "confirmed": "yes"}, follow=True)
    assert "The certificate is suspended while the review goes on." in done.content.decode()
    certification.refresh_from_db()
    assert certification.status == CertificationStatus.SUSPENDED
