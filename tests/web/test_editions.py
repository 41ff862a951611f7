"""The report's Word and OpenDocument editions: working copies with the same headings as the
PDF (its bookmarks), its tables, the risk map and pillar chart as images and the annex,
French and English, opened and read back with python-docx and odfpy."""

from __future__ import annotations

import io
import zipfile

import pytest
from docx import Document
from odf import draw, table, teletype, text
from odf.opendocument import load
from pypdf import PdfReader

from riskassess.extensions import db
from riskassess.models import Assessment
from riskassess.services.reports import render_pdf

WORKING_COPY = {"fr": "Copie de travail", "en": "Working copy"}


def outline_titles(pdf: bytes) -> list[str]:
    def walk(items):
        for item in items:
            if isinstance(item, list):
                yield from walk(item)
            else:
                yield item.title
    return list(walk(PdfReader(io.BytesIO(pdf)).outline))


def docx_read(data: bytes):
    document = Document(io.BytesIO(data))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    words = "\n".join([p.text for p in document.paragraphs]
                      + [c.text for t in document.tables for r in t.rows for c in r.cells])
    return headings, words, len(document.tables), len(document.inline_shapes)


def odt_read(data: bytes):
    document = load(io.BytesIO(data))
    headings = [teletype.extractText(h) for h in document.getElementsByType(text.H)]
    words = "\n".join(teletype.extractText(e) for e in document.getElementsByType(text.P))
    return (headings, words, len(document.getElementsByType(table.Table)),
            len(document.getElementsByType(draw.Image)))


@pytest.mark.parametrize("lang", ["fr", "en"])
@pytest.mark.parametrize("kind", ["docx", "odt"])
def test_editions_have_the_pdfs_sections_tables_figures_and_annex(as_role, demo, in_app,
                                                                   kind, lang):
    approved = demo["assessments"]["approved"]
    auditor = as_role("auditor")
    response = auditor.get(f"/assessments/{approved}/report.{kind}?lang={lang}")
    assert response.status_code == 200
    assert zipfile.is_zipfile(io.BytesIO(response.data))  # both formats are zip packages
    pdf = in_app(lambda: render_pdf(db.session.get(Assessment, approved), lang))
    expected = outline_titles(pdf)
    headings, words, tables, images = (docx_read if kind == "docx" else odt_read)(
        response.data)
    assert headings == expected[:len(headings)] and len(headings) == len(expected)
    assert words.lstrip().startswith(WORKING_COPY[lang])
    # the risk map (in the summary and in section 3) and the pillar chart
    assert tables >= 5 and images == 3
    pdf_text = " ".join("".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
                        .split())
    answers = in_app(lambda: db.session.get(Assessment, approved).answer_values())
    processing = answers["ctx_processing"]  # a free-text answer, in the annex of both
    assert processing[:60] in words and processing[:60] in pdf_text


def test_user_text_stays_text_in_the_editions(as_role, in_app, demo):
    from tests.web.test_owner import create

    owner = as_role("owner")
    assessment_id = create(owner, title='Scoring <b>gras</b> & "{ DATE }" =1+1')
    for kind, read in (("docx", docx_read), ("odt", odt_read)):
        response = owner.get(f"/assessments/{assessment_id}/report.{kind}")
        assert response.status_code == 200
        words = read(response.data)[1]
        assert 'Scoring <b>gras</b> & "{ DATE }" =1+1' in words


def test_editions_follow_the_view_permission(client, demo, other_org):
    from tests.conftest import login

    approved = demo["assessments"]["approved"]
    login(client, "dpo@other.test")  # another organisation's DPO
    for kind in ("docx", "odt"):
        assert client.get(f"/assessments/{approved}/report.{kind}").status_code == 404
    assert client.get(f"/assessments/{approved}/report.pdf2").status_code == 404


@pytest.mark.parametrize("kind", ["docx", "odt"])
def test_the_editions_cover_carries_the_logo_and_the_mention_as_words(as_role, demo, kind):
    """The cover's masthead is a table holding the logo (an image) and the mention (a table):
    the editions show the logo as a picture and the mention as its words, never the layout
    objects' names."""
    from tests.web.test_organisation_identity import image, send

    approved = demo["assessments"]["approved"]
    read = docx_read if kind == "docx" else odt_read
    auditor = as_role("auditor")
    _headings, words, _tables, images = read(
        auditor.get(f"/assessments/{approved}/report.{kind}").data)
    assert "Démo Banque & Santé" in words and "Diffusion restreinte" in words
    assert images == 3 and not any(name in words for name in ("Table(", "Image(", "Paragraph("))
    assert send(as_role("admin"), {"classification": "C2 – Interne",
                                   "logo": (io.BytesIO(image("PNG")), "logo.png")}
                ).status_code == 200
    _headings, words, _tables, images = read(
        as_role("auditor").get(f"/assessments/{approved}/report.{kind}").data)
    assert "C2 – Interne" in words and images == 4  # the logo, and the three figures
    assert not any(name in words for name in ("Table(", "Image(", "Paragraph("))
