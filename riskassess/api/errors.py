"""API errors as JSON `{"error": "..."}` (English), never HTML pages."""

from __future__ import annotations

from flask import Response, jsonify, request
from werkzeug.exceptions import HTTPException

MESSAGES = {
    400: "bad request",
    401: "a valid API token is required: Authorization: Bearer <token>",
    403: "not allowed",
    404: "not found",
    405: "method not allowed: the API is read-only",
    413: "request too large",
    500: "internal error",
}
HANDLED = tuple(MESSAGES)


def is_api_request() -> bool:
    from riskassess.api.params import PREFIX

    return request.path == PREFIX or request.path.startswith(PREFIX + "/")


def error_response(code: int, message: str | None = None,
                   exc: HTTPException | None = None) -> Response:
    response = jsonify(error=message or MESSAGES.get(code, "error"))
    response.status_code = code
    if exc is not None:  # e.g. Allow on a 405
        for name, value in exc.get_headers():
            if name.lower() != "content-type":
                response.headers[name] = value
    if code == 401:
        response.headers["WWW-Authenticate"] = 'Bearer realm="riskassess"'
    return response


def from_exception(exc: HTTPException) -> Response:
    """Errors raised by the API views and hooks; a description given to abort() is kept."""
    explicit = exc.description if exc.description != type(exc).description else None
    return error_response(exc.code or 500, explicit, exc)


def outside_views(code: int) -> Response:
    """Errors met before any API view runs: an unknown path or method under the prefix."""
    exc = request.routing_exception
    return error_response(code, exc=exc if isinstance(exc, HTTPException) else None)
