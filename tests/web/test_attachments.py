"""Evidence files: type read from the content, size bounded, SHA-256 on arrival, stored in the
database; downloaded as stored; removed only while their revision is edited; frozen with the
approved version, listed with their hashes in the report, carried by the auditors' archive."""

from __future__ import annotations

import hashlib
import io
import re
import zipfile

from pypdf import PdfReader

from riskassess.extensions import db
from riskassess.models import Assessment, AuditEvent
from tests.conftest import opinion_then_decision, post

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def docx() -> bytes:
    """The smallest file a Word document's signature is read from."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<document/>")
    return buffer.getvalue()


DOCX = docx()


def upload(client, assessment_id, data: bytes, name: str, **fields):
    return post(client, f"/assessments/{assessment_id}/files",
                {"file": (io.BytesIO(data), name), **fields}, follow_redirects=True)


def test_accepted_kinds_are_told_by_content_and_hashed(as_role, demo, app):
    owner = as_role("owner")
    draft = demo["assessments"]["draft"]
    for data, name in ((PDF, "contrat.pdf"), (DOCX, "analyse.docx"),
                       ("Note d’information : durée de conservation 3 ans.\n".encode(),
                        "notice.txt")):
        page = upload(owner, draft, data, name, note="Preuve").get_data(as_text=True)
        assert f"Fichier ajouté\u00a0: {name} (SHA-256 {hashlib.sha256(data).hexdigest()[:16]}" \
            in page
    page = owner.get(f"/assessments/{draft}").get_data(as_text=True)
    files = page.split('id="files"')[1].split("</section>")[0]
    for data in (PDF, DOCX):
        assert hashlib.sha256(data).hexdigest() in files
    with app.app_context():
        stored = db.session.get(Assessment, draft).files
        assert [(f.name, f.family) for f in stored] == [
            ("contrat.pdf", "pdf"), ("analyse.docx", "office"), ("notice.txt", "text")]
        assert db.session.query(AuditEvent).filter_by(action="evidence_file.added").count() == 3
        first = stored[0].id
        db.session.remove()
    response = owner.get(f"/assessments/{draft}/files/{first}")
    assert response.data == PDF
    assert response.headers["X-File-SHA256"] == hashlib.sha256(PDF).hexdigest()
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "attachment" in response.headers["Content-Disposition"]


def test_refused_files_say_why_and_store_nothing(as_role, demo, app):
    owner = as_role("owner")
    draft = demo["assessments"]["draft"]
    exe = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 200
    page = upload(owner, draft, exe, "rapport.pdf").get_data(as_text=True)  # a name that lies
    assert "Ce type de fichier n’est pas accepté (il ressemble à application/x-msdownload)." \
        in page
    page = upload(owner, draft, b"\x00\x01binary\xff", "data.bin").get_data(as_text=True)
    assert "Ce type de fichier n’est pas accepté." in page
    assert "Ce fichier est vide" in upload(owner, draft, b"", "vide.txt").get_data(as_text=True)
    app.config["EVIDENCE_MAX_BYTES"] = 1024
    try:
        page = upload(owner, draft, PDF + b" " * 2048, "gros.pdf").get_data(as_text=True)
    finally:
        app.config["EVIDENCE_MAX_BYTES"] = 10 * 1024 * 1024
    assert "Ce fichier dépasse 1\u00a0ko\u00a0: il n’a pas été ajouté." in page
    page = upload(owner, draft, PDF, "x.pdf", question_id="no_such_question")
    assert "Cette question ne fait pas partie de l’analyse." in page.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Assessment, draft).files == []
        db.session.remove()


def test_only_authors_add_and_remove_while_editing(as_role, demo, app):
    owner = as_role("owner")
    draft = demo["assessments"]["draft"]
    upload(owner, draft, PDF, "contrat.pdf", question_id="sec_encryption_at_rest")
    with app.app_context():
        file_id = db.session.get(Assessment, draft).files[0].id
        db.session.remove()
    page = owner.get(f"/assessments/{draft}").get_data(as_text=True)
    assert "Chiffrement" in page.split('id="files"')[1].split("</table>")[0]  # its question
    submitted = demo["assessments"]["submitted"]
    dpo = as_role("dpo")
    assert upload(dpo, submitted, PDF, "avis.pdf").status_code == 403
    assert dpo.get(f"/assessments/{draft}/files/{file_id}").status_code == 404  # a draft
    owner = as_role("owner")
    response = post(owner, f"/assessments/{draft}/files/{file_id}/delete", {},
                    follow_redirects=True)
    assert "Fichier retiré\u00a0: contrat.pdf." in response.get_data(as_text=True)


def test_approval_freezes_the_files_the_report_and_archive_carry_them(as_role, demo, app):
    submitted = demo["assessments"]["submitted"]
    owner = as_role("owner")
    # sent back so that the owner can add a file, then resubmitted
    dpo = as_role("dpo")
    post(dpo, f"/assessments/{submitted}/opinion",
         {"action": "request_changes", "text": "Joignez le contrat."})
    owner = as_role("owner")
    upload(owner, submitted, PDF, "contrat sous-traitant.pdf")
    assert post(owner, f"/assessments/{submitted}/submit", {}).status_code == 302
    opinion_then_decision(owner, submitted)
    digest = hashlib.sha256(PDF).hexdigest()
    with app.app_context():
        assessment = db.session.get(Assessment, submitted)
        assert assessment.status == "approved"
        frozen = assessment.versions[-1].review["evidence_files"]
        assert [(f["name"], f["sha256"]) for f in frozen] == [("contrat sous-traitant.pdf",
                                                               digest)]
        file_id = assessment.files[0].id
        db.session.remove()
    owner = as_role("owner")
    assert post(owner, f"/assessments/{submitted}/files/{file_id}/delete",
                {}).status_code == 403
    auditor = as_role("auditor")
    report = auditor.get(f"/assessments/{submitted}/report.pdf").data
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(report)).pages)
    flat = re.sub(r"\s+", "", text)
    assert "Piècesjustificatives" in flat and digest in flat
    response = auditor.get("/approved/reports.zip")
    archive = zipfile.ZipFile(io.BytesIO(response.data))
    response.close()  # the archive is served from a temporary file
    name = f"evidence/{submitted}/{file_id}-contrat sous-traitant.pdf"
    assert archive.read(name) == PDF
    assert f"{digest}  {name}\n" in archive.read("SHA256SUMS").decode()
