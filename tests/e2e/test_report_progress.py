"""The approval's report as the decider sees it in Chromium, in French and in English: the
decision answers at once, the page shows the editions being laid out, and once the worker has
laid them out (its code run here, in-process, while the page waits) the page shows the download
link by itself (static/report_progress.js), without anyone reloading it."""

from __future__ import annotations

import pytest

from riskassess import worker
from tests.conftest import give_opinion, switch_to
from tests.e2e.browser import log_in
from tests.e2e.test_accessibility import AXE, Audit

pytestmark = pytest.mark.e2e
WORDS = {
    "fr": {"decide": "Approuver", "record": "Enregistrer la décision",
           "laid_out": "est en cours de mise en page", "download": "Télécharger le rapport PDF"},
    "en": {"decide": "Approve", "record": "Record the decision",
           "laid_out": "is being laid out", "download": "Download the PDF report"},
}


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_page_follows_the_editions_until_the_report_is_ready(
        app, browser, live_server, client, in_app, demo, monkeypatch, lang):
    monkeypatch.setitem(app.config, "REPORTS_BUILT_IN_REQUEST", False)  # as in production
    submitted = demo["assessments"]["submitted"]
    switch_to(client, "dpo")
    assert give_opinion(client, submitted).status_code == 302
    w = WORDS[lang]
    context = browser.new_context(base_url=live_server, locale="fr-FR")
    context.add_init_script(path=str(AXE))
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto("/login")
    if lang == "en":
        with page.expect_navigation():
            page.get_by_role("button", name="English").click()
    log_in(page, "decider", lang)
    page.goto(f"/assessments/{submitted}")
    page.get_by_label(w["decide"], exact=True).check()
    with page.expect_navigation():
        page.get_by_role("button", name=w["record"]).click()
    box = page.locator("#report-progress")
    assert w["laid_out"] in box.inner_text()
    assert page.locator("#report-progress progress").get_attribute("value") == "0"
    audit = Audit(page)
    audit.check("the report being laid out")
    audit.assert_clean()

    in_app(lambda: worker.run(once=True))  # the worker lays out both editions

    link = page.get_by_role("link", name=w["download"])
    link.wait_for(timeout=20_000)  # the page looked again and reloaded itself
    assert page.locator("#report-progress").count() == 0
    with page.expect_download() as download:
        link.click()
    assert download.value.suggested_filename.endswith(".pdf")
    context.close()
