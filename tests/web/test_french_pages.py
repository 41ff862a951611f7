"""Every page of every role, in French, holds no English sentence of the application's
catalogue (a message shown untranslated: a string not marked for translation that has a
translation elsewhere, a translation missing, a label built in English) and no English message
of its libraries (Flask-Login's, WTForms'). The French user's view, page by page, as
tests/pages.py lists them."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from tests.conftest import EMAILS, login
from tests.pages import ROLES, html_only, pages_of
from tests.web.test_permission_matrix import world

CATALOGUE = (Path(__file__).resolve().parents[2]
             / "riskassess/translations/fr/LC_MESSAGES/messages.po")
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]|\{\w*\}")
# libraries' own English, should they ever show (WTForms' defaults, Flask-Login's)
LIBRARIES = ("Please log in to access this page", "This field is required",
             "Invalid email address", "Not a valid choice", "Field must be between",
             "Field must be at least", "Invalid input", "The CSRF token is missing")


def english_phrases() -> set[str]:
    """The English text of every message the catalogue translates differently, cut at its
    placeholders into phrases of three words or more."""
    with CATALOGUE.open("rb") as source:
        catalogue = read_po(source)
    phrases = set(LIBRARIES)
    for message in catalogue:
        if not message.id or not message.string or message.context:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        for english in ids:
            if english in strings:
                continue  # the same in French (a name, a code)
            for part in PLACEHOLDER.split(english):
                part = part.strip(" .,:;()«»—-\n")
                if len(part.split()) >= 3 and len(part) >= 15:
                    phrases.add(part)
    return phrases


class Visible(HTMLParser):
    """A page's text as read: its text nodes and the attributes read out or shown."""

    SHOWN = ("title", "aria-label", "placeholder", "alt", "value")

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self.skip = 0

    BLOCKS = {"p", "li", "td", "th", "div", "br", "h1", "h2", "h3", "h4", "option", "section",
              "summary", "label", "legend", "dt", "dd", "tr", "ul", "ol", "header", "nav",
              "main", "form", "title", "desc", "figcaption", "caption", "button", "a"}

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style", "code", "pre"):  # code is not prose
            self.skip += 1
        if tag in self.BLOCKS:
            self.parts.append(" ")
        for name, value in attrs:
            if name in self.SHOWN and value and not (tag == "input" and name == "value"
                                                     and ("type", "hidden") in attrs):
                self.parts.append(value)

    def handle_endtag(self, tag):
        if tag in ("script", "style", "code", "pre"):
            self.skip -= 1
        if tag in self.BLOCKS:
            self.parts.append(" ")

    def handle_data(self, data):
        if not self.skip:
            self.parts.append(data)

    def text(self) -> str:
        return re.sub(r"[ \t\n\r\f\v]+", " ", "".join(self.parts))  # not NBSP


def untranslated(html: str, phrases: set[str]) -> list[str]:
    reader = Visible()
    reader.feed(html)
    text = reader.text()
    return sorted(p for p in phrases if p in text)


@pytest.mark.parametrize("role", ROLES)
def test_no_page_of_a_role_shows_english_in_french(app, saved_state, in_app, role):
    ids = world(saved_state)
    paths = html_only(app, role, in_app(lambda: pages_of(role, ids)))
    phrases = english_phrases()
    client = app.test_client()
    login(client, EMAILS[role])
    found = {}
    for path in paths:
        response = client.get(path, follow_redirects=True)
        assert response.status_code == 200, path
        assert 'lang="fr"' in response.get_data(as_text=True)[:200]
        english = untranslated(response.get_data(as_text=True), phrases)
        if english:
            found[path] = english
    assert found == {}


def test_the_login_page_a_visitor_is_sent_to_speaks_french(app):
    response = app.test_client().get("/assessments", follow_redirects=True)
    page = response.get_data(as_text=True)
    assert "Connectez-vous pour accéder à cette page." in page
    assert untranslated(page, english_phrases()) == []


def test_the_check_finds_english_where_there_is_some():
    phrases = english_phrases()
    assert untranslated("<p>Refusé : <b>password too short</b></p>", phrases) == []
    assert untranslated('<p title="Please log in to access this page.">x</p>', phrases) == [
        "Please log in to access this page"]
    assert untranslated("<main><h1>Download the PDF report</h1></main>", phrases) == [
        "Download the PDF report"]


def test_french_messages_keep_french_spacing():
    """Every French message of the catalogue puts a non-breaking space (never a plain one)
    before « : ; ! ? » and inside « » (the interface's own words; texts of the questionnaire
    files, and the core's texts kept in the catalogue with a context (core/i18n.py `both`,
    stored as written in profiles and approved versions), get it when shown,
    core/typography.py)."""
    with CATALOGUE.open("rb") as source:
        catalogue = read_po(source)
    wrong = []
    for message in catalogue:
        if not message.id or not message.string or message.context:
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        wrong += [s for s in strings if re.search(r" [:;!?»]|« ", s)]
    assert wrong == []


def test_templates_put_a_label_colon_through_the_language():
    """`{{ _("Owner") }}: …` printed « Porteur: » in French: labels end with `{{ colon }}`."""
    templates = Path(__file__).resolve().parents[2] / "templates"
    glued = [f"{path.relative_to(templates)}:{number}"
             for path in templates.rglob("*.html")
             for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
             if re.search(r"(\) \}\}|</span>) ?: ", line)]
    assert glued == []


def test_texts_of_the_questionnaire_files_are_shown_with_french_spacing(as_role, demo):
    """Sources and references are plain French text in the YAML files, typed with ordinary
    spaces; shown in French, they get non-breaking ones (the `spaced` filter), and the items
    a page joins are separated by « ; » with one too."""
    client = as_role("dpo")
    sources = re.findall(r'<span class="source">(.*?)</span>',
                         client.get("/knowledge-base").get_data(as_text=True), re.S)
    assert sources and any("\u00a0;" in s for s in sources)
    assert not [s for s in sources if re.search(r" [;:!?»]|« ", s)]
    page = client.get(f"/assessments/{demo['assessments']['approved']}").get_data(as_text=True)
    banner = page.split('class="banner"')[1].split("</section>")[0]
    assert "\u00a0; " in banner and " ; " not in banner
