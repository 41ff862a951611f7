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
too. This is done at three content levels (--levels 1 3 10): level N is the report with N
times the words of the demo's (pdftotext's count of the ReportLab edition), reached by
repeating every text the users wrote (free-text answers, measure descriptions, the
description, the DPO's opinion and the decision's text; report_sizes.py) as many times as
needed, the questionnaire's own words staying the same. Each level prints its words and
pages, the two engines' medians and their ratio, and the growth factor of each engine:
(time at N / time at 1) / (words at N / words at 1), 1.0 being linear. Then one answer of
1 MiB (ReportLab only; --no-megabyte to skip) is rendered once and timed.
Prints a table, writes the figures as JSON (benchmarks/results/report_pdf.json) and the
last PDFs next to it, and ends with `ratio_vs_weasyprint=<weasyprint median / reportlab
median>` at each level.

WeasyPrint is a benchmark-only dependency (not in pyproject.toml), installed into the running
interpreter's environment with pip when missing (--no-install to refuse). It needs Pango; on
Debian, as root: `apt-get install -y libpango-1.0-0 libpangoft2-1.0-0`.

    .venv/bin/python benchmarks/report_pdf.py [--runs 15] [--warmups 2] [--levels 1 3 10]
        [--no-install] [--no-megabyte]
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import io
import json
import math
import platform
import re
import statistics
import subprocess
import sys
import tempfile
import time
from importlib import metadata
from pathlib import Path

import jinja2
from common import RESULTS, machine, machine_line
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_migrate import upgrade
from markupsafe import Markup
from report_sizes import ContentLevels, calibrate, megabyte, page_count, word_count
from sqlalchemy import select

from riskassess import create_app
from riskassess.core.scoring import LEVEL_NAMES
from riskassess.extensions import db
from riskassess.jobs import seed_demo as seed
from riskassess.labels import ZONE_LABELS
from riskassess.models import Assessment
from riskassess.reports import riskmap
from riskassess.reports.data import SHOWN_IN_BODY
from riskassess.reports.paragraphs import excerpt
from riskassess.reports.pdf import ReportData
from riskassess.reports.pdf_body import body_sections, calculation_rows
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
        "excerpt": excerpt,  # a measure's answer under each risk: its start (pdf_body.py)
        "date": lambda value: value.strftime("%Y-%m-%d %H:%M UTC") if value else "—",
        "riskmap": layout,
        "arrows": arrows(layout),
        "levels": [(n, LEVEL_NAMES[n].get(data.lang)) for n in range(1, 5)],
        "zones": ZONE_LABELS,
        "pillars": pillar_chart(data),
        "top_risks": ranked[:TOP_RISKS],
        "key_actions": list(data.profile.action_plan)[:KEY_ACTIONS],
        "titles": {r.id: r.title.get(data.lang) for r in risks.risks},
        "calculations": {r.id: calculation_rows(
            r, data.lang, data.risk_details[r.id].estimate if r.id in data.risk_details
            else None) for r in risks.risks},
        "in_body": body_sections(),
        "shown_in_body": SHOWN_IN_BODY,
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


def summary(times: list[float]) -> dict:
    return {"median_s": statistics.median(times), "min_s": min(times), "max_s": max(times),
            "times_s": times}


def measure(engines: dict, assessment: Assessment, runs: int, warmups: int) -> dict:
    """Both engines `runs` times after `warmups`, alternating run by run (drift hits both
    alike), a garbage collection before each run outside the timing; then the report data
    alone. Returns each engine's figures and its last PDF."""
    stages: dict[str, dict[str, list[float]]] = {name: {} for name in engines}
    pdfs: dict[str, bytes] = {}
    for run in range(warmups + runs):
        for name, engine in engines.items():
            gc.collect()
            pdfs[name], timings = engine(assessment)
            if run >= warmups:
                for stage, seconds in timings.items():
                    stages[name].setdefault(stage, []).append(seconds)
    data_times = []
    for _run in range(runs):
        gc.collect()
        start = time.perf_counter()
        with force_locale(LANG):  # as both engines call it
            report_data(assessment, LANG)
        data_times.append(time.perf_counter() - start)
    level: dict = {"runs": runs, "report_data": summary(data_times)}
    for name in engines:
        figures = summary(stages[name].pop("total"))
        figures["stages_median_s"] = {s: statistics.median(t) for s, t in stages[name].items()}
        figures.update(pages=page_count(pdfs[name]), bytes=len(pdfs[name]),
                       words=word_count(pdfs[name]))
        level[name] = figures
    level["ratio_vs_weasyprint"] = level["weasyprint"]["median_s"] / level["reportlab"]["median_s"]
    return level, pdfs


