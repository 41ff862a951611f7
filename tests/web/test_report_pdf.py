"""The AIPD report read back: every section, every answer (accented and very long ones), the
annex's markers, the fingerprint, embedded DejaVu fonts, pages rendered by pdftoppm (none
blank), French and English editions, determinism, and the auditors' ZIP with its manifest."""

from __future__ import annotations

import hashlib
import io
import json
import re
import subprocess
import zipfile

import pytest
from pypdf import PdfReader

from riskassess.core.answers import UNKNOWN, is_empty, visible_answers
from riskassess.extensions import db
from riskassess.models import Assessment
from tests.conftest import opinion_then_decision, post

ACCENTS = "L’équipe « Œuvre & Cie » facture 12 € ; cœur, naïveté, Ærø, déjà-vu, “quotes”."
WORDS = ("confidentialité", "traçabilité", "pseudonymisation", "sécurité", "intégrité",
         "disponibilité", "œuvre", "€", "minimisation", "proportionnalité")
# About 12 000 characters: several pages of one answer, with a 300-character unbroken token.
LONG = " ".join(f"{WORDS[i % len(WORDS)]}-{i}" for i in range(800)) + " " + "x" * 300
SECTIONS_FR = ["Synthèse", "1. Contexte", "2. Principes fondamentaux", "3. Risques",
               "Cartographie des risques", "4. Éthique et éléments issus des données",
               "5. Plan d’action", "6. Avis et validation", "Validation",
               "Annexe : toutes les questions et réponses"]
SECTIONS_EN = ["Executive summary", "1. Context", "2. Fundamental principles", "3. Risks",
               "Risk map", "4. Ethics and evidence from data", "5. Action plan",
               "6. Opinions and validation", "Validation", "Annex: every question and answer"]


def squash(text: str) -> str:
    """Text without whitespace: line breaks and wrapping differ between layout and source."""
    return re.sub(r"\s+", "", text)


# the running header, the classification mention (top right) and the page number
FURNITURE = re.compile(r"^(riskassess — .*|Diffusion restreinte|Restricted distribution"
                       r"|Page \d+ (sur|of) \d+)$")


def pdf_text(pdf: bytes) -> str:
    """The text of every page without its running header and footer, so that what flows
    across a page break reads as one."""
    lines = []
    for page in PdfReader(io.BytesIO(pdf)).pages:
        lines += [line for line in page.extract_text().splitlines()
                  if not FURNITURE.match(line.strip())]
    return "\n".join(lines)


@pytest.fixture
def approved_with_edge_cases(demo, as_role, in_app):
    """The submitted demo assessment with a very long accented answer and an "I don't know",
    then approved by the DPO (which stores the French and English reports)."""
    from riskassess.services.assessments import store_answers
    from riskassess.services.catalogue import questionnaire_for

    assessment_id = demo["assessments"]["submitted"]

    def prepare():
        assessment = db.session.get(Assessment, assessment_id)
        questionnaire = questionnaire_for(assessment)
        answers = assessment.answer_values()
        counted = visible_answers(questionnaire, answers)
        unknown = next(q for q in questionnaire.questions
                       if q.allows_unknown and q.id in counted and q.id != "ctx_processing")
        store_answers(assessment, {"ctx_processing": LONG, "ctx_standards": ACCENTS,
                                   unknown.id: UNKNOWN})
        db.session.commit()
        return unknown.id

    unknown_id = in_app(prepare)
    opinion_then_decision(as_role("dpo"), assessment_id,
                          "Avis favorable — « mesures suffisantes ».")
    return assessment_id, unknown_id


def _expected(in_app, assessment_id, lang):
    """The report data: every answer text and state the PDF must show."""
    from riskassess.services.reports import report_data

    def load():
        data = report_data(db.session.get(Assessment, assessment_id), lang)
        return data, db.session.get(Assessment, assessment_id).report_in(lang).pdf

    return in_app(load)


