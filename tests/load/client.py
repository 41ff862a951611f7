"""A small browser for the load tests, on the standard library: one keep-alive connection,
the cookies the server sets, and the CSRF token and optimistic-lock version of the pages."""

from __future__ import annotations

import http.client
import json
import re
from dataclasses import dataclass
from email.message import Message
from typing import Any
from urllib.parse import urlencode

CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
VERSION = re.compile(r'name="version" value="(\d+)"')


class ServerGone(Exception):
    """No HTTP answer: the connection failed or broke before a complete response."""


@dataclass
class Response:
    status: int
    headers: Message
    body: str

    def json(self) -> Any:
        return json.loads(self.body)

    def form_state(self) -> tuple[str, int]:
        """The CSRF token and the assessment version a wizard page carries."""
        token, version = CSRF.search(self.body), VERSION.search(self.body)
        if token is None or version is None:
            raise AssertionError(f"not a wizard form (HTTP {self.status}): {self.body[:300]}")
        return token.group(1), int(version.group(1))


class Browser:
    def __init__(self, port: int, timeout: float = 60):
        self.port, self.timeout = port, timeout
        self.cookies: dict[str, str] = {}
        self._connection: http.client.HTTPConnection | None = None

    def request(self, method: str, path: str, form: dict[str, Any] | None = None,
                headers: dict[str, str] | None = None) -> Response:
        sent = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items()),
                **(headers or {})}
        body = None
        if form is not None:
            body = urlencode(form, doseq=True).encode("utf-8")
            sent["Content-Type"] = "application/x-www-form-urlencoded"
        if self._connection is None:
            self._connection = http.client.HTTPConnection("127.0.0.1", self.port,
                                                          timeout=self.timeout)
        try:
            self._connection.request(method, path, body=body, headers=sent)
            answer = self._connection.getresponse()
            payload = answer.read().decode("utf-8", errors="replace")
        except (OSError, http.client.HTTPException) as exc:
            self.close()
            raise ServerGone(f"{method} {path}: {type(exc).__name__}: {exc}") from exc
        if answer.will_close:
            self.close()
        self._keep_cookies(answer.headers)
        return Response(answer.status, answer.headers, payload)

    def _keep_cookies(self, headers: Message) -> None:
        for header in headers.get_all("Set-Cookie") or []:
            pair, _, attributes = header.partition(";")
            name, _, value = pair.strip().partition("=")
            if not value or "max-age=0" in attributes.lower():
                self.cookies.pop(name, None)
            else:
                self.cookies[name] = value

    def get(self, path: str) -> Response:
        return self.request("GET", path)

    def post(self, path: str, form: dict[str, Any], headers: dict[str, str] | None = None
             ) -> Response:
        return self.request("POST", path, form, headers)

    def login(self, email: str, password: str) -> None:
        page = self.get("/login")
        token = CSRF.search(page.body)
        assert token, f"no CSRF token on the login page (HTTP {page.status})"
        answer = self.post("/login", {"csrf_token": token.group(1), "email": email,
                                      "password": password})
        assert answer.status == 302, f"login of {email} refused: HTTP {answer.status}"

    def close(self) -> None:
        if self._connection is not None:
            self._connection.close()
            self._connection = None
