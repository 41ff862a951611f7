"""The user guide (issue 21, part 7): one page per role in French and English, served from the
help menu, its links and screenshots all present, the screenshots those the script takes."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from riskassess.web.guide import GUIDE, PAGES
from tests.conftest import EMAILS, login, post
from tests.web.guide_script import script

LINKS = re.compile(r"\]\(([^)#]+)(#[^)]*)?\)")


def markdown_files():
    return sorted(GUIDE.glob("*/*.md"))


def test_every_page_exists_in_both_languages_and_every_link_and_image_resolves():
    for lang in ("fr", "en"):
        assert sorted(p.stem for p in (GUIDE / lang).glob("*.md")) == sorted(PAGES)
    used = set()
    for page in markdown_files():
        for target, _anchor in LINKS.findall(page.read_text(encoding="utf-8")):
            if target.startswith("http"):
                continue
            resolved = (page.parent / target).resolve()
            assert resolved.is_file(), f"{page.relative_to(GUIDE)} links to missing {target}"
            if resolved.suffix == ".png":
                assert resolved.parent.name == page.parent.name, (page, target)  # same language
                used.add(resolved.relative_to(GUIDE / "images").as_posix())
    shots = {f"{lang}/{shot.name}.png" for lang in ("fr", "en") for shot in script().SHOTS}
    assert used == shots  # every screenshot shown, every one shown taken by the script
    kept = {p.relative_to(GUIDE / "images").as_posix() for p in (GUIDE / "images").rglob("*.png")}
    assert kept == shots  # and nothing stale left beside them


@pytest.mark.parametrize("role", sorted(EMAILS))
def test_the_help_menu_leads_each_role_to_its_page_in_its_language(client, demo, role):
    login(client, EMAILS[role])
    home = client.get("/", follow_redirects=True).get_data(as_text=True)
    assert f'<a href="/guide/{role}">Aide\u00a0: guide d’utilisation</a>' in home
    page = client.get(f"/guide/{role}").get_data(as_text=True)
    title = (GUIDE / "fr" / f"{role}.md").read_text(encoding="utf-8").splitlines()[0][2:]
    assert "<h1 id=" in page and title in page
    assert f'src="/guide/images/fr/{role}-' in page  # the screenshots, at the app's URLs
    assert 'href="/guide/index"' in page  # the pages' links too
    post(client, "/language", {"lang": "en", "next": f"/guide/{role}"})
    english = client.get(f"/guide/{role}").get_data(as_text=True)
    assert f'src="/guide/images/en/{role}-' in english


def test_the_guide_is_open_before_login_and_bounded(client):
    assert "Aide\u00a0: guide d’utilisation" in client.get("/login").get_data(as_text=True)
    assert client.get("/guide/").status_code == 200
    image = client.get("/guide/images/fr/owner-list.png")
    assert image.status_code == 200 and image.data[:8] == b"\x89PNG\r\n\x1a\n"
    for path in ("/guide/secret", "/guide/images/fr/..%2F..%2FREADME.md",
                 "/guide/images/de/owner-list.png", "/guide/images/fr/owner-list.svg"):
        assert client.get(path).status_code == 404, path


def test_the_readme_links_to_the_guide():
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    assert "(docs/guide/fr/index.md)" in readme and "(docs/guide/en/index.md)" in readme
