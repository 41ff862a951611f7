"""What the load and fault tests demand of the stored data, given what the users saw.

Each successful module save moves the assessment from the version its form carried to the
next one (optimistic locking), so the acknowledged saves of an assessment are ordered by the
versions they wrote. A save whose request got no answer (the server was killed) may or may not
have been committed: it may explain a version nobody acknowledged, nothing more. (Replaying
only the acknowledged saves assumes that such an unacknowledged save, when it is not the last
one, was overwritten by later saves of the same module: the fault test saves one module.)
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from tests.load.store import Stored
from tests.load.wizard_user import Save


def apply(answers: dict[str, Any], save: Save) -> dict[str, Any]:
    """The answers after `save` (a module save replaces every answer of the module)."""
    result = dict(answers)
    for question_id, value in save.values.items():
        if value is None:
            result.pop(question_id, None)
        else:
            result[question_id] = value
    return result


def problems(saves: list[Save], before: dict[int, Stored], after: dict[int, Stored]
             ) -> list[str]:
    """Every way the stored data disagrees with the acknowledged saves (empty when none)."""
    found: list[str] = []
    per_assessment: dict[int, list[Save]] = defaultdict(list)
    for save in saves:
        per_assessment[save.assessment].append(save)
    for assessment, attempts in sorted(per_assessment.items()):
        found += _assessment_problems(assessment, attempts, before[assessment],
                                      after[assessment])
    return found


def _assessment_problems(assessment: int, attempts: list[Save], before: Stored,
                         after: Stored) -> list[str]:
    label = f"assessment {assessment}"
    acked = sorted((s for s in attempts if s.outcome == "acked"), key=lambda s: s.version)
    unknown = [s for s in attempts if s.outcome == "unknown"]
    found = [f"{label}: save {s.token} acknowledged version {s.version}, not "
             f"{s.expected + 1} (it was made over version {s.expected})"
             for s in acked if s.version != s.expected + 1]
    versions = [s.version for s in acked]
    if len(set(versions)) != len(versions):
        found.append(f"{label}: two acknowledged saves wrote the same version (a lost update): "
                     f"{sorted(v for v in versions if versions.count(v) > 1)}")
    if found:
        return found
    acked_by_version = {s.version: s for s in acked}
    for version in range(before.version + 1, after.version + 1):
        if version not in acked_by_version and not any(s.expected == version - 1
                                                       for s in unknown):
            found.append(f"{label}: version {version} was written by no save of ours")
    if versions and versions[-1] > after.version:
        found.append(f"{label}: acknowledged version {versions[-1]} is lost (stored version "
                     f"{after.version})")
    events = after.saved_events - before.saved_events
    if events != after.version - before.version:
        found.append(f"{label}: {events} 'answers.saved' audit events for "
                     f"{after.version - before.version} committed saves")
    replayed = dict(before.answers)
    for save in acked:
        if save.version < after.version:
            replayed = apply(replayed, save)
    last = acked_by_version.get(after.version)
    finals = [last] if last else [s for s in unknown if s.expected == after.version - 1]
    candidates = [apply(replayed, s) for s in finals] or [replayed]
    if after.answers not in candidates:
        found.append(f"{label}: stored answers differ from the last acknowledged save"
                     f"{_difference(after.answers, candidates[0])}")
    return found


def _difference(stored: dict[str, Any], expected: dict[str, Any]) -> str:
    keys = sorted(set(stored) | set(expected))
    diff = [f"{k}: stored {stored.get(k)!r}, expected {expected.get(k)!r}"
            for k in keys if stored.get(k) != expected.get(k)]
    return " (" + "; ".join(diff[:5]) + (" …" if len(diff) > 5 else "") + ")"


def acknowledged_pairs(saves: list[Save]) -> set[tuple[int, str]]:
    """The (assessment, question) pairs whose last acknowledged value is an answer."""
    last: dict[tuple[int, str], tuple[int, Any]] = {}
    for save in saves:
        if save.outcome != "acked":
            continue
        for question_id, value in save.values.items():
            key = (save.assessment, question_id)
            if key not in last or last[key][0] < save.version:
                last[key] = (save.version, value)
    return {key for key, (_, value) in last.items() if value is not None}
