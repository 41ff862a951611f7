"""Loading an assessment for a page or an API call with the permission check applied (404
hides, 403 refuses): shared by the web views and the API, which never show more than the
pages do."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import abort
from flask_login import current_user
from sqlalchemy.orm import joinedload

from riskassess.core import permissions
from riskassess.extensions import db
from riskassess.models import Assessment

# Every page needs the questionnaire snapshot's sha256 (services/catalogue.py): same query.
WITH_SNAPSHOT = [joinedload(Assessment.snapshot)]


def assessment_or_404(assessment_id: int, check: Callable | None = None,
                      user: Any = None) -> Assessment:
    """The assessment if the user (by default the logged-in one) may see it (else 404), and
    may `check` (else 403)."""
    user = current_user if user is None else user
    # ids come through the bounded <int:…> converter (web/converters.py)
    assessment = db.session.get(Assessment, assessment_id, options=WITH_SNAPSHOT)
    if assessment is None or not permissions.can_view(user, assessment):
        abort(404)
    if check is not None and not check(user, assessment):
        abort(403)
    return assessment
