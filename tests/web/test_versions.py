"""An assessment keeps the questionnaire version it was started with; a newer one is adopted
only explicitly, carrying over the answers whose questions still exist."""

from __future__ import annotations

import contextlib
import re
from pathlib import Path

from sqlalchemy import select

from riskassess.core.loader import fingerprint, load_sources
from riskassess.extensions import db
from riskassess.models import Assessment, AuditEvent
from riskassess.services.catalogue import EXTENSION_KEY, Current
from tests.conftest import post
from tests.web.test_owner import create, save, stored

# the version of the shipped files, and the one the "changed files" below pretend to be
OLD = int(re.search(r"^version: (\d+)$", (Path(__file__).resolve().parents[2] / "questionnaires"
                                          / "aipd.yaml").read_text(), re.M).group(1))
NEW = OLD + 1
OLD_TEXT = "Décrivez le traitement"
NEW_TEXT = "Décrivez précisément le traitement (version 2)"


@contextlib.contextmanager
def content_edited(app, edit):
    """As if the questionnaire files were edited by `edit(sources)` (file name → text, the
    questionnaire's version already raised) and the app restarted."""
    original = app.extensions[EXTENSION_KEY]
    sources = dict(original.sources)
    sources["aipd.yaml"] = sources["aipd.yaml"].replace(f"version: {OLD}", f"version: {NEW}")
    edit(sources)
    sources = {k: v for k, v in sources.items() if not k.startswith("templates/")}
    catalogue = load_sources(sources, origin="changed")
    app.extensions[EXTENSION_KEY] = Current(catalogue, sources, fingerprint(sources))
    try:
        yield
    finally:
        app.extensions[EXTENSION_KEY] = original


def questionnaire_files_changed(app):
    """Version 2, a question reworded, the geography question removed."""
    def edit(sources):
        context = sources["modules/context.yaml"]
        question_text = app.extensions[EXTENSION_KEY].catalogue.questionnaires["aipd"] \
            .question("ctx_processing").text.fr
        assert question_text in context
        context = context.replace(question_text, NEW_TEXT)
        start = context.index("  - id: ctx_geography")
        end = context.index("  - id: ", start + 5)
        sources["modules/context.yaml"] = context[:start] + context[end:]

    return content_edited(app, edit)


def test_started_assessments_keep_their_version_until_they_adopt_the_new_one(as_role, app,
                                                                             in_app):
    client = as_role("owner")
    assessment_id = create(client)
    save(client, assessment_id, "context", {"ctx_processing": "Un traitement",
                                            "ctx_geography": "national",
                                            "ctx_sector": "banking_finance"})
    old_page = client.get(f"/assessments/{assessment_id}/modules/context").get_data(as_text=True)
    old_text = old_page.split('for="q-ctx_processing">')[1].split("<")[0].strip()

    with questionnaire_files_changed(app):
        # the started assessment still displays and scores with version 1
        page = client.get(f"/assessments/{assessment_id}/modules/context").get_data(as_text=True)
        assert old_text in page and NEW_TEXT not in page
        assert 'name="ctx_geography"' in page
        show = client.get(f"/assessments/{assessment_id}").get_data(as_text=True)
        assert "Une version plus récente du questionnaire est disponible" in show
        assert f"(v{OLD})" in show
        # a new assessment starts on version 2
        newer_id = create(client, title="Nouvelle analyse")
        assert stored(app, newer_id, "questionnaire_version") == NEW
        assert NEW_TEXT in client.get(f"/assessments/{newer_id}/modules/context").get_data(
            as_text=True)

        # adopting version 2 carries over what still fits and says what was set aside
        response = post(client, f"/assessments/{assessment_id}/adopt", follow_redirects=True)
        text = response.get_data(as_text=True)
        assert f"version {NEW} du questionnaire" in text
        assert "ctx_geography" in text
        assert stored(app, assessment_id, "questionnaire_version") == NEW
        answers = stored(app, assessment_id)
        assert answers["ctx_processing"] == "Un traitement" and "ctx_geography" not in answers
        page = client.get(f"/assessments/{assessment_id}/modules/context").get_data(as_text=True)
        assert NEW_TEXT in page
        event = in_app(lambda: db.session.scalar(
            select(AuditEvent).where(AuditEvent.action == "assessment.questionnaire_adopted")))
        assert event.details["dropped"] == {"ctx_geography": "national"}
        assert event.details["previous"] == f"aipd v{OLD}"

    # back to version 1 files: the adopted assessment keeps version 2 from its snapshot
    page = client.get(f"/assessments/{assessment_id}/modules/context").get_data(as_text=True)
    assert NEW_TEXT in page
    assert in_app(lambda: db.session.get(Assessment, assessment_id).snapshot_id) is not None


def test_submitted_assessments_cannot_adopt(as_role, demo, app):
    client = as_role("owner")
    with questionnaire_files_changed(app):
        submitted = demo["assessments"]["submitted"]
        assert post(client, f"/assessments/{submitted}/adopt").status_code == 403
        assert stored(app, submitted, "questionnaire_version") == OLD