def test_every_section_answer_marker_and_fingerprint_is_in_the_french_report(
        approved_with_edge_cases, in_app):
    assessment_id, _ = approved_with_edge_cases
    data, pdf = _expected(in_app, assessment_id, "fr")
    text = pdf_text(pdf)
    flat = squash(text)
    for heading in SECTIONS_FR:
        assert heading in text, heading
    assert data.fingerprint and data.fingerprint in text
    assert squash(LONG) in flat  # the whole long answer, across pages, nothing clipped
    assert flat.count(squash(LONG)) == 1  # laid out once: the annex does not repeat section 1
    assert flat.count(squash(ACCENTS)) == 1
    assert squash(ACCENTS) in flat
    states = {item.state for s in data.sections for item in s.items}
    assert states == {"answered", "unknown", "unanswered", "not_applicable"}
    for section in data.sections:
        assert squash(section.title) in flat
        for item in section.items:
            assert squash(item.question) in flat, item.question
            if not is_empty(item.answer):
                assert squash(item.answer) in flat, item.answer[:80]
    for marker in ("[Inconnu]", "[Sans réponse]", "[Sans objet]"):
        assert marker in text
    for risk in data.profile.risks.risks:
        assert squash(risk.title.get("fr")) in flat
    assert "Avis favorable — « mesures suffisantes »." in text


def test_english_edition_is_stored_beside_the_french_one(approved_with_edge_cases, in_app,
                                                         as_role):
    assessment_id, _ = approved_with_edge_cases
    data, pdf = _expected(in_app, assessment_id, "en")
    text = pdf_text(pdf)
    for heading in SECTIONS_EN:
        assert heading in text, heading
    for marker in ("[Unknown]", "[Unanswered]", "[Not applicable]"):
        assert marker in text
    assert data.fingerprint in text
    auditor = as_role("auditor")
    english = auditor.get(f"/assessments/{assessment_id}/report.pdf?lang=en")
    assert english.status_code == 200 and english.data == pdf
    assert english.headers["X-Report-SHA256"] == hashlib.sha256(pdf).hexdigest()
    french = auditor.get(f"/assessments/{assessment_id}/report.pdf")
    assert french.data != pdf and "1. Contexte" in pdf_text(french.data)
    assert auditor.get(f"/assessments/{assessment_id}/report.pdf?lang=de").status_code == 404
    page = auditor.get(f"/assessments/{assessment_id}").get_data(as_text=True)
    assert f"/assessments/{assessment_id}/report.pdf?lang=en" in page


def test_fonts_are_embedded_dejavu(approved_with_edge_cases, in_app):
    assessment_id, _ = approved_with_edge_cases
    _, pdf = _expected(in_app, assessment_id, "fr")
    fonts = set()
    for page in PdfReader(io.BytesIO(pdf)).pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"] \
                if "/DescendantFonts" in font else font.get("/FontDescriptor")
            embedded = descriptor is not None and "/FontFile2" in descriptor.get_object()
            fonts.add((str(font["/BaseFont"]).split("+")[-1], embedded))
    names = {name for name, _ in fonts}
    assert {"DejaVuSans", "DejaVuSans-Bold", "DejaVuSansMono"} <= names
    assert all(embedded for _, embedded in fonts), fonts  # no Helvetica fallback anywhere


def _ink(pgm: bytes) -> float:
    """Share of dark pixels in the body of a page (header and footer bands left out)."""
    header, _, rest = pgm.partition(b"\n")
    assert header == b"P5"
    dims, _, rest = rest.partition(b"\n")
    width, height = (int(n) for n in dims.split())
    _maxval, _, pixels = rest.partition(b"\n")
    band = height // 12
    body = pixels[band * width:(height - band) * width]
    return sum(1 for value in body if value < 128) / len(body)


def test_pdftoppm_renders_every_page_and_none_is_blank(approved_with_edge_cases, in_app,
                                                       tmp_path):
    assessment_id, _ = approved_with_edge_cases
    _, pdf = _expected(in_app, assessment_id, "fr")
    source = tmp_path / "report.pdf"
    source.write_bytes(pdf)
    subprocess.run(["pdftoppm", "-r", "30", "-gray", str(source), str(tmp_path / "page")],
                   check=True, capture_output=True)
    pages = sorted(tmp_path.glob("page-*.pgm"))
    assert len(pages) == len(PdfReader(io.BytesIO(pdf)).pages) > 20
    # a blank body measures 0 (header and footer are left out); the last three rows of the
    # action plan's table, alone on their page, measure 0.0015 at this resolution
    for image in pages:
        assert _ink(image.read_bytes()) > 0.0005, f"{image.name} is blank"


def test_same_data_gives_the_same_bytes_in_both_languages(approved_with_edge_cases, in_app):
    from riskassess.services.reports import render_pdf

    assessment_id, _ = approved_with_edge_cases

    def again():
        assessment = db.session.get(Assessment, assessment_id)
        return {lang: (render_pdf(assessment, lang), assessment.report_in(lang).pdf)
                for lang in ("fr", "en")}

    for lang, (rendered, stored) in in_app(again).items():
        assert rendered == stored, lang


