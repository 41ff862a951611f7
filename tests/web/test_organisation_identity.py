"""The organisation's logo and classification mention on its reports, and the cover's signature
block (issue 21, part 1): set by an administrator, re-encoded and bounded, printed on the cover
and every page of the reports laid out afterwards."""

from __future__ import annotations

import io
import re

import pytest
from PIL import Image
from pypdf import PdfReader

from riskassess.extensions import db
from riskassess.models import Assessment, AuditEvent, Organisation
from riskassess.reports import snapshot
from riskassess.services import organisation
from riskassess.services.reports import report_data
from riskassess.services.users import UserError
from tests.conftest import csrf_token, opinion_then_decision

MARK = "C2 – Interne"


def image(fmt: str = "JPEG", size: tuple[int, int] = (1600, 400)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, "#1d4e89").save(out, fmt)
    return out.getvalue()


def send(client, data: dict):
    return client.post("/admin/organisation", data={"csrf_token": csrf_token(client), **data},
                       content_type="multipart/form-data", follow_redirects=True)


def stored(in_app) -> tuple[bytes | None, str | None]:
    def load():
        org = db.session.scalar(db.select(Organisation).where(
            Organisation.name == "Démo Banque & Santé"))
        return org.logo, org.classification
    return in_app(load)


def test_the_admin_sets_the_logo_and_mention_and_reports_carry_them(as_role, demo, in_app):
    admin = as_role("admin")
    page = admin.get("/admin/organisation").get_data(as_text=True)
    assert "Pas encore de logo" in page and "Mention de classification" in page
    answer = send(admin, {"classification": f"  {MARK} ",
                          "logo": (io.BytesIO(image()), "logo.jpg")})
    text = answer.get_data(as_text=True)
    assert "dès leur prochaine mise en page" in text
    assert 'src="data:image/png;base64,' in text  # the preview
    logo, mention = stored(in_app)
    assert mention == MARK
    with Image.open(io.BytesIO(logo)) as kept:  # re-encoded as PNG within the box
        assert kept.format == "PNG"
        assert kept.size == (900, 225)
    actions = in_app(lambda: set(db.session.scalars(db.select(AuditEvent.action))))
    assert {"organisation.logo_changed", "organisation.classification_changed"} <= actions

    submitted = demo["assessments"]["submitted"]
    assert opinion_then_decision(admin, submitted).status_code == 302
    auditor = as_role("auditor")
    pdf = auditor.get(f"/assessments/{submitted}/report.pdf").data
    reader = PdfReader(io.BytesIO(pdf))
    cover = reader.pages[0]
    assert len(cover.images) == 1  # the logo
    cover_text = cover.extract_text()
    assert MARK in cover_text
    flat = re.sub(r"\s+", " ", cover_text)
    assert "Avis du délégué à la protection des données" in flat
    assert "Décision du responsable de traitement" in flat
    assert "Nom : Dominique Leroy" in flat and "Nom : Claude Durand" in flat
    assert "Avis : Favorable" in flat and "Décision : Approuvée" in flat
    assert flat.count("Signature") == 2
    # the mention at the top of every page after the cover
    assert all(MARK in page.extract_text() for page in reader.pages[1:])


def test_without_a_logo_the_cover_names_the_organisation_and_the_default_mention(
        as_role, demo, in_app):
    def cover(lang):
        assessment = db.session.get(Assessment, demo["assessments"]["submitted"])
        return report_data(assessment, lang)
    data = in_app(lambda: cover("fr"))
    assert data.logo is None and data.classification == "Diffusion restreinte"
    assert in_app(lambda: cover("en")).classification == "Restricted distribution"
    # the logo is layout, not content: the content fingerprint does not change with it
    admin = as_role("admin")
    send(admin, {"classification": "", "logo": (io.BytesIO(image("PNG")), "logo.png")})
    with_logo = in_app(lambda: cover("fr"))
    assert with_logo.logo and with_logo.fingerprint == data.fingerprint
    # and a report's snapshot for the worker carries it unchanged
    assert snapshot.decode(snapshot.encode(with_logo)).logo == with_logo.logo
    send(admin, {"classification": "", "remove_logo": "y"})
    assert stored(in_app) == (None, None)


def test_what_is_not_a_bounded_image_is_refused_and_nothing_changes(as_role, demo, in_app):
    admin = as_role("admin")
    refused = {
        "not an image": b"%PDF-1.7 not an image",
        "too many pixels": image("PNG", (8000, 8000)),  # 64 Mpx in a small file
        "a format not accepted": image("BMP", (40, 40)),
    }
    for why, data in refused.items():
        text = send(admin, {"classification": MARK,
                            "logo": (io.BytesIO(data), "logo.png")}).get_data(as_text=True)
        assert "Refusé" in text, why
        assert "le logo doit" in text, why
        assert stored(in_app)[0] is None, why
    # heavier than allowed (tried on the service: Werkzeug's test client leaves the
    # temporary file of a large request body open)
    heavy = b"\x89PNG" + b"\0" * organisation.MAX_LOGO_BYTES
    with pytest.raises(UserError) as refusal:
        organisation.normalised_logo(heavy)
    assert refusal.value.code == "logo_too_large"
    text = send(admin, {"classification": "x" * 121}).get_data(as_text=True)
    assert "120" in text and stored(in_app)[1] != "x" * 121


def test_measures_say_how_they_are_applied_or_that_nobody_said(in_app, demo):
    """The approved demo (bank fraud) describes some measures and not others."""
    def details():
        assessment = db.session.get(Assessment, demo["assessments"]["approved"])
        return report_data(assessment, "fr").risk_details
    lines = [answer for detail in in_app(details).values() for _m, answer in detail.measures]
    assert any(a.startswith("Existante — Bases et sauvegardes chiffrées (AES-256)")
               for a in lines)
    assert any(a == "Existante — sa mise en œuvre n’est pas décrite" for a in lines)
    assert not any("n’est pas décrite" in a for a in lines if a.startswith("Absente"))
