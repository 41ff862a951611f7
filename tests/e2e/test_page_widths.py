"""Every page of every role at a phone's width (390 px) and a desktop's (1366 px), in Chromium:
the page never scrolls sideways (a table wider than the screen scrolls inside its own box), and
on the desktop the header holds on one line. The pages are the permission matrix's (every GET
route serving HTML, for each role it allows: tests/web/test_permission_matrix.py), plus the
states and steps a route shows differently (each status of an assessment, each wizard step).
On the phone, the header's links fold behind the « Menu » button (static/menu.js)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.conftest import EMAILS, PASSWORD
from tests.pages import ROLES, html_only, pages_of
from tests.web.test_permission_matrix import world

pytestmark = pytest.mark.e2e
ONE_LINE = 72  # px: the header's height on one line (two lines measure over 95)


@pytest.fixture
def screen(browser, live_server):
    """`screen(width, role)`: a page of that width, logged in as the role (closed after)."""
    contexts = []

    def open_page(width: int, role: str):
        context = browser.new_context(base_url=live_server, locale="fr-FR",
                                      viewport={"width": width, "height": 900})
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(15_000)
        page.goto("/login")
        page.locator('input[name="email"]').fill(EMAILS[role])
        page.locator('input[name="password"]').fill(PASSWORD)
        with page.expect_navigation():
            page.locator('input[name="password"]').press("Enter")
        return page

    yield open_page
    for context in contexts:
        context.close()


@pytest.mark.parametrize("role", ROLES)
def test_no_page_scrolls_sideways_and_the_desktop_header_is_one_line(
        app, screen, saved_state, in_app, role):
    ids = world(saved_state)
    paths = html_only(app, role, in_app(lambda: pages_of(role, ids)))
    assert len(paths) >= 8, paths
    problems = []
    for width in (390, 1366):
        page = screen(width, role)
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
    assert problems == [], "\n".join(problems)


def test_on_a_phone_the_menu_button_shows_and_hides_the_links(screen, demo):
    page = screen(390, "dpo")
    page.goto("/review")
    audit_link = page.get_by_role("link", name="Journal d’audit")
    menu = page.get_by_role("button", name="Menu")
    expect(menu).to_have_attribute("aria-expanded", "false")
    expect(audit_link).to_be_hidden()
    menu.click()
    expect(menu).to_have_attribute("aria-expanded", "true")
    expect(audit_link).to_be_visible()
    page.locator("details.more summary").click()  # the secondary links
    expect(page.get_by_role("link", name="Vérifier un rapport")).to_be_visible()
    menu.click()
    expect(audit_link).to_be_hidden()


def test_on_a_desktop_more_opens_and_closes(screen, demo):
    page = screen(1366, "auditor")
    page.goto("/approved")
    expect(page.get_by_role("button", name="Menu")).to_be_hidden()
    verify = page.get_by_role("link", name="Vérifier un rapport")
    expect(verify).to_be_hidden()
    page.locator("details.more summary").click()
    expect(verify).to_be_visible()
    page.keyboard.press("Escape")
    expect(verify).to_be_hidden()
    page.locator("details.more summary").click()
    page.locator("main").click()  # a click elsewhere closes it
    expect(verify).to_be_hidden()


def test_on_a_phone_the_wizard_steps_fold_under_one_line(screen, demo):
    page = screen(390, "owner")
    page.goto(f"/assessments/{demo['assessments']['draft']}/modules/security")
    step = page.locator("nav.steps").get_by_role("link", name="Contexte du traitement")
    expect(step).to_be_hidden()  # the first screen shows the step being answered
    page.locator("details.steps-fold summary").click()
    expect(step).to_be_visible()
    page.locator("details.steps-fold summary").click()  # folded again
    expect(step).to_be_hidden()
    page.set_viewport_size({"width": 1366, "height": 900})  # a desktop shows them all
    expect(step).to_be_visible()  # (the media query's change event opens them)


@pytest.mark.parametrize("width", [390, 1366])
def test_the_risk_map_is_readable_on_a_phone_and_a_desktop(screen, demo, width):
    """The map takes the width it is given (the figure's default 40 px margins gone), and its
    figures are drawn no smaller than 10 px on screen: on a phone the levels' names give way to
    larger figures, named in the caption instead."""
    page = screen(width, "dpo")
    page.goto(f"/assessments/{demo['assessments']['submitted']}")
    svg = page.locator("figure.riskmap svg").bounding_box()
    assert svg["width"] >= (280 if width == 390 else 450), svg  # 210 px before, on a phone
    for selector in (".axis", ".zone-name", ".marker text"):
        height = page.locator(f"figure.riskmap svg {selector}").first.bounding_box()["height"]
        assert height >= 10, f"{selector}: {height:.1f} px high at {width} px"
    key = page.locator("figure.riskmap .levels-key")
    if width == 390:
        expect(key).to_be_visible()
        expect(key).to_contain_text("1\u00a0Négligeable")
    else:
        expect(key).to_be_hidden()
        expect(page.locator("figure.riskmap svg .level-name").first).to_be_visible()
