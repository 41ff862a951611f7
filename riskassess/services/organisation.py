"""What the organisation's reports carry besides their content: its logo and classification
mention, set by its administrators (issue 21). The logo is decoded and re-encoded as a PNG of
bounded size, so that what reaches the report (and ReportLab's image reader) is always a
small, well-formed image whatever was uploaded."""

from __future__ import annotations

import io

from PIL import Image, UnidentifiedImageError

from riskassess.core import permissions
from riskassess.models import Organisation, User
from riskassess.services import audit
from riskassess.services.errors import PermissionDenied
from riskassess.services.users import UserError

MAX_LOGO_BYTES = 2 * 1024 * 1024  # what an upload may weigh
MAX_LOGO_PIXELS = 40_000_000  # refused before decoding (a small file can unpack into GBs)
LOGO_BOX = (900, 450)  # kept at most this size: over 300 dpi in the cover's 70 × 24 mm box
LOGO_FORMATS = ("PNG", "JPEG", "GIF", "WEBP")
MAX_CLASSIFICATION = 120


def _organisation(admin: User) -> Organisation:
    if not permissions.can_admin_users(admin):
        raise PermissionDenied
    return admin.organisation


def normalised_logo(data: bytes) -> bytes:
    """`data` as a PNG that fits LOGO_BOX. Raises UserError for anything else than a
    PNG, JPEG, GIF or WebP image within the limits."""
    if len(data) > MAX_LOGO_BYTES:
        raise UserError("logo_too_large", "the logo weighs more than 2 MB",
                        limit=MAX_LOGO_BYTES // (1024 * 1024))
    try:
        with Image.open(io.BytesIO(data)) as image:
            if image.format not in LOGO_FORMATS:
                raise UserError("logo_format", f"unsupported image format {image.format}")
            if image.width * image.height > MAX_LOGO_PIXELS:
                raise UserError("logo_too_large", "the logo has too many pixels",
                                limit=MAX_LOGO_BYTES // (1024 * 1024))
            image.seek(0)  # the first frame of an animation
            image.load()
            converted = image.convert("RGBA")
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError) as exc:
        raise UserError("logo_format", "not a readable image") from exc
    converted.thumbnail(LOGO_BOX)
    out = io.BytesIO()
    converted.save(out, "PNG", optimize=True)
    return out.getvalue()


def set_logo(admin: User, data: bytes | None) -> Organisation:
    """Store the organisation's logo (None removes it)."""
    organisation = _organisation(admin)
    organisation.logo = normalised_logo(data) if data is not None else None
    audit.record(admin, "organisation.logo_changed" if data is not None
                 else "organisation.logo_removed", organisation, organisation.id)
    return organisation


def set_classification(admin: User, text: str) -> Organisation:
    """The mention printed on every page of the reports ("" restores the default)."""
    organisation = _organisation(admin)
    text = " ".join(text.split())
    if len(text) > MAX_CLASSIFICATION:
        raise UserError("classification_long", "the classification mention is too long",
                        limit=MAX_CLASSIFICATION)
    if (organisation.classification or "") != text:
        organisation.classification = text or None
        audit.record(admin, "organisation.classification_changed", organisation,
                     organisation.id, classification=text)
    return organisation
