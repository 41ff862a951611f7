"""The dashboard: what each role may see of the organisation, every figure a link to the list
it counts, and the periodic review date set at decision."""

from __future__ import annotations

import re
from datetime import date, timedelta

from riskassess.core.periodic_review import review_date_by_default
from riskassess.extensions import db
from riskassess.models import Assessment
from tests.conftest import give_opinion, post
from tests.web.test_list_filters import titles
from tests.web.test_owner import create, save


def bars(page: str) -> dict[str, int]:
    """Each bar of the charts: its link → its figure."""
    return {href.replace("&amp;", "&"): int(count) for href, count in re.findall(
        r'<g role="listitem"><a href="([^"]+)"[^>]*>.*?class="bar-count">(\d+)</text>', page,
        re.S)}


def test_each_role_sees_its_share_and_every_bar_leads_to_its_list(as_role, demo):
    dpo = as_role("dpo")
    page = dpo.get("/dashboard").get_data(as_text=True)
    counted = bars(page)
    # the demo has one assessment in each of these states, and one draft the DPO cannot open
    assert {k: v for k, v in counted.items() if "status=" in k} == {
        "/assessments?status=submitted": 1, "/assessments?status=changes_requested": 1,
        "/assessments?status=approved": 1}
    assert "1 brouillon en cours" in page
    assert "Maintenance prédictive des équipements<" not in page  # counted, never named
    for href, count in counted.items():  # each figure is what its list shows
        assert len(titles(dpo.get(href).get_data(as_text=True))) == count, href
    auditor = as_role("auditor")
    page = auditor.get("/dashboard").get_data(as_text=True)
    assert {k: v for k, v in bars(page).items() if "status=" in k} == {
        "/assessments?status=approved": 1}
    assert "Tri automatisé des candidatures" not in page
    assert "Recommandations personnalisées en magasin" not in page
    assert as_role("owner").get("/dashboard").status_code == 403


def test_waiting_lists_who_acts_next(as_role, demo):
    page = as_role("dpo").get("/dashboard").get_data(as_text=True)
    waiting = " ".join(page.split('id="waiting"')[1].split("</section>")[0].split())
    assert "Recommandations personnalisées en magasin</a> — Soumise pour revue — attend le " \
        "DPO depuis le" in waiting, waiting
    assert "Tri automatisé des candidatures</a> — Modifications demandées — attend le porteur" \
        in waiting


def test_late_actions_count_on_the_dashboard_and_filter_the_list(as_role, demo):
    owner = as_role("owner")
    assessment_id = create(owner, title="Téléconsultation")
    yesterday = (date.today() - timedelta(days=1)).isoformat()
    assert save(owner, assessment_id, "security", {
        "sec_encryption_at_rest__status": "planned", "sec_encryption_at_rest__owner": "RSSI",
        "sec_encryption_at_rest__due": yesterday}).status_code == 302
    admin = as_role("admin")  # the administrator sees drafts too
    page = admin.get("/dashboard").get_data(as_text=True)
    assert re.search(r"<strong>1</strong> analyse avec des actions en retard", page)
    assert "Téléconsultation</a> — 1 action ouverte" in page
    assert titles(admin.get("/assessments?actions=late").get_data(as_text=True)) == [
        "Téléconsultation"]
    dpo = as_role("dpo")  # a draft: not the DPO's to see
    assert "Téléconsultation" not in dpo.get("/dashboard").get_data(as_text=True)


def test_the_decision_sets_the_next_review_in_three_years_or_when_chosen(as_role, demo, app):
    submitted = demo["assessments"]["submitted"]
    dpo = as_role("dpo")
    give_opinion(dpo, submitted, "Avis favorable.", "favourable")
    decider = as_role("decider")
    past = post(decider, f"/assessments/{submitted}/decision", {
        "action": "approve", "text": "", "review_on": "2020-01-01"}, follow_redirects=True)
    assert "La date du prochain réexamen doit être dans le futur" in past.get_data(as_text=True)
    soon = date.today() + timedelta(days=30)
    post(decider, f"/assessments/{submitted}/decision", {
        "action": "approve", "text": "", "review_on": soon.isoformat()})
    with app.app_context():
        assert db.session.get(Assessment, submitted).review_due_on == soon
        assert db.session.get(Assessment, demo["assessments"]["approved"]).review_due_on == \
            review_date_by_default(db.session.get(Assessment, demo["assessments"]["approved"])
                                   .decided_at.date())
        db.session.remove()
    auditor = as_role("auditor")
    page = auditor.get("/dashboard").get_data(as_text=True)
    assert re.search(r"<strong>1</strong> à réexaminer", page)
    assert titles(auditor.get("/assessments?review=due").get_data(as_text=True)) == [
        "Recommandations personnalisées en magasin"]


def test_three_years_by_default_even_from_a_29th_of_february():
    assert review_date_by_default(date(2027, 5, 4)) == date(2030, 5, 4)
    assert review_date_by_default(date(2028, 2, 29)) == date(2031, 2, 28)
