"""Evidence files: added by the authors of an assessment while they edit it, on the whole
assessment or on one of its questions (measures included); read by whoever may read the
assessment; removed only in the revision they were added to, while it is edited. Every
addition and removal is in the audit trail with the file's SHA-256; approval freezes the list
(services/approved.py review_snapshot) and the auditors' archive carries the files."""

from __future__ import annotations

import hashlib

from flask import current_app

from riskassess.core import limits, permissions
from riskassess.core.attachments import AttachmentError, classify, clean_name
from riskassess.core.timeutil import as_utc
from riskassess.extensions import db
from riskassess.models import Assessment, EvidenceFile, User
from riskassess.services import audit
from riskassess.services.catalogue import questionnaire_for
from riskassess.services.errors import PermissionDenied

MAX_FILES = 100  # per assessment


def max_bytes() -> int:
    return int(current_app.config["EVIDENCE_MAX_BYTES"])


def add(user: User, assessment: Assessment, data: bytes, name: str,
        question_id: str | None = None, note: str = "") -> EvidenceFile:
    """Store a file; AttachmentError ("empty", "too_large", "type", "too_many", "question",
    "too_long") when refused, PermissionDenied when the user may not."""
    if not permissions.can_edit(user, assessment):
        raise PermissionDenied
    stored = store(user, assessment, data, name, question_id, note)
    return stored


def store(user: User, assessment: Assessment, data: bytes, name: str,
          question_id: str | None = None, note: str = "") -> EvidenceFile:
    """Check and add a file in the current transaction, audited; the caller has checked that
    the user may (an author editing, or someone following a measure up)."""
    kind = classify(data, max_bytes())
    if question_id and questionnaire_for(assessment).question(question_id) is None:
        raise AttachmentError("question")
    if len(note) > limits.TEXT:
        raise AttachmentError("too_long")
    if len(assessment.files) >= MAX_FILES:
        raise AttachmentError("too_many")
    stored = EvidenceFile(question_id=question_id or None, revision=assessment.revision,
                          name=clean_name(name), media_type=kind.media_type, family=kind.family,
                          size=len(data), sha256=hashlib.sha256(data).hexdigest(),
                          note=note.strip(), data=data, uploaded_by_id=user.id)
    assessment.files.append(stored)
    db.session.flush()
    audit.record(user, "evidence_file.added", assessment, file_id=stored.id, name=stored.name,
                 sha256=stored.sha256, size=stored.size, question=stored.question_id)
    return stored


def can_remove(user: User, assessment: Assessment, stored: EvidenceFile) -> bool:
    return permissions.can_edit(user, assessment) and stored.revision == assessment.revision


def remove(user: User, assessment: Assessment, stored: EvidenceFile) -> None:
    if not can_remove(user, assessment, stored):
        raise PermissionDenied
    audit.record(user, "evidence_file.removed", assessment, file_id=stored.id,
                 name=stored.name, sha256=stored.sha256)
    assessment.files.remove(stored)


def file_of(assessment: Assessment, file_id: int) -> EvidenceFile | None:
    return next((f for f in assessment.files if f.id == file_id), None)


def listing(assessment: Assessment) -> list[dict]:
    """The files as frozen with an approved version: those added up to its decision (files
    added afterwards, as evidence that a planned measure was done, come after it)."""
    decided = as_utc(assessment.decided_at) if assessment.decided_at else None
    return [{"id": f.id, "name": f.name, "sha256": f.sha256, "size": f.size,
             "question": f.question_id, "revision": f.revision} for f in assessment.files
            if decided is None or as_utc(f.uploaded_at) <= decided]
