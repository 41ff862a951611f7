"""The user guide (docs/guide/<lang>/<page>.md), read in the app from its help menu: one page
per role, in French and English, with the screenshots scripts/guide_screenshots.py takes from
the demo data. The files are the project's own (never user input): Python-Markdown turns them
into HTML; links between pages and image paths are rewritten to the app's URLs."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from flask import Blueprint, Response, abort, render_template, url_for
from markupsafe import Markup

from riskassess.labels import current_lang

bp = Blueprint("guide", __name__)
GUIDE = Path(__file__).resolve().parents[2] / "docs" / "guide"
PAGES = ("index", "owner", "dpo", "decider", "auditor", "admin")
LINK = re.compile(r'href="(index|owner|dpo|decider|auditor|admin)\.md(#[\w-]+)?"')
IMAGE = re.compile(r'src="\.\./images/(fr|en)/([a-z0-9-]+\.png)"')


@lru_cache(maxsize=32)
def _html(lang: str, page: str) -> tuple[str, str]:
    """(title, body) of a page: the first heading is the title."""
    import markdown  # only when the guide is read: not a cost of every start-up

    text = (GUIDE / lang / f"{page}.md").read_text(encoding="utf-8")
    body = markdown.markdown(text, extensions=["tables", "toc"], output_format="html")
    title = re.search(r"<h1[^>]*>(.*?)</h1>", body)
    return (re.sub(r"<[^>]+>", "", title.group(1)) if title else page), body


def _app_urls(body: str, lang: str) -> str:
    body = LINK.sub(lambda m: f'href="{url_for(".page", page=m.group(1))}{m.group(2) or ""}"',
                    body)
    return IMAGE.sub(lambda m: f'src="{url_for(".image", lang=m.group(1), name=m.group(2))}" '
                               'loading="lazy"', body)


@bp.route("/guide/")
@bp.route("/guide/<page>")
def page(page: str = "index"):
    lang = current_lang()
    if page not in PAGES or not (GUIDE / lang / f"{page}.md").is_file():
        abort(404)
    title, body = _html(lang, page)
    # the guide's own files, never user input (the module's docstring)
    body = Markup(_app_urls(body, lang))  # noqa: S704
    return render_template("guide.html", title=title, body=body, current=page)


@bp.route("/guide/images/<lang>/<name>")
def image(lang: str, name: str):
    path = GUIDE / "images" / lang / name
    if lang not in ("fr", "en") or not re.fullmatch(r"[a-z0-9-]+\.png", name) \
            or not path.is_file():
        abort(404)
    # read whole (tens of kB): no file left open by a response never read to its end
    return Response(path.read_bytes(), mimetype="image/png",
                    headers={"Cache-Control": "public, max-age=3600"})
