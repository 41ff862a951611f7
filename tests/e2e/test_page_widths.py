"""Every page of every role at a phone's width (390 px) and a desktop's (1366 px), in Chromium:
the page never scrolls sideways (a table wider than the screen scrolls inside its own box), and
on the desktop the header holds on one line. The pages are the permission matrix's (every GET
route serving HTML, for each role it allows: tests/web/test_permission_matrix.py), plus the
states and steps a route shows differently (each status of an assessment, each wizard step).
On the phone, the header's links fold behind the « Menu » button (static/menu.js)."""

from __future__ import annotations

import pytest

from tests.conftest import EMAILS, PASSWORD
from tests.pages import ROLES, html_only, pages_of
from tests.web.test_permission_matrix import world

pytestmark = pytest.mark.e2e
ONE_LINE = 72  # px: the header's height on one line (two lines measure over 95)


def log_in(page, role: str) -> None:
    page.goto("/login")
    page.locator('input[name="email"]').fill(EMAILS[role])
    page.locator('input[name="password"]').fill(PASSWORD)
    with page.expect_navigation():
        page.locator('input[name="password"]').press("Enter")


@pytest.mark.parametrize("role", ROLES)
def test_no_page_scrolls_sideways_and_the_desktop_header_is_one_line(
        app, browser, live_server, saved_state, in_app, role):
    ids = world(saved_state)
    paths = html_only(app, role, in_app(lambda: pages_of(role, ids)))
    assert len(paths) >= 8, paths
    problems = []
    for width in (390, 1366):
        context = browser.new_context(base_url=live_server, locale="fr-FR",
                                      viewport={"width": width, "height": 900})
        page = context.new_page()
        page.set_default_timeout(15_000)
        log_in(page, role)
        for path in paths:
            response = page.goto(path)
            assert response is not None and response.status < 400, (role, path)
            scroll = page.evaluate("document.documentElement.scrollWidth")
            if scroll > width:
                problems.append(f"{width} px {path}: the page is {scroll} px wide")
            if page.locator("header.topbar").count() != 1:
                problems.append(f"{width} px {path}: no header ({response.status})")
                continue
            header = page.locator("header.topbar").bounding_box()["height"]
            if width == 1366 and header > ONE_LINE:
                problems.append(f"{width} px {path}: the header is {header:.0f} px high")
        context.close()
    assert problems == [], "\n".join(problems)


def test_on_a_phone_the_menu_button_shows_and_hides_the_links(browser, live_server, demo):
    context = browser.new_context(base_url=live_server, locale="fr-FR",
                                  viewport={"width": 390, "height": 900})
    page = context.new_page()
    log_in(page, "dpo")
    page.goto("/review")
    audit_link = page.get_by_role("link", name="Journal d’audit")
    menu = page.get_by_role("button", name="Menu")
    assert menu.get_attribute("aria-expanded") == "false" and not audit_link.is_visible()
    menu.click()
    assert menu.get_attribute("aria-expanded") == "true" and audit_link.is_visible()
    page.locator("details.more summary").click()  # the secondary links
    assert page.get_by_role("link", name="Vérifier un rapport").is_visible()
    menu.click()
    assert not audit_link.is_visible()
    context.close()


def test_on_a_desktop_more_opens_and_closes(browser, live_server, demo):
    context = browser.new_context(base_url=live_server, locale="fr-FR",
                                  viewport={"width": 1366, "height": 900})
    page = context.new_page()
    log_in(page, "auditor")
    page.goto("/approved")
    assert not page.get_by_role("button", name="Menu").is_visible()
    verify = page.get_by_role("link", name="Vérifier un rapport")
    assert not verify.is_visible()
    page.locator("details.more summary").click()
    assert verify.is_visible()
    page.keyboard.press("Escape")
    assert not verify.is_visible()
    page.locator("details.more summary").click()
    page.locator("main").click()  # a click elsewhere closes it
    assert not verify.is_visible()
    context.close()


def test_on_a_phone_the_wizard_steps_fold_under_one_line(browser, live_server, demo):
    context = browser.new_context(base_url=live_server, locale="fr-FR",
                                  viewport={"width": 390, "height": 900})
    page = context.new_page()
    log_in(page, "owner")
    page.goto(f"/assessments/{demo['assessments']['draft']}/modules/security")
    step = page.locator("nav.steps").get_by_role("link", name="Contexte du traitement")
    assert not step.is_visible()  # the first screen shows the step being answered
    page.locator("details.steps-fold summary").click()
    assert step.is_visible()
    page.locator("details.steps-fold summary").click()  # folded again
    page.set_viewport_size({"width": 1366, "height": 900})  # a desktop shows them all
    assert step.is_visible()
    context.close()
