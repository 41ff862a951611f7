"""The list of assessments narrowed by words, status, owner and template, and sorted, with
the state in the URL (kept by the pager); never beyond what the user may see."""

from __future__ import annotations

import re

from tests.conftest import post


def titles(page: str) -> list[str]:
    table = page.split('<table class="list">')[1].split("</table>")[0] \
        if '<table class="list">' in page else ""
    return re.findall(r'<td><a href="/assessments/\d+">([^<]+)</a></td>', table)


def test_words_status_template_and_sort_narrow_the_list(as_role, demo):
    dpo = as_role("dpo")
    every = titles(dpo.get("/assessments").get_data(as_text=True))
    assert len(every) == 3 and "Maintenance prédictive des équipements" not in every  # draft
    assert titles(dpo.get("/assessments?q=FRAUDE").get_data(as_text=True)) == [
        "Détection de fraude bancaire en temps réel"]
    assert titles(dpo.get("/assessments?q=fidélité+programme").get_data(as_text=True)) == [
        "Recommandations personnalisées en magasin"]  # every word, title or description
    assert titles(dpo.get("/assessments?q=100%25").get_data(as_text=True)) == []  # literal %
    assert titles(dpo.get("/assessments?status=changes_requested").get_data(
        as_text=True)) == ["Tri automatisé des candidatures"]
    assert titles(dpo.get("/assessments?template=cv_screening").get_data(as_text=True)) == [
        "Tri automatisé des candidatures"]
    assert titles(dpo.get("/assessments?sort=title").get_data(as_text=True)) == sorted(
        every, key=str.lower)
    page = dpo.get("/assessments?q=zzz-rien&status=approved").get_data(as_text=True)
    assert "Aucune analyse ne correspond à ces filtres." in page
    assert 'value="zzz-rien"' in page and '<option value="approved" selected>' in page
    # values outside the choices are ignored, not errors
    assert dpo.get("/assessments?status=x&sort=y&owner=abc&template=z&q=" + "a" * 5000
                   ).status_code == 200


def test_filters_never_reach_beyond_what_the_user_may_see(as_role, demo):
    owner = as_role("owner")
    post(owner, "/logout")
    auditor = as_role("auditor")
    assert titles(auditor.get("/assessments?q=tri").get_data(as_text=True)) == []
    assert titles(auditor.get("/assessments?status=submitted").get_data(as_text=True)) == []
    owner_id = demo["users"]["owner"]
    assert titles(auditor.get(f"/assessments?owner={owner_id}").get_data(as_text=True)) == [
        "Détection de fraude bancaire en temps réel"]
