"""A certificate runs out and is renewed, in the browser; and a renewal a trainer approves.

Time moves with time-machine (the live server runs in this process, so it sees the same
clock). The daily sweep expires the certificate; the facilitator sees "Expired" with the
history, renews on My certificates, and the public page shows "Active" again. In a program
whose renewals need a trainer's approval, the facilitator asks for renewal, the state's
trainer opens the certificate from the email they are sent and approves it, and the
facilitator sees the new valid-through date with the request and the renewal in the history.
"""

import datetime

import time_machine
from django.core.management import call_command
from playwright.sync_api import Page, expect

from certification.dates import add_months
from certification.views.verification import verification_url
from curriculum.models import ProgramPage
from tests.e2e.signing_in import enter_code_if_asked
from tests.factories import PASSWORD

from .test_certificate_journey import (
    PROGRAM,
    open_my_certificates,
    set_up_certified_facilitator,
    sign_in,
    sign_out,
)


def test_certificate_expires_and_the_holder_renews_it(page: Page, site_url, check_axe):
    facilitator, _trainer, certification = set_up_certified_facilitator()
    day_after_end = certification.expires_on + datetime.timedelta(days=1)

    with time_machine.travel(datetime.datetime.combine(day_after_end, datetime.time(9)), tick=True):
        call_command("certification_sweep", verbosity=0)
        certification.refresh_from_db()
        assert certification.status == "expired"

        page.goto(site_url("/"))
        sign_in(page, check_axe, facilitator.email)
        open_my_certificates(page, check_axe, "Dana")
        main = page.get_by_role("main")
        expect(main).to_contain_text("Expired")
        history = page.get_by_role("region", name="History")
        expect(history).to_contain_text("Expired")
        expect(page.get_by_text("You meet every requirement to renew")).to_be_visible()

        page.get_by_role("button", name="Renew").click()
        expect(page.get_by_text("renewed", exact=False).first).to_be_visible()
        check_axe(page)
        expect(main).to_contain_text("Renewed")
        # Renewed after the end date: the new period runs from the day of renewal.
        new_end = day_after_end.replace(year=day_after_end.year + 2)
        expect(main).to_contain_text(new_end.strftime("%B %-d, %Y"))

        page.goto(verification_url(certification.number).replace("http://testserver", site_url("")))
        expect(page.get_by_role("heading", level=2, name="Status: Active")).to_be_visible()
        check_axe(page)


def test_a_trainer_approves_a_requested_renewal(
    page: Page, site_url, check_axe, read_link_from_email
):
    facilitator, trainer, certification = set_up_certified_facilitator()
    ProgramPage.objects.filter(pk=certification.program_id).update(renewal_needs_approval=True)
    display = certification.display_number
    in_window = certification.expires_on - datetime.timedelta(days=30)
    new_end = add_months(certification.expires_on, 24).strftime("%B %-d, %Y")

    with time_machine.travel(datetime.datetime.combine(in_window, datetime.time(9)), tick=True):
        # The facilitator asks for renewal instead of renewing.
        page.goto(site_url("/"))
        check_axe(page)
        sign_in(page, check_axe, facilitator.email)
        open_my_certificates(page, check_axe, "Dana")
        card = page.get_by_role("article", name=PROGRAM)
        expect(card).to_contain_text("a trainer of your state approves each renewal")
        expect(card.get_by_role("button", name="Renew", exact=True)).to_have_count(0)
        card.get_by_role("button", name="Ask for renewal").click()
        expect(page.get_by_role("status")).to_contain_text("You asked for renewal.")
        card = page.get_by_role("article", name=PROGRAM)
        expect(card).to_contain_text("Waiting for a trainer's approval")
        expect(card.get_by_role("button", name="Ask for renewal")).to_have_count(0)
        expect(card.get_by_role("region", name="History")).to_contain_text("Renewal requested")
        check_axe(page)
        sign_out(page)
        signed_out(page, check_axe)

        # The state's trainer follows the emailed link, signs in and approves.
        link = read_link_from_email(trainer.email, "/certificates/")
        page.goto(link.replace("http://testserver", site_url("")))
        expect(page.get_by_role("heading", level=1, name="Sign In")).to_be_visible()
        check_axe(page)
        page.get_by_label("Email").fill(trainer.email)
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Sign In").click()
        enter_code_if_asked(page, trainer.email, check_axe)
        expect(page.get_by_role("heading", level=1, name=f"Certificate {display}")).to_be_visible()
        request = page.get_by_role("region", name="Renewal request")
        expect(request).to_contain_text("Dana Okafor asked on")
        expect(request).to_contain_text(f"it will be valid through {new_end}")
        check_axe(page)
        approve = page.get_by_role("region", name="Approve renewal")
        approve.get_by_role("button", name="Approve renewal").click()
        expect(page.get_by_role("status")).to_contain_text(
            f"The renewal is approved. The certificate is now valid through {new_end}."
        )
        expect(page.get_by_role("region", name="Renewal request")).to_have_count(0)
        history = page.get_by_role("region", name="History")
        expect(history).to_contain_text("Renewal requested")
        expect(history).to_contain_text("by Dana Okafor")
        expect(history).to_contain_text(f"Renewal request approved; now valid through {new_end}.")
        expect(history).to_contain_text("by Tomas Alvarez")
        check_axe(page)
        sign_out(page)
        signed_out(page, check_axe)

        # The facilitator sees the new date, and the request and the renewal in the history.
        sign_in(page, check_axe, facilitator.email)
        open_my_certificates(page, check_axe, "Dana")
        card = page.get_by_role("article", name=PROGRAM)
        expect(card.locator("dl.facts")).to_contain_text(new_end)  # Valid through
        expect(card).not_to_contain_text("Waiting for a trainer's approval")
        history = card.get_by_role("region", name="History")
        expect(history.get_by_text("Renewal requested", exact=True)).to_be_visible()
        expect(history.get_by_text("Renewed", exact=True)).to_be_visible()
        check_axe(page)


def signed_out(page: Page, check_axe):
    """After signing out: the home page, with "Sign in" offered again."""
    main_nav = page.get_by_role("navigation", name="Main")
    expect(main_nav.get_by_role("link", name="Sign in")).to_be_visible()
    check_axe(page)
