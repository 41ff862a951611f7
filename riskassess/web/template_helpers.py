"""What every template can use: permissions, labels, content translation."""

from __future__ import annotations

from flask import Flask

from riskassess.core import permissions
from riskassess.core.i18n import Text
from riskassess.core.scoring import LEVEL_NAMES, zone
from riskassess.labels import (
    COMMENT_LABELS,
    ROLE_LABELS,
    STATUS_LABELS,
    current_lang,
    sector_label,
)


def translate(text: Text | None) -> str:
    return text.get(current_lang()) if text is not None else ""


def register(app: Flask) -> None:
    app.add_template_filter(translate, "t")
    app.add_template_filter(sector_label, "sector")

    @app.context_processor
    def helpers() -> dict:
        return {
            "can": permissions,
            "lang": current_lang(),
            "STATUS_LABELS": STATUS_LABELS,
            "ROLE_LABELS": ROLE_LABELS,
            "COMMENT_LABELS": COMMENT_LABELS,
            "LEVEL_NAMES": LEVEL_NAMES,
            "zone": zone,
        }
