"""Error pages: 403, 404, 400 (including a missing CSRF token) and 413 (upload too large)."""

from __future__ import annotations

from flask import Flask, flash, redirect, render_template, request
from flask_babel import format_decimal
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError

from riskassess.api import errors as api_errors


def register(app: Flask) -> None:
    def page(code: int, message: str):
        if api_errors.is_api_request():  # e.g. an unknown path or method under /api/v1
            return api_errors.outside_views(code)
        return render_template("errors/error.html", code=code, message=message), code

    @app.errorhandler(CSRFError)
    def csrf_error(error):
        return page(400, _("The form has expired or is invalid. Reload the page and try again."))

    @app.errorhandler(400)
    def bad_request(error):
        return page(400, _("The request could not be understood."))

    @app.errorhandler(403)
    def forbidden(error):
        return page(403, _("You are not allowed to do this."))

    @app.errorhandler(404)
    def not_found(error):
        return page(404, _("This page does not exist or you cannot see it."))

    @app.errorhandler(405)
    def not_allowed(error):
        return page(405, _("This action is not available here."))

    @app.errorhandler(413)
    def too_large(error):
        limit = format_decimal(app.config["MAX_CONTENT_LENGTH"] / 1048576, "#,##0.#")
        if request.endpoint in ("evidence.reidentification", "evidence.fairness"):
            # back to the upload form, which says what went wrong; nothing was stored
            flash(_("The file is larger than the %(limit)s MB limit.", limit=limit), "error")
            return redirect(request.path)
        return page(413, _("The data sent is too large."))
