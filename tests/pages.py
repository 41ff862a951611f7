"""The pages of each role, for the tests that visit them all (tests/e2e/test_page_widths.py,
tests/web/test_french_pages.py): every GET route of the permission matrix that the role may
open (tests/web/test_permission_matrix.py), plus the states and steps a route shows
differently (each status of an assessment, each wizard step), HTML only."""

from __future__ import annotations

from riskassess.services.catalogue import default_questionnaire
from tests.conftest import EMAILS, login
from tests.web.test_permission_matrix import ROUTES

ROLES = ("owner", "dpo", "decider", "auditor", "admin")


def pages_of(role: str, ids: dict) -> list[str]:
    paths = {template.format(**ids) for _method, template, _data, allowed in
             (ROUTES[e] for e in ROUTES if ROUTES[e][0] == "GET" and role in ROUTES[e][3])}
    paths = {p for p in paths if not p.startswith("/api/") and "/invitation/" not in p
             and "/password/" not in p}
    shown = {"owner": ("draft", "submitted", "approved"), "admin": ("draft", "approved"),
             "dpo": ("submitted", "approved", "awaiting"),
             "decider": ("submitted", "approved", "awaiting"), "auditor": ("approved",)}[role]
    paths |= {f"/assessments/{ids[status]}" for status in shown}
    if role == "owner":
        paths |= {f"/assessments/{ids['draft']}/modules/{m.id}"
                  for m in default_questionnaire().modules}
    return sorted(paths)


def html_only(app, role: str, paths: list[str]) -> list[str]:
    """The paths that answer an HTML page (files, CSV, JSON and spreadsheets are left out)."""
    client = app.test_client()
    login(client, EMAILS[role])
    kept = []
    for path in paths:
        response = client.get(path)
        if response.mimetype == "text/html":
            kept.append(path)
        response.close()
    return kept
