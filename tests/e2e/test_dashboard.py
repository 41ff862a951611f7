"""The DPO's portfolio in Chromium, in French and in English: the dashboard, one of its bars to
the list it counts, a search among the answers, and the assessment found."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.e2e.browser import log_in

pytestmark = pytest.mark.e2e
WORDS = {
    "fr": {"dashboard": "Tableau de bord", "bar": "Modifications demandées : 1",
           "search": "Mots du titre, de la description ou des réponses", "apply": "Appliquer",
           "late": "avec des actions en retard"},
    "en": {"dashboard": "Dashboard", "bar": "Changes requested: 1",
           "search": "Words of the title, description or answers", "apply": "Apply",
           "late": "assessments with late actions"},
}


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_dashboard_to_a_filtered_list_to_the_assessment(page, demo, lang):
    w = WORDS[lang]
    page.goto("/login")
    if lang == "en":
        with page.expect_navigation():
            page.get_by_role("button", name="English").click()
    log_in(page, "dpo", lang)
    page.get_by_role("link", name=w["dashboard"], exact=True).click()
    page.wait_for_load_state()
    expect(page.get_by_role("heading", name=w["dashboard"], level=1)).to_be_visible()
    assert w["late"] in page.locator(".figures-row").inner_text()
    page.get_by_role("link", name=w["bar"]).click()
    page.wait_for_load_state()
    assert "status=changes_requested" in page.url
    rows = page.locator("table.list tbody tr")
    assert rows.count() == 1
    # a word found only in an answer of another assessment (demo data)
    page.get_by_label(w["search"]).fill("appétence")
    page.get_by_label(w["search"]).press("Enter")
    page.wait_for_load_state()
    assert rows.count() == 0  # the status filter still holds: the state is in the URL
    page.goto("/assessments?q=app%C3%A9tence")
    assert rows.count() == 1
    page.get_by_role("link", name="Recommandations personnalisées en magasin").click()
    page.wait_for_load_state()
    expect(page.get_by_role("heading", name="Recommandations personnalisées en magasin",
                            level=1)).to_be_visible()
