"""The wizard with the keyboard alone: a project owner logs in, creates a blank assessment,
answers every required question of every step, chooses « Je ne sais pas », opens a help text,
moves between steps and submits from the summary, with Tab, Shift+Tab, arrows, Space, Enter
and typing only (no click, no fill). Every element reached shows a visible focus indicator."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from riskassess.services.catalogue import default_questionnaire
from tests.conftest import EMAILS, PASSWORD
from tests.helpers import required_form_data

pytestmark = pytest.mark.e2e

TITLE = "Tri des réclamations au clavier"
# What the owner types or chooses where the plan must not be the first option; "I don't
# know" on a yes/no question, reached with the arrow keys.
GIVEN = {
    "scr_uses_ai": "yes",  # shows the conditional question on the role of the AI
    "scr_denial": {"unknown": True},
    "ctx_processing": "Classer les réclamations reçues.",
    "ctx_purposes": "Répondre plus vite.",
}
ACTIVE = """() => {
  const e = document.activeElement;
  const style = getComputedStyle(e);
  const box = e.getBoundingClientRect();
  return {tag: e.tagName.toLowerCase(), type: e.type || null, name: e.getAttribute("name"),
          id: e.id || null, value: e.value === undefined ? null : String(e.value),
          checked: Boolean(e.checked), text: (e.innerText || "").trim().slice(0, 120),
          hash: e.hash || null, inMain: Boolean(e.closest("main")),
          outline: style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0,
          shadow: style.boxShadow !== "none",
          visible: box.width > 0 && box.height > 0 && box.bottom > 0 && box.right > 0};
}"""


class Keyboard:
    """Moves the focus with Tab / Shift+Tab until it reaches what is wanted, checking on the
    way that what has the focus shows it."""

    def __init__(self, page):
        self.page = page
        self.presses = 0

    def focused(self) -> dict:
        return self.page.evaluate(ACTIVE)

    def press(self, key: str) -> dict:
        self.page.keyboard.press(key)
        self.presses += 1
        return self.focused()

    def follow(self, url: str) -> None:
        """Enter on the focused link or button, which leads to another page."""
        with self.page.expect_navigation(url=re.compile(url)):
            self.page.keyboard.press("Enter")
        self.presses += 1

    def tab_to(self, wanted, backwards: bool = False, limit: int = 400) -> dict:
        key = "Shift+Tab" if backwards else "Tab"
        for _ in range(limit):
            element = self.press(key)
            if wanted(element):
                self.assert_focus_visible(element)
                return element
        raise AssertionError(f"{key} never reached the element wanted; last: {element}")

    @staticmethod
    def assert_focus_visible(element: dict) -> None:
        assert element["visible"], f"the focused element is not on screen: {element}"
        assert element["outline"] or element["shadow"], f"no focus indicator: {element}"


def field(name: str, value: str | None = None):
    return lambda e: e["name"] == name and (value is None or e["value"] == value)


def button(text: str):
    return lambda e: e["tag"] in ("button", "a") and e["text"].startswith(text)


def answer(keys: Keyboard, name: str, value) -> None:
    """Answer one form field of the plan with the keyboard."""
    page = keys.page
    if isinstance(value, list):  # check boxes: Tab to each, Space
        for item in value:
            box = keys.tab_to(field(name, item))
            if not box["checked"]:
                keys.press("Space")
            assert page.locator(f'input[name="{name}"][value="{item}"]').is_checked()
    elif page.locator(f'input[type=radio][name="{name}"]').count():
        # a radio group is one Tab stop; the arrow keys move the choice within it
        radio = keys.tab_to(field(name))
        for _ in range(20):
            if radio["value"] == value:
                break
            radio = keys.press("ArrowDown")
        assert radio["value"] == value, (name, value)
        if not radio["checked"]:
            keys.press("Space")
        assert page.locator(f'input[name="{name}"][value="{value}"]').is_checked()
    else:  # a text field: Tab to it, then type
        keys.tab_to(field(name))
        page.keyboard.press("ControlOrMeta+A")
        page.keyboard.type(str(value))
        assert page.locator(f'[name="{name}"]').input_value() == str(value)


def test_owner_completes_the_wizard_with_the_keyboard_alone(page, demo, app):
    keys = Keyboard(page)
    with app.app_context():
        plan = required_form_data(default_questionnaire(), GIVEN)

    # --- log in: the first Tab reaches the skip link, which leads into the main content
    page.goto("/login")
    skip = keys.press("Tab")
    assert skip["hash"] == "#main" and skip["text"] == "Aller au contenu"
    keys.assert_focus_visible(skip)
    keys.press("Enter")
    assert page.url.endswith("#main")
    email = keys.press("Tab")
    assert email["inMain"] and email["name"] == "email", email
    keys.assert_focus_visible(email)
    page.keyboard.type(EMAILS["owner"])
    keys.tab_to(field("password"))
    page.keyboard.type(PASSWORD)
    keys.tab_to(button("Se connecter"))
    keys.follow(r"/assessments(#main)?$")  # the fragment survives the redirect

    # --- a new blank assessment, through the menu
    keys.tab_to(button("Nouvelle analyse"))
    keys.follow(r"/assessments/new$")
    keys.tab_to(button("Analyse vierge"))
    keys.follow(r"/assessments/new\?template=")
    keys.tab_to(field("title"))
    page.keyboard.type(TITLE)
    keys.tab_to(field("description"))
    page.keyboard.type("Un modèle trie les réclamations par urgence.")
    sector = keys.tab_to(field("sector"))
    page.keyboard.press("ArrowDown")  # a closed select changes its value with the arrows
    assert page.locator('select[name="sector"]').input_value() not in ("", sector["value"])
    keys.tab_to(button("Créer et commencer le questionnaire"))
    keys.follow(r"/modules/screening$")

    # --- every step: answer the required questions, then "Save and continue" with Enter
    modules = list(plan)
    decision_role = page.locator("#block-scr_decision_role")
    assert decision_role.is_hidden()
    for number, module_id in enumerate(modules, start=1):
        heading = page.get_by_role("heading", level=1)
        assert f"Étape {number} sur {len(modules)}" in heading.inner_text()
        for name, value in plan[module_id].items():
            answer(keys, name, value)
            if name == "scr_uses_ai":
                # the conditional question appears at once; the help follows the answer
                expect(decision_role).to_be_visible()
                keys.tab_to(lambda e: e["tag"] == "summary")
                keys.press("Enter")
                expect(page.locator("#help-scr_uses_ai .reference")).to_be_visible()
        if module_id == "context":
            # back to step 1 with Shift+Tab from "Save and continue" to "Previous step":
            # both steps keep what was answered, "I don't know" included
            keys.tab_to(button("Enregistrer et continuer"))
            keys.tab_to(button("← Étape précédente"), backwards=True)
            keys.follow(r"/modules/screening$")
            assert page.locator('input[name="scr_denial"][value="__unknown__"]').is_checked()
            keys.tab_to(button("Enregistrer et continuer"))
            keys.follow(r"/modules/context$")
            assert page.locator('textarea[name="ctx_processing"]').input_value() == (
                GIVEN["ctx_processing"])
        if number < len(modules):
            keys.tab_to(button("Enregistrer et continuer"))
            keys.follow(rf"/modules/{modules[number]}$")
        else:
            keys.tab_to(button("Enregistrer et vérifier"))
            keys.follow(r"/summary$")

    # --- the summary shows completion; the "I don't know" answer is listed
    expect(page.get_by_text("Toutes les questions obligatoires ont une réponse.")).to_be_visible()
    unknown = page.locator("section").filter(has=page.locator("#unknown-title"))
    assert unknown.locator("li").count() == 1
    assert "(1)" in page.locator("#unknown-title").inner_text()
    keys.tab_to(button("Soumettre au DPO"))
    keys.follow(r"/assessments/\d+$")
    expect(page.get_by_text("Analyse soumise à votre DPO.")).to_be_visible()
    assert keys.presses < 3000
