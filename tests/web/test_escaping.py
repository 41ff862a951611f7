"""Script and markup typed into every free-text field come out escaped, in HTML and in PDF."""

from __future__ import annotations

import io

from pypdf import PdfReader

from tests.conftest import decide_as, give_opinion, invite_and_accept, login, post, switch_to
from tests.helpers import required_form_data
from tests.web.test_owner import save, stored

PAYLOAD = '<script>alert("x")</script><img src=x onerror=alert(1)><b>gras</b> & «»'
ESCAPED = "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;"


def assert_escaped(page: str, where: str, shown: bool = True) -> None:
    assert "<script>alert" not in page, where
    assert "<img src=x" not in page, where
    if shown:
        assert "&lt;script&gt;" in page, where


def test_payloads_are_escaped_everywhere(client, demo, app, smtp):
    login(client, "admin@demo.riskassess.test")
    post(client, "/admin/users", {"email": "pending@demo.riskassess.test", "name": PAYLOAD,
                                  "role": "owner"})  # the list of invitations shows it
    assert_escaped(client.get("/admin/users").get_data(as_text=True), "admin invitations")
    invite_and_accept(client, smtp, "xss@demo.riskassess.test", PAYLOAD, "owner",
                      "une-phrase-solide")
    assert_escaped(client.get("/admin/users").get_data(as_text=True), "admin users")
    post(client, "/logout")

    login(client, "owner@demo.riskassess.test")
    response = post(client, "/assessments/new", {"title": PAYLOAD, "description": PAYLOAD,
                                                 "sector": "other"})
    assessment_id = int(response.headers["Location"].split("/")[2])
    post(client, f"/assessments/{assessment_id}/coauthors", {"email": "xss@demo.riskassess.test"})
    free_text = {"ctx_processing": PAYLOAD, "ctx_purposes": PAYLOAD, "ctx_controller": PAYLOAD,
                 "ctx_processors": PAYLOAD, "ctx_standards": PAYLOAD, "ctx_lifecycle": PAYLOAD,
                 "ctx_sector": "other"}
    assert save(client, assessment_id, "context", free_text).status_code == 302
    assert save(client, assessment_id, "security", {
        "sec_encryption_at_rest__status": "planned", "sec_encryption_at_rest__owner": PAYLOAD,
        "sec_encryption_at_rest__due": "2027-01-31"}).status_code == 302
    sample = f"nom,{PAYLOAD.replace(',', ' ')}\nA,1\nB,2\n".encode()
    post(client, f"/assessments/{assessment_id}/evidence/reidentification",
         {"sample": (io.BytesIO(sample), "<b>x</b>.csv")}, content_type="multipart/form-data")
    with app.app_context():
        from riskassess.services.catalogue import default_questionnaire

        plan = required_form_data(default_questionnaire(), stored(app, assessment_id))
    for module_id, data in plan.items():
        save(client, assessment_id, module_id, data)
    for url in ("", "/modules/context", "/modules/security", "/summary", "/action-plan",
                "/evidence"):
        assert_escaped(client.get(f"/assessments/{assessment_id}{url}").get_data(as_text=True),
                       url or "show")
    assert_escaped(client.get("/assessments").get_data(as_text=True), "list")
    post(client, f"/assessments/{assessment_id}/submit")
    post(client, "/logout")

    login(client, "dpo@demo.riskassess.test")
    assert_escaped(client.get("/review").get_data(as_text=True), "review queue")
    give_opinion(client, assessment_id, PAYLOAD)
    switch_to(client, "decider")
    decide_as(client, assessment_id, "approve_with_conditions", PAYLOAD)
    assert_escaped(client.get(f"/assessments/{assessment_id}").get_data(as_text=True),
                   "approved page with opinion")
    # the audit details are JSON, where < is written \u003c
    assert_escaped(client.get("/audit").get_data(as_text=True), "audit trail", shown=False)
    pdf = client.get(f"/assessments/{assessment_id}/report.pdf").data
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    flat = " ".join(text.split())
    assert '<script>alert("x")</script>' in flat  # shown literally, not interpreted
    assert "<b>gras</b>" in flat
    assert ESCAPED not in flat  # and not double-escaped either
