"""The register in spreadsheets: exported as XLSX and CSV (read back here), imported from
either with every problem shown by row and column before anything is written, then written
all together on confirmation."""

from __future__ import annotations

import csv
import io
import re

from openpyxl import Workbook, load_workbook

from riskassess.extensions import db
from riskassess.models import RegisterRecord
from tests.conftest import post

HEADERS = ["Type de fiche", "Nom du traitement", "Responsable de traitement (nom et coordonnées)",
           "Finalités", "Base légale", "Catégories de données personnelles",
           "Destinataires tiers", "Durées de conservation"]


def workbook(rows: list[list]) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(HEADERS)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def good_rows(count: int) -> list[list]:
    return [["Responsable de traitement", f"Traitement {i:02d}", "Démo Banque & Santé",
             f"Finalité {i}", "Intérêts légitimes (art. 6.1.f)", "Nom de famille; Email",
             "", "3 ans"] for i in range(count)]


def upload(client, data: bytes, name: str):
    return post(client, "/register/import", {"file": (io.BytesIO(data), name)})


def count(app) -> int:
    with app.app_context():
        found = db.session.query(RegisterRecord).count()
        db.session.remove()
        return found


def test_a_bad_row_is_shown_and_nothing_written_then_the_fixed_file_imports(as_role, demo,
                                                                             app):
    dpo = as_role("dpo")
    rows = good_rows(20)
    rows.insert(7, ["Responsable de traitement", "", "Démo", "", "Au feeling", "Nom de famille",
                    "", ""])  # row 9 of the sheet: no name, no purposes, an unknown basis
    response = upload(dpo, workbook(rows), "registre.xlsx")
    assert response.status_code == 422
    page = " ".join(response.get_data(as_text=True).split())
    problems = re.findall(r"<tr><td>(\d+)</td><td>([^<]+)</td><td>([^<]+)</td></tr>", page)
    assert sorted(problems) == [("9", "Base légale", "Ne fait pas partie des choix."),
                                ("9", "Finalités", "Obligatoire."),
                                ("9", "Nom du traitement", "Obligatoire.")]
    assert count(app) == 0
    del rows[7]
    response = upload(dpo, workbook(rows), "registre.xlsx")
    page = response.get_data(as_text=True)
    assert "20 fiches prêtes à importer" in page
    assert count(app) == 0  # nothing before confirmation
    token = re.search(r'name="token" value="([^"]+)"', page).group(1)
    done = post(dpo, "/register/import/confirm", {"token": token}, follow_redirects=True)
    assert "20 fiches importées." in done.get_data(as_text=True)
    assert count(app) == 20
    assert post(dpo, "/register/import/confirm", {"token": token}).status_code == 404  # once
    with app.app_context():
        record = db.session.query(RegisterRecord).filter_by(name="Traitement 03").one()
        assert record.values["legal_basis"] == "legitimate_interests"
        assert record.values["data_categories"] == ["last_name", "email"]
        db.session.remove()


def test_a_pending_import_is_its_author_s_only(as_role, demo, app):
    dpo = as_role("dpo")
    page = upload(dpo, workbook(good_rows(2)), "r.xlsx").get_data(as_text=True)
    token = re.search(r'name="token" value="([^"]+)"', page).group(1)
    admin = as_role("admin")
    assert post(admin, "/register/import/confirm", {"token": token}).status_code == 404
    assert count(app) == 0


def test_export_reads_back_and_csv_imports(as_role, demo, app):
    owner = as_role("owner")
    post(owner, "/register/new", {"kind": "controller", "name": "=HYPERLINK(\"x\")",
                                  "controller": "Démo", "purposes": "Paie",
                                  "legal_basis": "contract",
                                  "data_categories": ["last_name"]})
    book = load_workbook(io.BytesIO(owner.get("/register.xlsx").data))
    rows = list(book.active.iter_rows(values_only=True))
    assert rows[0][:2] == ("Type de fiche", "Nom du traitement")
    assert rows[1][1] == "'=HYPERLINK(\"x\")"  # inert in a spreadsheet
    assert "Exécution d’un contrat (art. 6.1.b)" in rows[1] and "Nom de famille" in rows[1]
    text = owner.get("/register.csv").get_data(as_text=True)
    lines = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert lines[1][1] == "'=HYPERLINK(\"x\")"
    # the exported CSV, renamed, imports as it is
    lines[1][1] = "Paie (copie)"
    out = io.StringIO()
    csv.writer(out, delimiter=";").writerows(lines)
    page = upload(owner, out.getvalue().encode(), "registre.csv").get_data(as_text=True)
    assert "1 fiche prête à importer" in page


def test_the_register_as_a_pdf_reads_back(as_role, demo):
    from pypdf import PdfReader

    owner = as_role("owner")
    post(owner, "/register/new", {"kind": "controller", "name": "Paie <b>& co</b>",
                                  "controller": "Démo", "purposes": "Payer les salaires",
                                  "data_categories": ["last_name", "health_data"]})
    response = owner.get("/register.pdf")
    assert response.mimetype == "application/pdf"
    text = " ".join("".join(page.extract_text() for page in PdfReader(
        io.BytesIO(response.data)).pages).split())
    assert "Registre des activités de traitement" in text
    assert "Paie <b>& co</b>" in text  # escaped, printed as typed
    assert "Payer les salaires" in text and "(sensible)" in text
