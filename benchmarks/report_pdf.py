"""Benchmark: the AIPD PDF report with ReportLab, against the same content with WeasyPrint.

Creates a throwaway app on a temporary SQLite database, runs the migrations, seeds the demo
data and takes the demo's approved assessment (bank fraud detection). Then, alternating the two
engines run by run after warm-ups (with a garbage collection before each, outside the timing),
it measures:
  * reportlab: riskassess.services.reports.render_pdf(assessment, "fr"), the app's own path
    (report data, then the ReportLab story laid out in one pass);
  * weasyprint: report_data(assessment, "fr") rendered through the Jinja2 template
    benchmarks/report_weasyprint.html, then HTML -> PDF with WeasyPrint. The template carries
    the same content in the same order (cover and fingerprint, contents, executive summary,
    context and principles answers, risk map, each risk with details, measures and reasons,
    pillar chart, inferences, action plan, opinions and validation, annex of every question;
    running header, "page X of Y", bookmarks; the figures as SVG): an equivalent-content
    rendering, not a pixel-identical one. The words of both PDFs are counted (pdftotext) to
    show that they say the same.
Both timings include building the report data from the database; its own median is printed
too. Prints a table, writes the figures as JSON (benchmarks/results/report_pdf.json) and the
last PDFs next to it, and ends with `ratio_vs_weasyprint=<weasyprint median / reportlab
median>`.

WeasyPrint is a benchmark-only dependency (not in pyproject.toml), installed into the running
interpreter's environment with pip when missing (--no-install to refuse). It needs Pango; on
Debian, as root: `apt-get install -y libpango-1.0-0 libpangoft2-1.0-0`.

    .venv/bin/python benchmarks/report_pdf.py [--runs 15] [--warmups 2] [--no-install]
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import io
import json
import math
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from importlib import metadata
from pathlib import Path

import jinja2
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_migrate import upgrade
from markupsafe import Markup
from sqlalchemy import select

from riskassess import create_app
from riskassess.core.scoring import LEVEL_NAMES
from riskassess.extensions import db
from riskassess.labels import ZONE_LABELS
from riskassess.models import Assessment
from riskassess.reports import riskmap
from riskassess.reports.pdf import ReportData
from riskassess.services.demo import seed
from riskassess.services.reports import render_pdf, report_data

HERE = Path(__file__).resolve().parent
TEMPLATE = "report_weasyprint.html"
PANGO_HINT = "apt-get install -y libpango-1.0-0 libpangoft2-1.0-0"
LANG = "fr"


def load_weasyprint(install: bool):
    """The weasyprint module, pip-installed into this environment first when missing."""
    try:
        import weasyprint
    except ImportError:
        if not install:
            sys.exit(f"weasyprint is not installed: {sys.executable} -m pip install weasyprint")
        print("weasyprint is missing: installing it with pip (benchmark only)", flush=True)
        subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "weasyprint"],
                       check=True)
        import weasyprint
    except OSError as exc:  # the Python package is there, the Pango libraries are not
        sys.exit(f"WeasyPrint cannot load Pango ({exc}). On Debian, as root: {PANGO_HINT}")
    return weasyprint


# --- the HTML rendering --------------------------------------------------------------------

TOP_RISKS, KEY_ACTIONS = 5, 5  # as many as the ReportLab summary shows (reports/pdf_front.py)
LEVEL_COLOURS = {1: "#d9f0d3", 2: "#fee8a8", 3: "#f4b6b0", 4: "#e0695f"}
PILLAR_ROW, PILLAR_WIDTH = 30, 520  # pillar chart geometry, in its own units
FIGURE_WIDTH_PT = 165 / 25.4 * 72  # 165 mm


def arrows(layout: riskmap.RiskMap) -> list:
    """Risk map arrows: shaft stopping at the residual marker, and a triangular head."""
    shapes = []
    for arrow in layout.arrows:
        angle = math.atan2(arrow.y2 - arrow.y1, arrow.x2 - arrow.x1)
        tip_x, tip_y = arrow.x2 - 12 * math.cos(angle), arrow.y2 - 12 * math.sin(angle)
        head = [(tip_x, tip_y)] + [(tip_x - 7 * math.cos(angle + turn),
                                    tip_y - 7 * math.sin(angle + turn)) for turn in (-0.45, 0.45)]
        points = " ".join(f"{x:.2f},{y:.2f}" for x, y in head)
        shapes.append((arrow.x1, arrow.y1, round(tip_x, 2), round(tip_y, 2), points))
    return shapes


def pillar_chart(data: ReportData) -> dict:
    pillars = data.profile.pillars
    bars = [(p.label.get(data.lang), p.score, LEVEL_COLOURS[p.level], i * PILLAR_ROW + 14)
            for i, p in enumerate(pillars)]
    return {"bars": bars, "height": 10 + len(pillars) * PILLAR_ROW,
            "width": round(min(FIGURE_WIDTH_PT, PILLAR_WIDTH), 2)}


def css_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\A ") + '"'


def footer_content() -> Markup:
    """The translated "Page %(page)d of %(total)d" as a CSS `content` value with counters."""
    counters = {"page": "counter(page)", "total": "counter(pages)"}
    parts = re.split(r"%\((page|total)\)d", _("Page %(page)d of %(total)d"))
    values = [counters[part] if i % 2 else css_string(part)
              for i, part in enumerate(parts) if part or i % 2]
    return Markup(" ".join(values))  # noqa: S704 -- built from escaped CSS strings


def html_context(data: ReportData) -> dict:
    toc: list[tuple[str, str, str]] = []

    def anchor(tag: str, text: str) -> str:
        toc.append((tag, text, f"h{len(toc)}"))
        return toc[-1][2]

    risks = data.profile.risks
    layout = riskmap.layout(risks)
    ranked = sorted(risks.risks, key=lambda r: (-r.residual.severity * r.residual.likelihood,
                                                -r.residual.severity))
    return {
        "data": data,
        "_": _,
        "date": lambda value: value.strftime("%Y-%m-%d %H:%M UTC") if value else "—",
        "riskmap": layout,
        "arrows": arrows(layout),
        "levels": [(n, LEVEL_NAMES[n].get(data.lang)) for n in range(1, 5)],
        "zones": ZONE_LABELS,
        "pillars": pillar_chart(data),
        "top_risks": ranked[:TOP_RISKS],
        "key_actions": list(data.profile.action_plan)[:KEY_ACTIONS],
        "titles": {r.id: r.title.get(data.lang) for r in risks.risks},
        "header": f"riskassess — {data.title}"[:90],
        "footer": footer_content(),
        "anchor": anchor,
        "toc": toc,
    }


def html_report(template: jinja2.Template, assessment: Assessment) -> tuple[str, dict]:
    """The report as HTML, and the time spent on the data and on the template."""
    start = time.perf_counter()
    with force_locale(LANG):
        data = report_data(assessment, LANG)
        middle = time.perf_counter()
        html = template.render(**html_context(data))
    return html, {"report_data": middle - start, "html": time.perf_counter() - middle}


# --- measuring -----------------------------------------------------------------------------


@contextlib.contextmanager
def demo_app():
    """An app on a temporary, migrated SQLite database holding the demo data."""
    with tempfile.TemporaryDirectory(prefix="riskassess-bench-") as tmp:
        app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{Path(tmp) / 'bench.sqlite3'}",
                          "SECRET_KEY": "benchmark-only"})
        with app.app_context():
            with contextlib.redirect_stderr(io.StringIO()):  # Alembic's INFO lines
                upgrade()
            seed()
            try:
                yield app
            finally:
                db.session.remove()
                db.engine.dispose()


def page_count(pdf: bytes) -> int | None:
    """Pages of the PDF, read with pypdf (a dev dependency) when it is installed."""
    try:
        from pypdf import PdfReader
    except ImportError:
        return None
    return len(PdfReader(io.BytesIO(pdf)).pages)


def word_count(pdf: bytes) -> int | None:
    """Words of the PDF's text (poppler's pdftotext), to check that both carry the same;
    dot leaders of the table of contents are not words."""
    if shutil.which("pdftotext") is None:
        return None
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", "-", "-"], input=pdf,
                          capture_output=True, check=True).stdout.decode("utf-8")
    return sum(1 for word in text.split() if any(c.isalnum() for c in word))


def summary(times: list[float]) -> dict:
    return {"median_s": statistics.median(times), "min_s": min(times), "max_s": max(times),
            "times_s": times}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15, help="measured runs of each engine")
    parser.add_argument("--warmups", type=int, default=2, help="unmeasured runs first")
    parser.add_argument("--no-install", action="store_true",
                        help="fail instead of pip-installing weasyprint when missing")
    args = parser.parse_args()
    if args.runs < 1 or args.warmups < 0:
        parser.error("--runs must be >= 1 and --warmups >= 0")
    weasyprint = load_weasyprint(install=not args.no_install)
    environment = jinja2.Environment(loader=jinja2.FileSystemLoader(HERE), autoescape=True,
                                     undefined=jinja2.StrictUndefined)
    template = environment.get_template(TEMPLATE)

    def reportlab_run(assessment):
        start = time.perf_counter()
        pdf = render_pdf(assessment, LANG)
        return pdf, {"total": time.perf_counter() - start}

    def weasyprint_run(assessment):
        start = time.perf_counter()
        html, stages = html_report(template, assessment)
        laid_out = time.perf_counter()
        document = weasyprint.HTML(string=html).render()  # what HTML.write_pdf() does, split
        written = time.perf_counter()
        pdf = document.write_pdf()
        end = time.perf_counter()
        return pdf, {**stages, "layout": written - laid_out, "pdf": end - written,
                     "total": end - start}

    with demo_app():
        assessment = db.session.scalars(
            select(Assessment).where(Assessment.status == "approved")).one()
        data = report_data(assessment, LANG)
        described = {
            "id": assessment.id, "title": assessment.title,
            "template": assessment.template_id, "status": assessment.status,
            "sections": len(data.sections),
            "questions": sum(len(s.items) for s in data.sections),
            "risks": len(data.profile.risks.risks),
            "reasons": sum(len(r.reasons) for r in data.profile.risks.risks),
            "actions": len(data.profile.action_plan),
        }
        print(f"report of assessment {assessment.id} « {assessment.title} » ({LANG}): "
              f"{described['questions']} questions in {described['sections']} sections, "
              f"{described['risks']} risks, {described['reasons']} reasons, "
              f"{described['actions']} actions")
        engines = {"reportlab": reportlab_run, "weasyprint": weasyprint_run}
        stages: dict[str, dict[str, list[float]]] = {name: {} for name in engines}
        pdfs: dict[str, bytes] = {}
        for run in range(args.warmups + args.runs):
            for name, engine in engines.items():  # alternate: drift hits both alike
                gc.collect()  # not the other engine's garbage, not in the timing
                pdfs[name], timings = engine(assessment)
                if run >= args.warmups:
                    for stage, seconds in timings.items():
                        stages[name].setdefault(stage, []).append(seconds)
        data_times = []
        for _run in range(args.runs):
            gc.collect()
            start = time.perf_counter()
            with force_locale(LANG):  # as both engines call it
                report_data(assessment, LANG)
            data_times.append(time.perf_counter() - start)

    results: dict = {
        "assessment": described, "lang": LANG, "runs": args.runs, "warmups": args.warmups,
        "report_data": summary(data_times),
        "versions": {"python": platform.python_version(),
                     "reportlab": metadata.version("reportlab"),
                     "weasyprint": metadata.version("weasyprint"),
                     "jinja2": metadata.version("jinja2")},
        "machine": {"platform": platform.platform(), "cpus": os.cpu_count()},
    }
    out = HERE / "results"
    out.mkdir(exist_ok=True)
    print(f"{'engine':<11} {'median s':>9} {'min s':>7} {'max s':>7} {'runs':>5} {'pages':>6}"
          f" {'KiB':>6} {'words':>6}")
    for name in engines:
        figures = summary(stages[name].pop("total"))
        figures["stages_median_s"] = {s: statistics.median(t) for s, t in stages[name].items()}
        figures.update(pages=page_count(pdfs[name]), bytes=len(pdfs[name]),
                       words=word_count(pdfs[name]))
        results[name] = figures
        (out / f"report_{name}.pdf").write_bytes(pdfs[name])
        pages, words = ("n/a" if figures[k] is None else figures[k] for k in ("pages", "words"))
        print(f"{name:<11} {figures['median_s']:>9.3f} {figures['min_s']:>7.3f}"
              f" {figures['max_s']:>7.3f} {args.runs:>5} {pages:>6}"
              f" {figures['bytes'] / 1024:>6.0f} {words:>6}")
    parts = results["weasyprint"]["stages_median_s"]
    print(f"weasyprint medians by stage: report data {parts['report_data']:.3f} s, "
          f"Jinja2 HTML {parts['html']:.3f} s, WeasyPrint layout {parts['layout']:.3f} s, "
          f"PDF writing {parts['pdf']:.3f} s")
    print(f"report data alone (in both timings): median {results['report_data']['median_s']:.3f}"
          f" s")
    ratio = results["weasyprint"]["median_s"] / results["reportlab"]["median_s"]
    results["ratio_vs_weasyprint"] = ratio
    results["ratio_of_minima"] = results["weasyprint"]["min_s"] / results["reportlab"]["min_s"]
    print(f"weasyprint / reportlab: {ratio:.2f} on medians, {results['ratio_of_minima']:.2f} on"
          f" minima")
    (out / "report_pdf.json").write_text(json.dumps(results, indent=2, ensure_ascii=False),
                                         encoding="utf-8")
    print(f"figures written to {out / 'report_pdf.json'}, PDFs to {out}/report_*.pdf")
    print(f"ratio_vs_weasyprint={ratio:.2f}")


if __name__ == "__main__":
    main()