def print_level(factor: int, level: dict, first: dict) -> None:
    print(f"-- content level {factor}x ({level['runs']} runs)")
    print(f"{'engine':<11} {'median s':>9} {'min s':>7} {'max s':>7} {'pages':>6} {'KiB':>6}"
          f" {'words':>6} {'growth':>7}")
    for name in ("reportlab", "weasyprint"):
        figures = level[name]
        words = figures["words"] or 1
        growth = (figures["median_s"] / first[name]["median_s"]) / (
            words / (first[name]["words"] or 1))
        figures["growth_factor"] = growth
        pages, shown = ("n/a" if figures[k] is None else figures[k] for k in ("pages", "words"))
        print(f"{name:<11} {figures['median_s']:>9.3f} {figures['min_s']:>7.3f}"
              f" {figures['max_s']:>7.3f} {pages:>6} {figures['bytes'] / 1024:>6.0f}"
              f" {shown:>6} {growth:>7.2f}")
    parts = level["weasyprint"]["stages_median_s"]
    print(f"weasyprint by stage: report data {parts['report_data']:.3f} s, Jinja2 HTML "
          f"{parts['html']:.3f} s, layout {parts['layout']:.3f} s, PDF writing {parts['pdf']:.3f}"
          f" s; report data alone {level['report_data']['median_s']:.3f} s")
    print(f"ratio_vs_weasyprint={level['ratio_vs_weasyprint']:.2f} at {factor}x")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15,
                        help="measured runs of each engine at level 1 (fewer at larger levels:"
                             " runs / level, at least 3)")
    parser.add_argument("--warmups", type=int, default=2, help="unmeasured runs first")
    parser.add_argument("--levels", type=int, nargs="+", default=[1, 3, 10],
                        help="content levels (1 = the demo's texts as they are)")
    parser.add_argument("--no-megabyte", action="store_true",
                        help="skip the 1 MiB answer")
    parser.add_argument("--no-install", action="store_true",
                        help="fail instead of pip-installing weasyprint when missing")
    args = parser.parse_args()
    if args.runs < 1 or args.warmups < 0 or min(args.levels) < 1:
        parser.error("--runs and --levels must be >= 1 and --warmups >= 0")
    levels_asked = sorted(set(args.levels))
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

    print(machine_line())
    engines = {"reportlab": reportlab_run, "weasyprint": weasyprint_run}
    results: dict = {"lang": LANG, "warmups": args.warmups, "levels": {},
                     "machine_start": machine()}
    out = RESULTS
    out.mkdir(exist_ok=True)
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
        sizes = ContentLevels(assessment)
        repeats = calibrate(sizes, assessment, levels_asked)
        first = None
        for factor in levels_asked:
            sizes.set(repeats[factor])
            runs = max(3, args.runs // factor) if factor > 1 else args.runs
            level, pdfs = measure(engines, assessment, runs, args.warmups if factor == 1 else 1)
            level["text_repeats"] = repeats[factor]
            first = first or level
            print_level(factor, level, first)
            results["levels"][str(factor)] = level
            for name, pdf in pdfs.items():
                (out / f"report_{name}_{factor}x.pdf").write_bytes(pdf)
        if not args.no_megabyte:
            results["megabyte_answer"] = megabyte(sizes, assessment)
        db.session.rollback()
    results.update(assessment=described, machine_end=machine(), versions={
        "python": platform.python_version(), "reportlab": metadata.version("reportlab"),
        "weasyprint": metadata.version("weasyprint"), "jinja2": metadata.version("jinja2")},
        platform=platform.platform())
    (out / "report_pdf.json").write_text(json.dumps(results, indent=2, ensure_ascii=False),
                                         encoding="utf-8")
    print(machine_line().replace("at the start", "at the end"))
    print(f"figures written to {out / 'report_pdf.json'}, PDFs to {out}/report_*.pdf")
    for factor in levels_asked:
        level = results["levels"][str(factor)]
        print(f"level {factor}x: ratio_vs_weasyprint={level['ratio_vs_weasyprint']:.2f}, growth "
              f"reportlab={level['reportlab']['growth_factor']:.2f} weasyprint="
              f"{level['weasyprint']['growth_factor']:.2f}")


if __name__ == "__main__":
    main()
