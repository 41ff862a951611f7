"""Auditors' archive: every approved report of the organisation in one ZIP, with the evidence
files of those assessments, and a manifest of SHA-256 fingerprints (manifest.json, and
SHA256SUMS that `sha256sum -c` checks)."""

from __future__ import annotations

import hashlib
import json
import tempfile
import zipfile
from typing import IO

from sqlalchemy import select

from riskassess.core import permissions
from riskassess.core.timeutil import as_utc
from riskassess.extensions import db
from riskassess.models import Assessment, EvidenceFile, Report, User
from riskassess.services import audit
from riskassess.services.reports import title_for_download

FORMAT = "riskassess-report-archive/1"


class AlteredReport(ValueError):
    """A stored report (or evidence file) no longer matches its fingerprint: the archive is
    not made."""

    def __init__(self, report_id: int, what: str = "report"):
        self.report_id = report_id
        super().__init__(f"{what} {report_id} does not match its stored fingerprint")


def _entry_name(report: Report) -> str:
    base = title_for_download(report.assessment, report.lang).removesuffix(".pdf")
    return f"reports/{base}-v{report.revision or 0}-{report.id}.pdf"


def archived_reports(user: User) -> list[Report]:
    """The reports the user may download, oldest first (every revision and edition). The PDF
    column is deferred: each file is read when it is written into the archive."""
    rows = db.session.scalars(
        select(Report).join(Assessment).where(Assessment.organisation_id == user.organisation_id)
        .order_by(Report.id))
    return [r for r in rows if permissions.can_download_report(user, r.assessment)]


def write_archive(user: User) -> IO[bytes]:
    """A temporary file holding the ZIP, spilled to disk past 16 MiB; the reports are read and
    written one at a time."""
    spool = tempfile.SpooledTemporaryFile(max_size=16 * 1024 * 1024)  # noqa: SIM115
    try:
        manifest = _write(spool, user)
    except AlteredReport:
        spool.close()
        raise
    audit.record(user, "reports.archive_downloaded", None, user.organisation_id,
                 count=len(manifest))
    spool.seek(0)
    return spool


def _write(spool: IO[bytes], user: User) -> list[dict]:
    """Write the archive into `spool`; return its manifest. Raises AlteredReport."""
    manifest = []
    with zipfile.ZipFile(spool, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for report in archived_reports(user):
            name = _entry_name(report)
            pdf = report.pdf
            digest = hashlib.sha256(pdf).hexdigest()
            if digest != report.sha256:  # never hand out a report that no longer matches
                raise AlteredReport(report.id)
            generated = as_utc(report.created_at)
            entry = zipfile.ZipInfo(name, date_time=generated.timetuple()[:6])
            entry.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(entry, pdf)
            db.session.expire(report, ["pdf"])  # let the bytes go before the next report
            manifest.append({
                "file": name, "sha256": digest, "assessment_id": report.assessment_id,
                "title": report.assessment.title, "revision": report.revision,
                "lang": report.lang, "generated_at": generated.isoformat(),
            })
        files = _write_files(archive, {m["assessment_id"] for m in manifest})
        archive.writestr("manifest.json", json.dumps(
            {"format": FORMAT, "organisation": user.organisation.name, "reports": manifest,
             "evidence_files": files}, ensure_ascii=False, indent=2))
        archive.writestr("SHA256SUMS", "".join(f"{m['sha256']}  {m['file']}\n"
                                               for m in [*manifest, *files]))
    return manifest


def _write_files(archive: zipfile.ZipFile, assessment_ids: set[int]) -> list[dict]:
    """The evidence files of the assessments whose reports are in the archive, one at a time;
    a file that no longer matches its SHA-256 stops the archive (AlteredFile)."""
    found = []
    rows = db.session.scalars(select(EvidenceFile).where(
        EvidenceFile.assessment_id.in_(sorted(assessment_ids))).order_by(EvidenceFile.id))
    for stored in rows:
        data = stored.data
        digest = hashlib.sha256(data).hexdigest()
        if digest != stored.sha256:
            raise AlteredReport(stored.id, "evidence file")
        name = f"evidence/{stored.assessment_id}/{stored.id}-{stored.name}"
        entry = zipfile.ZipInfo(name, date_time=as_utc(stored.uploaded_at).timetuple()[:6])
        entry.compress_type = zipfile.ZIP_DEFLATED
        archive.writestr(entry, data)
        db.session.expire(stored, ["data"])
        found.append({"file": name, "sha256": digest, "assessment_id": stored.assessment_id,
                      "revision": stored.revision, "question": stored.question_id,
                      "size": stored.size})
    return found
