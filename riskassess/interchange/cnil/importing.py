"""Reading a checked CNIL PIA document into our terms (see interchange/cnil/mapping.py).
Pure module."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from riskassess.core import limits
from riskassess.core.answers import AnswerError, parse_answer
from riskassess.core.i18n import both
from riskassess.core.provenance import PIA_STATUS_LABELS
from riskassess.core.questionnaire import Questionnaire
from riskassess.interchange.cnil.exporting import colon
from riskassess.interchange.cnil.format import (
    DESCRIBED_HEADING,
    EVALUATION_LABELS,
    EVALUATIONS,
    ITEM_MODULES,
    ITEMS,
    PIA_STATUSES,
    QUESTIONS,
    RISK_ITEMS,
    SEVERITY_ORDER,
    TEXT_QUESTIONS,
    PiaContent,
    PiaMeasure,
    Unmapped,
    word,
)
from riskassess.interchange.cnil.htmltext import html_to_text, one_line, tidy_text

DEFAULT_TITLE = both("interchange/cnil/importing", "Imported CNIL PIA")
HEADINGS = {DESCRIBED_HEADING.fr.casefold(), DESCRIBED_HEADING.en.casefold()}
MEASURE_LINE = re.compile(r"^(statut|status|responsable|owner|échéance|due)\s*:\s*(.+)$",
                          re.IGNORECASE)
MEASURE_KEYS = {"statut": "status", "status": "status", "responsable": "owner",
                "owner": "owner", "échéance": "due", "due": "due"}
MEASURE_STATUSES = {"existante": "existing", "existing": "existing", "prévue": "planned",
                    "planned": "planned"}


def _normal(text: str) -> str:
    return " ".join(text.split()).casefold()


def split_described(text: str) -> tuple[str, str]:
    """Free text, and what follows the heading of described answers (our own exports)."""
    lines = text.split("\n")
    for index, line in enumerate(lines):
        if line.strip().casefold() in HEADINGS:
            return "\n".join(lines[:index]).strip(), "\n".join(lines[index + 1:]).strip()
    return text, ""


class Reader:
    def __init__(self, parts: dict[str, Any], questionnaire: Questionnaire, lang: str):
        self.parts, self.questionnaire, self.lang = parts, questionnaire, lang
        self.sep = colon(lang)
        self.answers: dict[str, Any] = {}
        self.unmapped: list[Unmapped] = []
        self.measures: list[PiaMeasure] = []
        self.measure_questions: dict[str, str] = {}  # CNIL measure id → our question
        self.measure_titles: dict[str, str] = {}
        self.own: dict[str, tuple[str, str, dict | None, str]] = {}  # CNIL id → measure
        self.controls: dict[int, set[str]] = {}  # risk item → measure titles named in x24
        self.estimates: dict[str, dict[str, Any]] = {}  # risk → the assessor's estimate
        self.risks: dict[str, tuple[int | None, int | None]] = {}

    def keep(self, reference: str, label: str, text: str) -> None:
        if text.strip():
            self.unmapped.append(Unmapped(reference, label, text.strip()))

    def store(self, question_id: str, value: Any) -> bool:
        """Parse and keep an answer; False (nothing kept) when it does not fit."""
        question = self.questionnaire.question(question_id)
        if question is None or question_id in self.answers:
            return False
        try:
            self.answers[question_id] = parse_answer(question, value)
        except AnswerError:
            return False
        return True

    # ---------------------------------------------------------------- pia
    def pia(self) -> dict[str, Any]:
        pia, lang, sep = self.parts["pia"], self.lang, self.sep
        status = PIA_STATUSES.get(pia["status"]) if pia["status"] is not None else None
        if status:
            self.keep("pia.status", word("pia_status", lang), PIA_STATUS_LABELS[status].get(lang))
        self.keep("pia.category", word("category", lang), tidy_text(pia["category"]))
        searched = tidy_text(pia["concerned_people_searched_content"])
        if searched:
            self.keep("pia.concerned_people", word("subjects", lang),
                      word("not_sought", lang) + sep + searched)
        self.keep("pia.rejection_reason", word("rejection", lang),
                  tidy_text(pia["rejection_reason"] or pia["rejected_reason"]))
        self.keep("pia.applied_adjustments", word("adjustments", lang),
                  tidy_text(pia["applied_adjustments"] or pia["applied_adjustements"]))
        opinion = tidy_text(pia["concerned_people_opinion"]) or None
        return {
            "people": self.people(pia),
            "title": one_line(tidy_text(pia["name"]))[:200] or DEFAULT_TITLE.get(lang),
            "pia_status": status,
            "dpo_opinion": tidy_text(pia["dpo_opinion"]) or None,
            "data_subjects_sought": bool(pia["concerned_people_searched_opinion"] or opinion),
            "data_subjects_opinion": opinion,
        }

    @staticmethod
    def people(pia: dict[str, Any]) -> list[dict[str, Any]]:
        """Who the file names, in which role, with their opinion and its date (the PIA's
        last change): provenance (core/provenance.py)."""
        at = _date(pia["updated_at"] or pia["created_at"])
        found: list[dict[str, Any]] = [
            {"role": role, "name": one_line(tidy_text(pia[f"{role}_name"]))}
            for role in ("author", "evaluator", "validator") if pia[f"{role}_name"]]
        for role, names, status, opinion in (
                ("dpo", pia["dpos_names"], pia["dpo_status"], pia["dpo_opinion"]),
                ("subjects", pia["people_names"], pia["concerned_people_status"],
                 pia["concerned_people_opinion"])):
            if names or status is not None or opinion:
                found.append({
                    "role": role, "name": one_line(tidy_text(names)),
                    "opinion": None if status is None
                    else "favourable" if status else "unfavourable",
                    "text": tidy_text(opinion) or None, "at": at})
        return found

    # ---------------------------------------------------------------- measures (3.1)
    def measure_list(self) -> None:
        titles = {}
        for question in self.questionnaire.questions:
            if question.is_measure:
                titles.setdefault(_normal(question.text.fr), question.id)
                titles.setdefault(_normal(question.text.en), question.id)
        for index, measure in enumerate(self.parts["measures"]):
            number = measure["id"] or str(index + 1)
            title = one_line(tidy_text(measure["title"]))
            content = html_to_text(measure["content"])
            self.measure_titles[number] = title
            question_id = titles.get(_normal(title))
            value, rest = self.measure_value(content)
            reference, label = f"3.1.{number}", word("measure", self.lang) + self.sep + title
            if rest and value:  # how it is applied: the measure's description
                value["description"] = rest
            if question_id and value and self.store(question_id, value):
                self.measure_questions[number] = question_id
                self.measures.append(PiaMeasure(title, content, question_id))
            elif title:  # becomes a measure of the owner's own (own_measures)
                self.own[number] = (title, content, value, rest)
            else:
                self.keep(reference, label, content or word("no_content", self.lang))

    @staticmethod
    def measure_value(content: str) -> tuple[dict[str, str] | None, str]:
        """The status, owner and due date that our exports write, and the other lines."""
        value: dict[str, str] = {}
        rest = []
        for line in content.split("\n"):
            match = MEASURE_LINE.match(line.strip())
            if match is None:
                rest.append(line)
                continue
            key, given = MEASURE_KEYS[match.group(1).casefold()], match.group(2).strip()
            value[key] = MEASURE_STATUSES.get(given.casefold(), "") if key == "status" else given
        return (value if value.get("status") else None), "\n".join(rest).strip()

    # ---------------------------------------------------------------- answers
    def answer_list(self) -> None:
        grouped: dict[int, dict[str, Any]] = {}
        for answer in self.parts["answers"]:
            into = grouped.setdefault(answer["reference_to"], {"text": [], "list": [],
                                                                "gauge": 0})
            text = html_to_text(answer["text"])
            if text:
                into["text"].append(text)
            into["list"] += [item for item in (one_line(tidy_text(i)) for i in answer["list"])
                             if item]
            into["gauge"] = answer["gauge"] or into["gauge"]
        risk_parts: dict[int, dict[int, dict[str, Any]]] = {}
        for reference, answer in grouped.items():
            text = "\n\n".join(answer["text"])
            if reference // 100 == 3 and reference // 10 % 10 in RISK_ITEMS \
                    and 1 <= reference % 10 <= 6:
                risk_parts.setdefault(reference // 10 % 10, {})[reference % 10] = {
                    **answer, "text": text}
                continue
            lines = text + "".join(f"\n- {item}" for item in answer["list"])
            if reference in TEXT_QUESTIONS:
                self.text_answer(reference, lines.strip())
            else:
                label = QUESTIONS[reference].get(self.lang) if reference in QUESTIONS \
                    else f"{word('question', self.lang)} {reference}"
                self.keep(str(reference), label, lines)
        for item, parts in sorted(risk_parts.items()):
            self.risk_item(item, parts)

    def text_answer(self, reference: int, text: str) -> None:
        own, extra = split_described(text)
        question_id, label = TEXT_QUESTIONS[reference], QUESTIONS[reference].get(self.lang)
        question = self.questionnaire.question(question_id)
        value = one_line(own) if question is not None and question.kind.single_line else own
        if own and not self.store(question_id, value):
            self.keep(str(reference), f"{label} ({word('too_long', self.lang)})", own)
        self.keep(str(reference), f"{label} ({word('details', self.lang)})", extra)

    def risk_item(self, item: int, parts: dict[int, dict[str, Any]]) -> None:
        """A feared event of the CNIL method becomes the assessor's estimate of our risk:
        its impacts, threats, sources and planned controls in words, and the severity and
        likelihood gauges with their justifications, shown beside our computed levels (never
        counted in them)."""
        estimate: dict[str, Any] = {}
        for question, key in ((1, "impacts"), (2, "threats"), (3, "sources"), (4, "controls")):
            part = parts.get(question)
            if part and (part["list"] or part["text"]):
                estimate[key] = "; ".join(part["list"] + ([part["text"]] if part["text"] else []))
        gauges: list[int | None] = []
        for question, key in ((5, "severity"), (6, "likelihood")):
            part = parts.get(question) or {"gauge": 0, "text": ""}
            gauges.append(part["gauge"] or None)
            if part["gauge"]:
                estimate[key] = part["gauge"]
            if part["text"]:
                estimate[f"{key}_text"] = part["text"]
        if any(gauges):
            self.risks[RISK_ITEMS[item]] = (gauges[0], gauges[1])
        self.controls[item] = {_normal(title) for title in (parts.get(4) or {}).get("list", [])}
        if estimate:
            self.estimates[RISK_ITEMS[item]] = {
                key: value[:limits.TEXT] if isinstance(value, str) else value
                for key, value in estimate.items()}

    def own_measures(self) -> None:
        """The CNIL measures that are not ours become the owner's own: the risks whose
        planned controls (x24) name them; the status, owner, due date our exports write, or
        else planned when the CNIL evaluation plans it (improvable, with a person in charge
        and a date), existing otherwise (the CNIL method lists "existing or planned"
        measures); the content as its description. No effect on the levels is stated: the
        owner states it (core/custom_measures.py)."""
        planned = {e["reference_to"]: e for e in self.parts["evaluations"]
                   if e["status"] == 2 and e["person_in_charge"]
                   and _date(e["estimated_implementation_date"])}
        for number, (title, content, value, rest) in self.own.items():
            risks = tuple(RISK_ITEMS[item] for item, titles in sorted(self.controls.items())
                          if _normal(title) in titles)
            if value is None:
                plan = planned.get(f"3.1.{number}")
                value = ({"status": "planned", "owner": one_line(tidy_text(
                    plan["person_in_charge"]))[:200],
                    "due": _date(plan["estimated_implementation_date"])}
                    if plan else {"status": "existing"})
                rest = content
            if rest:
                value["description"] = rest[:limits.TEXT]
            self.measures.append(PiaMeasure(title[:200], content, None, risks, value))

    # ---------------------------------------------------------------- evaluations
    def label(self, reference: str) -> str:
        pieces = reference.split(".")
        if len(pieces) == 3 and pieces[:2] == ["3", "1"]:
            title = self.measure_titles.get(pieces[2])
            return word("measure", self.lang) + self.sep + title if title \
                else ITEMS["3.1"].get(self.lang)
        if len(pieces) == 3 and pieces[2].isdigit() and int(pieces[2]) in QUESTIONS:
            return QUESTIONS[int(pieces[2])].get(self.lang)
        item = ITEMS.get(".".join(pieces[:2]))
        return item.get(self.lang) if item else reference

    def evaluation_text(self, evaluation: dict[str, Any]) -> str:
        said = html_to_text(evaluation["evaluation_comment"])
        plan = html_to_text(evaluation["action_plan_comment"])
        lines = [said] if said else []
        if plan and plan != said:
            lines.append(word("action_plan", self.lang) + self.sep + plan)
        for key, name in (("person_in_charge", "owner"), ("estimated_implementation_date", "due")):
            if evaluation[key]:
                lines.append(word(name, self.lang) + self.sep + one_line(evaluation[key]))
        return "\n".join(lines)

    def evaluation_list(self) -> tuple[dict, dict]:
        groups: dict[str, list[tuple[str, str, str, str]]] = {}
        adjustments: dict[str, tuple[int, int, str]] = {}
        title = word("evaluation", self.lang)
        for evaluation in self.parts["evaluations"]:
            reference = evaluation["reference_to"]
            status, text = EVALUATIONS.get(evaluation["status"]), self.evaluation_text(evaluation)
            pieces, label = reference.split("."), self.label(reference)
            item = ".".join(pieces[:2])
            confirmed = (evaluation["x"], evaluation["y"]) == self.risks.get(
                RISK_ITEMS.get(int(pieces[1]), "") if item in ("3.2", "3.3", "3.4") else "")
            if item in ("3.2", "3.3", "3.4") and (evaluation["x"] or evaluation["y"]) \
                    and not confirmed:  # gauges equal to the risk's own: no adjustment
                if evaluation["x"] and evaluation["y"]:
                    adjustments[RISK_ITEMS[int(pieces[1])]] = (
                        evaluation["x"], evaluation["y"], text or word("adjusted", self.lang))
                    text = ""
                else:
                    text = "\n".join(filter(None, (f"x = {evaluation['x']}, y = "
                                                   f"{evaluation['y']}", text)))
                if status:
                    text = "\n".join(filter(None, (EVALUATION_LABELS[status].get(self.lang),
                                                   text)))
                self.keep(f"evaluation {reference}", f"{title} — {label}", text)
                continue
            module = ITEM_MODULES.get(item) if len(pieces) >= 2 else None
            if item == "3.1" and len(pieces) == 3:
                question_id = self.measure_questions.get(pieces[2])
                owner = self.questionnaire.module_of(question_id) if question_id else None
                module = owner.id if owner else module
            if status is None or module is None or self.questionnaire.module(module) is None:
                prefix = EVALUATION_LABELS[status].get(self.lang) if status else ""
                self.keep(f"evaluation {reference}", f"{title} — {label}",
                          "\n".join(filter(None, (prefix, text))))
                continue
            groups.setdefault(module, []).append((reference, label, status, text))
        return {module: self.merge(items) for module, items in groups.items()}, adjustments

    def merge(self, items: list[tuple[str, str, str, str]]) -> tuple[str, str]:
        """One evaluation per module: the worst status; the comment as given when every part
        says the same, else one line per evaluated part."""
        statuses = {status for _, _, status, _ in items}
        texts = {text for _, _, _, text in items}
        worst = max(statuses, key=SEVERITY_ORDER.index)
        if len(statuses) == 1 and len(texts) == 1 and (texts != {""} or worst == "acceptable"):
            return worst, texts.pop()
        return worst, "\n".join(
            f"{reference} {label} — {EVALUATION_LABELS[status].get(self.lang)}"
            + (self.sep + text if text else "") for reference, label, status, text in items)

    # ---------------------------------------------------------------- comments
    def comment_list(self) -> None:
        for comment in self.parts["comments"]:
            reference = comment["reference_to"]
            if comment["for_measure"]:
                label = self.label(f"3.1.{reference}")
            elif reference.isdigit() and int(reference) in QUESTIONS:
                label = QUESTIONS[int(reference)].get(self.lang)
            elif reference.isdigit() and int(reference) // 10 % 10 in RISK_ITEMS \
                    and int(reference) // 100 == 3:
                label = ITEMS[f"3.{int(reference) // 10 % 10}"].get(self.lang)
            else:
                label = f"{word('question', self.lang)} {reference}"
            self.keep(f"comment {reference}", f"{word('comment', self.lang)} — {label}",
                      tidy_text(comment["description"]))


def _date(value: Any) -> str | None:
    """A CNIL date (an ISO date or time) as YYYY-MM-DD, or None."""
    try:
        return date.fromisoformat(str(value)[:10]).isoformat() if value else None
    except ValueError:
        return None


OBJECT_REFERENCE = both("interchange/cnil/importing",
                        "'{reference}' is not a reference (a known defect of files written by "
                        "the CNIL tool); this evaluation is kept aside")
TEXTS_ASIDE = ("evaluation_comment", "action_plan_comment")


def read(parts: dict[str, Any], questionnaire: Questionnaire, lang: str = "fr") -> PiaContent:
    reader = Reader(parts, questionnaire, lang)
    meta = reader.pia()
    reader.measure_list()
    reader.answer_list()
    evaluations, adjustments = reader.evaluation_list()
    reader.own_measures()
    reader.comment_list()
    warnings = []
    for item in parts.get("set_aside", []):
        where = f"/evaluations/{item['index']}/reference_to"
        warnings.append(where + reader.sep + OBJECT_REFERENCE.get(lang).format(
            reference=item["reference"]))
        reader.keep(f"evaluation {item['index']}", f"{word('evaluation', lang)} "
                    f"({item['reference']})", "\n".join(
                        html_to_text(item.get(key) or "") for key in TEXTS_ASIDE))
    return PiaContent(
        warnings=tuple(warnings),
        title=meta["title"], pia_status=meta["pia_status"], answers=reader.answers,
        measures=tuple(reader.measures), evaluations=evaluations, adjustments=adjustments,
        risks=reader.risks, dpo_opinion=meta["dpo_opinion"],
        data_subjects_sought=meta["data_subjects_sought"],
        data_subjects_opinion=meta["data_subjects_opinion"], unmapped=tuple(reader.unmapped),
        people=tuple(meta["people"]), estimates=reader.estimates)