def test_auditors_zip_holds_every_report_with_a_manifest(approved_with_edge_cases, as_role,
                                                         demo, in_app):
    auditor = as_role("auditor")
    with auditor.get("/approved/reports.zip") as response:
        assert response.status_code == 200
        assert response.mimetype == "application/zip"
        archive = zipfile.ZipFile(io.BytesIO(response.data))
    manifest = json.loads(archive.read("manifest.json"))
    assert manifest["format"] == "riskassess-report-archive/1"
    entries = manifest["reports"]
    # the demo's approved assessment and the one approved above, each in French and English
    assert sorted((e["assessment_id"], e["lang"]) for e in entries) == sorted(
        (a, lang) for a in (demo["assessments"]["approved"], approved_with_edge_cases[0])
        for lang in ("fr", "en"))
    sums = archive.read("SHA256SUMS").decode().splitlines()
    assert len(sums) == len(entries)
    for entry, line in zip(entries, sums, strict=True):
        data = archive.read(entry["file"])
        assert hashlib.sha256(data).hexdigest() == entry["sha256"]
        assert line == f"{entry['sha256']}  {entry['file']}"
        # each file is, byte for byte, a report the verification page recognises
        check = post(auditor, "/verify-report", {"report": (io.BytesIO(data), "r.pdf")},
                     content_type="multipart/form-data")
        assert "Rapport approuvé non modifié" in check.get_data(as_text=True)
    page = auditor.get("/approved").get_data(as_text=True)
    assert "/approved/reports.zip" in page


def test_sha256sums_checks_with_coreutils(approved_with_edge_cases, as_role, tmp_path):
    with as_role("auditor").get("/approved/reports.zip") as response:
        archive = zipfile.ZipFile(io.BytesIO(response.data))
    archive.extractall(tmp_path)
    result = subprocess.run(["sha256sum", "-c", "SHA256SUMS"], cwd=tmp_path, capture_output=True,
                            text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.count(": OK") == 4


def test_dates_and_numbers_are_written_as_each_edition_s_reader_writes_them(
        demo, as_role, in_app):
    """Issue 21: « 4 décembre 2026, 13:05 UTC » / "4 December 2026, 13:05 UTC", never ISO;
    a due date as « 15 janv. 2027 » / "15 Jan 2027", in one piece."""
    from riskassess.services.assessments import store_answers
    from riskassess.services.catalogue import questionnaire_for

    assessment_id = demo["assessments"]["submitted"]

    def plan_a_measure():
        assessment = db.session.get(Assessment, assessment_id)
        counted = visible_answers(questionnaire_for(assessment), assessment.answer_values())
        measure = next(q for q in questionnaire_for(assessment).questions
                       if q.type == "measure" and q.id in counted)
        store_answers(assessment, {measure.id: {"status": "planned", "owner": "RSSI",
                                                "due": "2027-01-15"}})
        db.session.commit()

    in_app(plan_a_measure)
    opinion_then_decision(as_role("dpo"), assessment_id)

    def load():
        assessment = db.session.get(Assessment, assessment_id)
        return assessment.decided_at, {lang: assessment.report_in(lang).pdf
                                       for lang in ("fr", "en")}

    decided, pdfs = in_app(load)
    months = {"fr": ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
                     "septembre", "octobre", "novembre", "décembre"],
              "en": ["January", "February", "March", "April", "May", "June", "July",
                     "August", "September", "October", "November", "December"]}
    for lang, pdf in pdfs.items():
        text = " ".join(pdf_text(pdf).split())  # non-breaking spaces read as spaces
        day = f"{decided.day} {months[lang][decided.month - 1]} {decided.year}"
        assert f"{day}, {decided:%H:%M} UTC" in text, lang
        assert decided.strftime("%Y-%m-%d") not in text
        assert ("15 janv. 2027" if lang == "fr" else "15 Jan 2027") in text, lang
        assert "2027-01-15" not in text, lang


