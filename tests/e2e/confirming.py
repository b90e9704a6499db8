"""The one confirmation step, as a person meets it in the browser: a page whose heading asks
the question, restates what will happen, and offers "Yes, …" and "Go back"."""

from playwright.sync_api import expect


def confirm_action(page, check_axe, heading, button, *says):
    """Check the confirmation page (focus on its heading, the effect in words, axe) and
    press the "Yes, …" button."""
    title = page.get_by_role("heading", level=1, name=heading)
    expect(title).to_be_visible()
    expect(title).to_be_focused()
    for text in says:
        expect(page.get_by_role("main")).to_contain_text(text)
    expect(
        page.get_by_role("button", name="Go back").or_(page.get_by_role("link", name="Go back"))
    ).to_be_visible()
    check_axe(page)
    page.get_by_role("button", name=button).click()
