"""Measurements on data samples: profile an uploaded CSV (re-identification or fairness), keep
only the statistics, and record the event in the audit trail. On an approved assessment, a
measurement monitors it: it is kept aside until the next revision, and when it is worse than
the one the decision relied on, the assessment is out of date (services/living.py)."""

from __future__ import annotations

from typing import Any, BinaryIO

from flask import current_app

from riskassess.core import permissions
from riskassess.core.fairness import fairness_csv
from riskassess.core.reidentification import profile_csv
from riskassess.extensions import db
from riskassess.models import Assessment, Measurement, User, utcnow
from riskassess.services import audit, living
from riskassess.services.errors import PermissionDenied


def _store(user: User, assessment: Assessment, kind: str, filename: str,
           parameters: dict[str, Any], results: dict[str, Any]) -> Measurement:
    monitoring = not permissions.can_edit(user, assessment)  # on an approved assessment
    measurement = Measurement(kind=kind, filename=filename[:255], parameters=parameters,
                              results=results, created_by_id=user.id, pending=monitoring)
    assessment.measurements.append(measurement)
    assessment.updated_at = utcnow()  # the profile changed: bumps the optimistic-lock version
    audit.record(user, "measurement.added", assessment, kind=kind, filename=filename,
                 rows=results["rows"], **({"monitoring": True} if monitoring else {}))
    if monitoring:
        db.session.flush()
        living.tell_if_worse(user, assessment, measurement)
    return measurement


def measure_reidentification(user: User, assessment: Assessment, stream: BinaryIO,
                             filename: str, quasi_identifiers: list[str],
                             sensitive: str | None, stage: str = "protected") -> Measurement:
    """Raises PermissionDenied, or CsvError with a message for the user (nothing stored).
    `stage`: "protected" (the data as used, after the declared protections) or "raw" (the
    source data, before them; see core/evidence.py)."""
    if not permissions.can_measure(user, assessment):
        raise PermissionDenied
    if stage not in ("protected", "raw"):
        raise ValueError(f"unknown sample stage: {stage}")
    result = profile_csv(stream, quasi_identifiers, sensitive,
                         max_rows=current_app.config["MAX_CSV_ROWS"])
    parameters = {"quasi_identifiers": result.quasi_identifiers, "sensitive": sensitive,
                  "stage": stage}
    return _store(user, assessment, "reidentification", filename, parameters,
                  {**result.to_dict(), "stage": stage})


def measure_fairness(user: User, assessment: Assessment, stream: BinaryIO, filename: str,
                     group: str, decision: str, label: str | None,
                     positive: str | None) -> Measurement:
    """Raises PermissionDenied, or CsvError with a message for the user (nothing stored)."""
    if not permissions.can_measure(user, assessment):
        raise PermissionDenied
    result = fairness_csv(stream, group, decision, label, positive,
                          max_rows=current_app.config["MAX_CSV_ROWS"])
    parameters = {"group": group, "decision": decision, "label": label,
                  "positive": result.positive}
    return _store(user, assessment, "fairness", filename, parameters, result.to_dict())