def test_the_validation_table_says_when_the_owner_submitted_and_the_cover_how_to_verify(
        demo, in_app):
    from riskassess.services.reports import render_pdf

    def load(status):
        assessment = db.session.get(Assessment, demo["assessments"][status])
        return assessment.submitted_at, pdf_text(render_pdf(assessment, "fr"))

    submitted_at, submitted = in_app(lambda: load("submitted"))
    _never, draft = in_app(lambda: load("draft"))
    months = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
              "septembre", "octobre", "novembre", "décembre"]
    submitted, draft = " ".join(submitted.split()), " ".join(draft.split())
    when = f"{submitted_at.day} {months[submitted_at.month - 1]} {submitted_at.year}"
    assert re.search(r"Porteur de projet Camille Martin Soumise " + when, submitted)
    assert re.search(r"Porteur de projet Camille Martin Pas encore soumise —", draft)
    # the cover names both fingerprints and says how to check a copy
    assert "Comment vérifier ce rapport Deux empreintes le protègent." in submitted
    assert "Le SHA-256 du fichier ne peut pas être imprimé dans le fichier" in submitted


def test_the_summary_gives_the_verdicts_before_the_reasons(demo, in_app):
    """Issue 21: a decider reads the three verdicts, the risks and the actions first; the
    screening's long reasons come after them."""
    from riskassess.services.reports import render_pdf

    text = " ".join(pdf_text(in_app(lambda: render_pdf(
        db.session.get(Assessment, demo["assessments"]["approved"]), "fr"))).split())
    start = text.index("Synthèse Pré-analyse AIPD")  # after the contents' lines
    summary = text[start:text.index("1. Contexte", start)]
    order = [summary.index(part) for part in (
        "Pré-analyse AIPD AIPD obligatoire", "Règlement européen sur l’IA",
        "Conclusion (risques résiduels)", "Principaux risques résiduels", "Actions clés",
        "Pourquoi ces conclusions", "lignes directrices WP248")]
    assert order == sorted(order)


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_action_plan_never_breaks_a_due_date_or_a_status_inside_its_cell(in_app, demo, lang):
    """Issue 21: « 31 mars 2 / 027 » and « Suggéré / e » were split across two lines of their
    cells. Each due date and status of the demo's plans (planned ones with dates on the
    approved assessment, suggested ones on the submitted one) reads whole on one line."""
    from flask_babel import force_locale
    from flask_babel import gettext as _

    from riskassess.reports.numbers import day
    from riskassess.reports.pdf import build_pdf
    from riskassess.services.reports import report_data

    def laid_out(status):
        data = report_data(db.session.get(Assessment, demo["assessments"][status]), lang)
        with force_locale(lang):
            words = {day(a.due, lang) for a in data.profile.action_plan if a.due}
            words |= {_("Planned") if a.status == "planned" else _("Suggested")
                      for a in data.profile.action_plan}
            return words, build_pdf(data)

    for status in ("approved", "submitted"):
        words, pdf = in_app(lambda status=status: laid_out(status))
        pages = [page.extract_text().replace("\u00a0", " ") for page in PdfReader(
            io.BytesIO(pdf)).pages]
        plan = "\n".join(text for text in pages if "Échéance" in text or "Due date" in text)
        lines = plan.splitlines()
        assert words and plan
        for word in words:
            assert any(word.replace("\u00a0", " ") in line for line in lines), (status, word)


def test_every_text_a_person_wrote_is_laid_out_once(demo, in_app):
    """Issue 20, goal 1: the report's time grows with its content only if no text is laid out
    several times. A line added to every free-text answer and measure description of the
    approved demo shows exactly once in the edition (places that repeat an answer, such as a
    measure under each risk it addresses, print its first line only)."""
    from riskassess.services.catalogue import questionnaire_for
    from riskassess.services.reports import render_pdf

    def rendered() -> tuple[str, list[str]]:
        assessment = db.session.get(Assessment, demo["assessments"]["approved"])
        kinds = {q.id: q.kind for q in questionnaire_for(assessment).questions}
        markers = []
        for answer in assessment.answers:  # changed in this session only, never committed
            kind, value, marker = kinds.get(answer.question_id), answer.value, \
                f"Repère{len(markers):03d}unique"
            if kind is not None and kind.free_text and isinstance(value, str) and value:
                answer.value = f"{value}\n{marker}"
            elif kind is not None and kind.measure and isinstance(value, dict) \
                    and value.get("description"):
                answer.value = {**value, "description": f"{value['description']}\n{marker}"}
            else:
                continue
            markers.append(marker)
        pdf = render_pdf(assessment, "fr")
        db.session.rollback()
        return "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages), \
            markers

    text, markers = in_app(rendered)
    assert len(markers) >= 10
    assert {m: squash(text).count(m) for m in markers} == {m: 1 for m in markers}
