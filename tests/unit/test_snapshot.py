"""The report snapshot's codec (riskassess/reports/snapshot.py): every type comes back as it
was, and a snapshot can only name the dataclasses and enums of riskassess.core and of the
report's data, never another class (a database edit must not run code in the worker)."""

from __future__ import annotations

import enum
from datetime import UTC, date, datetime

import pytest

from riskassess.core.i18n import Text
from riskassess.core.workflow import Status
from riskassess.reports import snapshot
from riskassess.reports.data import AnsweredQuestion, ReportSection


def test_values_come_back_with_their_types():
    value = {
        "section": ReportSection("Titre « é »", [AnsweredQuestion("Q ?", "R", "unknown")],
                                 module_id="m", evaluation=("to_improve", "x"),
                                 kept=[("a", "b")]),
        "when": datetime(2026, 12, 4, 13, 5, tzinfo=UTC), "day": date(2027, 1, 15),
        "text": Text(fr="Bonjour", en="Hello"), "status": Status.APPROVED,
        "tuple": (1, (2.5, None), "x"), "frozen": frozenset({"b", "a"}),
        (1, "key"): [True, False], 3: "int key",
    }
    back = snapshot.decode(snapshot.encode(value))
    assert back == value
    assert isinstance(back["tuple"], tuple) and isinstance(back["tuple"][1], tuple)
    assert isinstance(back["section"].evaluation, tuple)
    assert isinstance(back["frozen"], frozenset) and back["status"] is Status.APPROVED
    assert back["when"].tzinfo is not None


@pytest.mark.parametrize("name", ["os:system", "subprocess:Popen", "builtins:eval",
                                  "riskassess.models:User", "riskassess.corex:Thing",
                                  "riskassess.core.risk_profile:nothing_here", "no colon"])
def test_classes_outside_the_allowed_modules_are_refused(name):
    with pytest.raises(snapshot.SnapshotError):
        snapshot.decode({"class": name, "fields": {}})


def test_a_function_of_an_allowed_module_is_not_a_class():
    with pytest.raises(snapshot.SnapshotError):
        snapshot.decode({"class": "riskassess.core.risk_profile:to_dict", "fields": {}})
    with pytest.raises(snapshot.SnapshotError):  # a class, but no enumeration
        snapshot.decode({"enum": "riskassess.reports.data:ReportSection", "value": 1})


@pytest.mark.parametrize("bad", [{"tuple": [], "extra": 1, "more": 2}, {"what": 1},
                                 {"map": [[[1], 2]]}, {"class": 3, "fields": {}}])
def test_malformed_snapshots_are_refused(bad):
    with pytest.raises(snapshot.SnapshotError):
        snapshot.decode(bad)


class Elsewhere(enum.Enum):
    A = 1


def test_encoding_refuses_what_decoding_would_refuse():
    with pytest.raises(snapshot.SnapshotError):
        snapshot.encode(Elsewhere.A)  # an enum of a module a snapshot may not name
    with pytest.raises(snapshot.SnapshotError):
        snapshot.encode(object())


def test_a_snapshot_kept_before_levels_moved_still_decodes():
    """Editions waiting for the worker keep the class names of their day: Level and Reason
    lived in core/scoring.py until they moved to core/levels.py (issue 22), and scoring still
    names them."""
    from riskassess.core.levels import Level, Reason

    text = {"class": "riskassess.core.i18n:Text", "fields": {"fr": "Oui", "en": "Yes"}}
    kept = {"tuple": [
        {"class": "riskassess.core.scoring:Level", "fields": {"severity": 3, "likelihood": 2}},
        {"class": "riskassess.core.scoring:Reason", "fields": {
            "question_id": "q", "question": text, "answer": text, "effect": text,
            "explanation": text, "kind": "raises"}}]}
    level, reason = snapshot.decode(kept)
    assert level == Level(3, 2) and reason == Reason("q", *[Text("Oui", "Yes")] * 4)
    assert snapshot.encode(level)["class"] == "riskassess.core.levels:Level"
