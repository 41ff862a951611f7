"""HTTP hardening: security headers on every response (a Content-Security-Policy without
inline scripts), session cookies marked Secure whenever the request came over HTTPS, and no
NUL character in form fields or query parameters (PostgreSQL text cannot hold one: it was a
500; it is now a 400 before any view runs)."""

from __future__ import annotations

from flask import Flask, abort, request
from flask.sessions import SecureCookieSessionInterface

CSP = "; ".join([
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
])
HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
}


class SessionInterface(SecureCookieSessionInterface):
    """HttpOnly and SameSite come from the configuration; Secure also when served over HTTPS
    (behind a reverse proxy, set RISKASSESS_PROXY_FIX=1 so the scheme is seen)."""

    def get_cookie_secure(self, app: Flask) -> bool:
        return bool(app.config["SESSION_COOKIE_SECURE"] or request.is_secure)


def register(app: Flask) -> None:
    app.session_interface = SessionInterface()

    @app.before_request
    def no_nul_characters():
        values = [*request.args.values(), *request.form.values()]
        if any("\x00" in value for value in values):
            abort(400)

    @app.after_request
    def headers(response):
        present = {name.lower() for name, _value in response.headers}
        response.headers.extend([(name, value) for name, value in HEADERS.items()
                                 if name.lower() not in present])
        return response
