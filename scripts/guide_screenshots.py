"""The user guide's screenshots (docs/guide/images/<lang>/), taken in Debian's Chromium from the
demo data, so that they show the application as it is.

    .venv/bin/python scripts/guide_screenshots.py          # serves a fresh demo, then shoots
    .venv/bin/python scripts/guide_screenshots.py --base-url http://127.0.0.1:5000
    .venv/bin/python scripts/guide_screenshots.py --phone --out /tmp/screens  # to review

--phone also takes every shot on a 390 px phone screen, whole pages, named <name>-390.png:
for looking at the screens as a user would, not for the guide.

Without --base-url the script makes a demo database in a temporary folder (init-db,
seed-demo), serves it on a free loopback port and stops it at the end. With --base-url it
drives a server already running the demo data (the browser journeys' test does). The DPO's
opinion is given on the submitted demo assessment before the decider's screenshot, so the
server's data changes: never point it at real data.
"""

from __future__ import annotations

import argparse
import io
import os
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
OUT = REPO / "docs" / "guide" / "images"
CHROMIUM = "/usr/bin/chromium"
VIEWPORT = {"width": 1366, "height": 820}
PHONE = {"width": 390, "height": 844}
PASSWORD = "riskassess-demo"  # noqa: S105 -- the documented demo password
EMAILS = {role: f"{role}@demo.riskassess.test"
          for role in ("owner", "dpo", "decider", "auditor", "admin")}
LOGIN = ("Adresse électronique", "Mot de passe", "Se connecter")  # French first, before login
# the demo assessments by their place in services/demo.py: approved, submitted, changes
# requested, draft
APPROVED, SUBMITTED, CHANGES, DRAFT = 1, 2, 3, 4


@dataclass(frozen=True)
class Shot:
    name: str
    role: str
    path: str
    anchor: str = ""  # an element to scroll to the top of the screen


SHOTS = (
    Shot("owner-list", "owner", "/assessments"),
    Shot("owner-new", "owner", "/assessments/new"),
    Shot("owner-step", "owner", f"/assessments/{DRAFT}/modules/security",
         "#block-sec_encryption_at_rest"),
    Shot("owner-summary", "owner", f"/assessments/{DRAFT}/summary"),
    Shot("owner-changes", "owner", f"/assessments/{CHANGES}"),
    Shot("dpo-queue", "dpo", "/review"),
    Shot("dpo-risks", "dpo", f"/assessments/{SUBMITTED}", "figure.riskmap"),
    Shot("dpo-opinion", "dpo", f"/assessments/{SUBMITTED}", "#decision"),
    Shot("decider-decision", "decider", f"/assessments/{SUBMITTED}", "#decision"),
    Shot("auditor-approved", "auditor", "/approved"),
    Shot("auditor-verify", "auditor", "/verify-report"),
    Shot("auditor-audit", "auditor", "/audit"),
    Shot("admin-users", "admin", "/admin/users"),
    Shot("admin-organisation", "admin", "/admin/organisation"),
)


def log_in(page, role: str, lang: str) -> None:
    email, password, button = LOGIN
    page.goto("/login")
    page.get_by_label(email).fill(EMAILS[role])
    page.get_by_label(password).fill(PASSWORD)
    page.get_by_role("button", name=button).click()
    page.wait_for_load_state()
    choose = page.locator(f'form button[name="lang"][value="{lang}"]')
    if choose.count():  # the other language is one click away (in the menu on a phone)
        with page.expect_navigation():
            choose.first.evaluate("button => button.click()")


def give_opinion(page) -> None:
    """The DPO's favourable opinion on the submitted assessment, so that the decider's
    screenshot shows the decision to take."""
    page.goto(f"/assessments/{SUBMITTED}")
    form = page.locator("#opinion-form")
    if not form.count():
        return  # given already (a second run against the same server)
    form.locator('input[name="opinion"][value="favourable"]').check()
    form.locator("textarea[name=text]").fill(
        "Avis favorable : documenter le recueil du consentement avant la mise en service.")
    justification = form.locator("textarea[name=justification]")
    if justification.count():  # points still open: giving the opinion says why
        justification.fill("Les points ouverts seront suivis dans le plan d’action.")
    form.locator("button[type=submit]").first.click()
    page.wait_for_load_state()


def save_png(data: bytes, target: Path) -> None:
    """The screenshot in 256 colours: a screen of text loses nothing, the file a third."""
    from PIL import Image

    with Image.open(io.BytesIO(data)) as image:
        image.convert("RGB").quantize(256, dither=Image.Dither.NONE).save(target, optimize=True)


def shoot(browser, base_url: str, out: Path, langs=("fr", "en"), shots=SHOTS,
          phone: bool = False) -> list[Path]:
    """Every shot in every language, role after role (the DPO's opinion is given once its
    screenshots are taken in both languages, before the decider's)."""
    written = []
    screens = [(VIEWPORT, "")] + ([(PHONE, "-390")] if phone else [])
    for role in dict.fromkeys(s.role for s in shots):
        for lang in langs:
            (out / lang).mkdir(parents=True, exist_ok=True)
            for viewport, suffix in screens:
                context = browser.new_context(base_url=base_url, viewport=viewport,
                                              locale="fr-FR" if lang == "fr" else "en-GB")
                page = context.new_page()
                page.set_default_timeout(20_000)
                log_in(page, role, lang)
                for shot in (s for s in shots if s.role == role):
                    page.goto(shot.path)
                    page.wait_for_load_state("networkidle")
                    if shot.anchor and not suffix:
                        page.evaluate("(selector) => document.querySelector(selector)"
                                      ".scrollIntoView({block: 'start'})", shot.anchor)
                    target = out / lang / f"{shot.name}{suffix}.png"
                    save_png(page.screenshot(full_page=bool(suffix)), target)
                    written.append(target)
                if role == "dpo" and lang == langs[-1] and viewport is screens[-1][0]:
                    give_opinion(page)
                context.close()
    return written


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def serve_demo(folder: Path) -> tuple[subprocess.Popen, str]:
    flask = [str(Path(sys.executable).parent / "flask"), "--app", "riskassess"]
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{folder / 'guide.db'}",
           "SECRET_KEY": "guide-screenshots"}
    for command in (["init-db"], ["seed-demo"]):
        subprocess.run([*flask, *command], env=env, check=True, cwd=REPO,  # noqa: S603 -- our flask
                       stdout=subprocess.DEVNULL)
    port = _free_port()
    server = subprocess.Popen([*flask, "run", "--port", str(port)], env=env,  # noqa: S603
                              cwd=REPO,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return server, f"http://127.0.0.1:{port}"
        except OSError:
            time.sleep(0.2)
    server.kill()
    raise RuntimeError("the demo server did not start")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base-url", help="a server already running the demo data")
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--phone", action="store_true",
                        help="also every shot at 390 px, whole pages (to review the screens)")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as folder, sync_playwright() as playwright:
        server, base_url = (None, args.base_url) if args.base_url \
            else serve_demo(Path(folder))
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True,
                                             args=["--no-sandbox"])
        try:
            written = shoot(browser, base_url, args.out, phone=args.phone)
        finally:
            browser.close()
            if server is not None:
                server.terminate()
                server.wait(timeout=10)
    for path in written:
        print(f"{path.relative_to(REPO) if path.is_relative_to(REPO) else path}"
              f"  {path.stat().st_size // 1024} kB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
