"""The read-only JSON API under /api/v1: personal bearer tokens, and exactly the permission
rules of the interface (each user reads what their pages show them)."""

from __future__ import annotations

from flask import Flask


def register(app: Flask) -> None:
    from riskassess.api.views import bp
    from riskassess.extensions import csrf

    csrf.exempt(bp)  # bearer tokens, no cookies; and every route is GET
    app.register_blueprint(bp)
