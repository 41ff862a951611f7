"""What newer questionnaire content would change, before anyone adopts it: a dry run that lists
every assessment on older content with its verdicts now and under the new content and the
answers that would not carry over, on a page for administrators and as a command."""

from __future__ import annotations

from click.testing import CliRunner

from riskassess.cli.questionnaires import content_impact
from riskassess.extensions import db
from riskassess.models import Assessment
from tests.web.test_versions import questionnaire_files_changed


def state(app) -> dict:
    with app.app_context():
        found = {a.id: (a.questionnaire_version, a.content_gen, tuple(sorted(a.answer_values())))
                 for a in db.session.query(Assessment)}
        db.session.remove()
        return found


def test_the_dry_run_lists_what_would_change_and_writes_nothing(as_role, demo, app):
    before = state(app)
    admin = as_role("admin")
    assert "Toutes les analyses utilisent le contenu actuel." in admin.get(
        "/admin/content-impact").get_data(as_text=True)
    with questionnaire_files_changed(app):  # the geography question removed, another reworded
        page = " ".join(admin.get("/admin/content-impact").get_data(as_text=True).split())
        assert "4 analyses sur un contenu plus ancien" in page
        answered = [i for i, (_v, _g, keys) in before.items() if "ctx_geography" in keys]
        assert answered  # the demo answers it
        assert page.count("ctx_geography") == len(answered)
        with app.app_context():
            result = CliRunner().invoke(content_impact, [])
        assert result.exit_code == 0, result.output
        assert "4 assessment(s) on older content" in result.output
        assert result.output.count("answers not carried over: ctx_geography") == len(answered)
    assert state(app) == before  # nothing written
    assert as_role("dpo").get("/admin/content-impact").status_code == 403
