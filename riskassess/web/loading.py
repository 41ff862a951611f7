"""Loading objects for views with the permission check applied (404 hides, 403 refuses)."""

from __future__ import annotations

from collections.abc import Callable

from flask import abort
from flask_login import current_user

from riskassess.core import permissions
from riskassess.extensions import db
from riskassess.models import Assessment


def assessment_or_404(assessment_id: int, check: Callable | None = None) -> Assessment:
    """The assessment if the current user may see it (else 404), and may `check` (else 403)."""
    assessment = db.session.get(Assessment, assessment_id)
    if assessment is None or not permissions.can_view(current_user, assessment):
        abort(404)
    if check is not None and not check(current_user, assessment):
        abort(403)
    return assessment
