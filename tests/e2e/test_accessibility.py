"""Accessibility: axe-core (pinned in tests/e2e/package.json, installed by `npm ci`) checks the
main pages of every role, in French and in English, against WCAG 2.0/2.1 A and AA. No serious
or critical violation is allowed; every violation found, whatever its impact, is listed in the
failure message.

axe-core is injected with `add_init_script`, i.e. through the DevTools protocol before the
page's own scripts: that is not subject to the page's Content-Security-Policy (which forbids
inline scripts), so the pages are audited with their real CSP, no `bypass_csp` needed.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.e2e.browser import log_in

pytestmark = pytest.mark.e2e

AXE = Path(__file__).parent / "node_modules" / "axe-core" / "axe.min.js"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
BLOCKING = {"serious", "critical"}
# samples for the evidence pages
PEOPLE = ("nom;code_postal;naissance;sexe;diagnostic\n"
          "Dupont;75001;1980-01-02;F;asthme\nMartin;75001;1980-01-02;F;diabète\n"
          "Durand;69002;1975-05-05;M;grippe\n")
DECISIONS = "groupe,decision\n" + "A,1\n" * 6 + "A,0\n" * 4 + "B,1\n" * 2 + "B,0\n" * 8
# Violations, and the checks axe could not run because it hit an error (e.g. an aria-labelledby
# pointing at its own element): those hide violations, so they count as serious.
RUN_AXE = """(tags) => axe.run(document, {
  runOnly: {type: "tag", values: tags},
  resultTypes: ["violations", "incomplete"],
}).then((result) => {
  const brief = (v, impact) => ({
    id: v.id, impact: impact, help: v.help, helpUrl: v.helpUrl,
    nodes: v.nodes.map((n) => ({target: n.target.join(" "), summary: n.failureSummary || "",
                                html: n.html.slice(0, 200)})),
  });
  const failed = (n) => /Axe encountered an error/.test(n.failureSummary || "");
  return result.violations.map((v) => brief(v, v.impact)).concat(result.incomplete
    .filter((v) => v.nodes.some(failed))
    .map((v) => brief({...v, id: v.id + " (axe error)", nodes: v.nodes.filter(failed)},
                      "serious")));
})"""


@pytest.fixture
def audited(browser, live_server):
    """A browser page with axe-core loaded in every document it opens."""
    if not AXE.exists():
        pytest.fail(f"{AXE} is missing: run `npm ci` in tests/e2e (the test command does)")
    context = browser.new_context(base_url=live_server, locale="fr-FR")
    context.add_init_script(path=str(AXE))
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


class Audit:
    """Visits pages, runs axe on each and keeps every violation, so that one test reports
    all the pages of a role at once."""

    def __init__(self, page):
        self.page = page
        self.found: dict[str, list[dict]] = {}

    def check(self, label: str, url: str | None = None, status: int = 200) -> None:
        if url is not None:
            response = self.page.goto(url)
            assert response is not None and response.status == status, (label, url)
        self.page.wait_for_load_state()
        violations = self.page.evaluate(RUN_AXE, TAGS)
        if violations:
            self.found[f"{label} ({self.page.url})"] = violations

    def blocking(self) -> list[str]:
        return [f"{page}: {v['id']}" for page, violations in self.found.items()
                for v in violations if v["impact"] in BLOCKING]

    def report(self) -> str:
        lines = []
        for page, violations in self.found.items():
            lines.append(f"\n== {page}")
            for v in violations:
                lines.append(f"  [{v['impact']}] {v['id']}: {v['help']} ({v['helpUrl']})")
                for node in v["nodes"][:8]:
                    lines.append(f"      {node['target']}  {node['html']}")
                    lines.append("        " + node["summary"].replace("\n", "\n        "))
                if len(v["nodes"]) > 8:
                    lines.append(f"      … and {len(v['nodes']) - 8} more")
        return "\n".join(lines)

    def assert_clean(self) -> None:
        assert not self.blocking(), "serious or critical axe violations:" + self.report()
        if self.found:  # moderate and minor ones are shown, not fatal
            print("axe violations below serious:" + self.report())


def submit(button) -> None:
    """Press a submit button and wait for the page it leads to."""
    with button.page.expect_navigation():
        button.click()


def english(page) -> None:
    submit(page.get_by_role("button", name="English"))
    assert page.locator("html").get_attribute("lang") == "en"


def seed_review_material(in_app, demo) -> None:
    """A comment with a reply and a module evaluation on the submitted assessment, so the DPO
    page shows its threads and evaluations."""
    from riskassess.extensions import db
    from riskassess.models import Assessment, User
    from riskassess.services import review

    def add():
        dpo = db.session.get(User, demo["users"]["dpo"])
        owner = db.session.get(User, demo["users"]["owner"])
        assessment = db.session.get(Assessment, demo["assessments"]["submitted"])
        note = review.comment(dpo, assessment, "Justifiez la base légale retenue.",
                              "module", "principles")
        review.comment(owner, assessment, "Intérêt légitime : la fidélité.", parent_id=note.id)
        review.evaluate(dpo, assessment, "principles", "to_improve", "Préciser la base légale.")

    in_app(add)


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_login_and_error_pages(audited, live_server, lang):
    audit = Audit(audited)
    audited.goto("/login")
    if lang == "en":
        english(audited)
    audit.check("login")
    # errors: fields left empty, then an unknown account
    submit(audited.locator("main form button[type=submit]"))
    audit.check("login with empty fields")
    audited.locator('input[name="email"]').fill("nobody@example.test")
    audited.locator('input[name="password"]').fill("wrong")
    submit(audited.locator("main form button[type=submit]"))
    audit.check("login with a wrong password")
    audit.check("404 anonymous", "/this-page-does-not-exist", status=404)
    audit.check("forgotten password", "/password/forgot")
    audit.check("user guide before logging in", "/guide/owner")
    audit.check("password link not valid", "/password/reset/unknown-token", status=404)
    audit.assert_clean()


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_owner_pages(audited, demo, lang, tmp_path):
    ids = demo["assessments"]
    draft, approved, returned = ids["draft"], ids["approved"], ids["changes_requested"]
    log_in(audited, "owner")
    if lang == "en":
        english(audited)
    audit = Audit(audited)
    audit.check("my assessments", "/assessments")
    audit.check("new assessment: templates", "/assessments/new")
    audit.check("new assessment: blank form", "/assessments/new?template=")
    audit.check("new assessment: from a template", "/assessments/new?template=bank_fraud")
    audited.goto("/assessments/new?template=")
    submit(audited.locator("main form button[type=submit]"))
    audit.check("new assessment: errors")
    # a blank assessment: steps without any question yet, nothing answered
    audited.goto("/assessments/new?template=")
    audited.locator('input[name="title"]').fill("Analyse vierge")
    audited.locator('select[name="sector"]').select_option(index=1)
    submit(audited.locator("main form button[type=submit]"))
    audit.check("blank assessment: first step")
    blank = re.search(r"/assessments/(\d+)/", audited.url).group(1)
    audit.check("blank assessment: summary", f"/assessments/{blank}/summary")
    audit.check("blank assessment", f"/assessments/{blank}")
    audit.check("draft assessment", f"/assessments/{draft}")
    audit.check("approved assessment (risk map, tables)", f"/assessments/{approved}")
    audit.check("assessment sent back with the DPO's opinion", f"/assessments/{returned}")
    # wizard steps: help opened, conditions shown and hidden, "I don't know"
    audit.check("wizard: screening", f"/assessments/{draft}/modules/screening")
    audited.locator("details.help summary").first.press("Enter")
    audit.check("wizard: screening with help open")
    audit.check("wizard: AI Act (conditions)", f"/assessments/{draft}/modules/ai_act")
    audit.check("wizard: security measures", f"/assessments/{draft}/modules/security")
    audited.locator('input[value="planned"]').first.check()
    audit.check("wizard: a planned measure's owner and due date")
    # the planned measure without its owner and due date: saved as a draft, with its warning
    submit(audited.locator('button[value="stay"]'))
    audit.check("wizard: a planned measure in draft")
    audit.check("wizard: read-only step", f"/assessments/{approved}/modules/context")
    audit.check("summary", f"/assessments/{draft}/summary")
    audit.check("action plan", f"/assessments/{approved}/action-plan")
    audit.check("changes since the approved version", f"/assessments/{approved}/diff?from=1")
    audit.check("evidence", f"/assessments/{draft}/evidence")
    audit.check("evidence: re-identification", f"/assessments/{draft}/evidence/reidentification")
    people = tmp_path / "echantillon.csv"
    people.write_text(PEOPLE, encoding="utf-8")
    audited.locator('input[type="file"]').set_input_files(str(people))
    audited.locator(".column-picker input").first.wait_for()
    audit.check("evidence: re-identification, columns to pick")
    audited.locator('input[name="quasi_identifiers"]').fill("code_postal, naissance, sexe")
    audited.locator('input[name="sensitive"]').fill("diagnostic")
    submit(audited.locator("main form button[type=submit]"))
    audit.check("evidence: re-identification profile")
    audit.check("evidence: fairness", f"/assessments/{draft}/evidence/fairness")
    decisions = tmp_path / "decisions.csv"
    decisions.write_text(DECISIONS, encoding="utf-8")
    audited.locator('input[type="file"]').set_input_files(str(decisions))
    audited.locator('input[name="group"]').fill("groupe")
    audited.locator('input[name="decision"]').fill("decision")
    submit(audited.locator("main form button[type=submit]"))
    audit.check("evidence: measured fairness")
    audit.check("evidence with measurements", f"/assessments/{draft}/evidence")
    audit.check("knowledge base", "/knowledge-base")
    audit.check("co-authors", f"/assessments/{draft}/coauthors")
    audit.check("API tokens", "/account/tokens")
    audit.check("import JSON", "/assessments/import")
    audit.check("import CNIL PIA", "/assessments/import-pia")
    audit.check("404", "/assessments/999999", status=404)
    audit.check("403", "/admin/users", status=403)
    audit.assert_clean()


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_dpo_pages(audited, demo, in_app, lang):
    seed_review_material(in_app, demo)
    ids = demo["assessments"]
    log_in(audited, "dpo")
    if lang == "en":
        english(audited)
    audit = Audit(audited)
    audit.check("review queue", "/review")
    audit.check("assessment under review (decision form, comments)",
                f"/assessments/{ids['submitted']}")
    audit.check("review of a step: answers as text, remarks in place",
                f"/assessments/{ids['submitted']}/modules/principles")
    audit.check("approved assessment", f"/assessments/{ids['approved']}")
    audit.check("approved assessments", "/approved")
    audit.check("audit trail", "/audit")
    submit(audited.locator("form[action$='/audit/verify'] button"))
    audit.check("audit trail after verifying the chain")
    audit.check("verify a report", "/verify-report")
    audit.check("API tokens", "/account/tokens")
    audit.assert_clean()


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_auditor_pages(audited, demo, lang, tmp_path):
    approved = demo["assessments"]["approved"]
    log_in(audited, "auditor")
    if lang == "en":
        english(audited)
    audit = Audit(audited)
    audit.check("approved assessments", "/approved")
    audit.check("approved assessment, read-only", f"/assessments/{approved}")
    audit.check("audit trail", "/audit")
    audit.check("verify a report", "/verify-report")
    # the verdict on an unknown file
    unknown = tmp_path / "inconnu.pdf"
    unknown.write_bytes(b"%PDF-1.4 not a report")
    audited.locator('input[type="file"]').set_input_files(str(unknown))
    submit(audited.locator("main form button[type=submit]"))
    audit.check("verify a report: verdict")
    audit.check("404", "/assessments/999999", status=404)
    audit.assert_clean()


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_admin_pages(audited, demo, lang):
    log_in(audited, "admin")
    if lang == "en":
        english(audited)
    audit = Audit(audited)
    audit.check("users", "/admin/users")
    submit(audited.locator("main form.narrow button[type=submit]"))  # the new user, empty
    audit.check("users: a new user's errors")
    audit.check("organisation and reports", "/admin/organisation")
    audit.check("user guide: administrator", "/guide/admin")
    audit.check("user guide: index (tables)", "/guide/")
    audit.check("my assessments", "/assessments")
    audit.check("review queue", "/review")
    audit.check("approved assessments", "/approved")
    audit.check("audit trail", "/audit")
    audit.check("API tokens", "/account/tokens")
    audited.locator("main form.narrow input[type=text]").fill("Intégration continue")
    submit(audited.locator("main form.narrow button[type=submit]"))
    audit.check("API tokens: a new token shown once")
    audit.assert_clean()
