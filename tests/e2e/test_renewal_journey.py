"""A certificate runs out and is renewed, in the browser.

Time moves with time-machine (the live server runs in this process, so it sees the same
clock). The daily sweep expires the certificate; the facilitator sees "Expired" with the
history, renews on My certificates, and the public page shows "Active" again.
"""

import datetime

import time_machine
from django.core.management import call_command
from playwright.sync_api import Page, expect

from certification.views.verification import verification_url

from .test_certificate_journey import (
    open_my_certificates,
    set_up_certified_facilitator,
    sign_in,
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
