"""Notifications: who is told of what, in the app and by e-mail.

Each event writes, in the transaction of the event itself, one `Notification` per person
concerned and, for those who want it by e-mail, one `OutboxMessage` in their language (plain
text): the worker (riskassess/worker.py) sends it later, so a mail server that is down never
fails nor loses a user's action. The caller commits.
"""

from __future__ import annotations

import re

from flask import current_app, has_request_context, request, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import select

from riskassess.core import permissions
from riskassess.extensions import db
from riskassess.models import Assessment, Notification, OutboxMessage, ReviewComment, User

KINDS = ("submitted", "changes_requested", "remark_added", "remark_answered", "opinion_given",
         "decided", "action_due", "action_late", "out_of_date")
EXCERPT = 300  # characters of a remark or an opinion quoted in a notification
KIND_BY_EVENT = {"submit": "submitted", "resubmit": "submitted",
                 "request_changes": "changes_requested", "give_opinion": "opinion_given",
                 "approve": "decided", "approve_with_conditions": "decided",
                 "reject": "decided"}


def kind_label(kind: str) -> str:
    """What each kind is called on the preferences page."""
    return {
        "submitted": _("An assessment is submitted for review"),
        "changes_requested": _("An assessment is sent back to its authors"),
        "remark_added": _("A remark is made"),
        "remark_answered": _("A remark is answered"),
        "opinion_given": _("The DPO gives an opinion"),
        "decided": _("The decision is taken"),
        "action_due": _("A planned measure is due soon"),
        "action_late": _("A planned measure is late"),
        "out_of_date": _("What an approved assessment relied on changed (its register "
                         "record, a new measurement, the questionnaire content)"),
    }[kind]


def describe(kind: str, details: dict) -> str:
    """One sentence saying what happened, in the current language."""
    from riskassess.labels import DECISION_LABELS, OPINION_LABELS

    values = {"actor": details.get("actor") or "?", "title": details.get("title") or "?",
              "where": details.get("where") or "", "due": details.get("due") or ""}
    if kind == "submitted":
        return _("%(actor)s submitted “%(title)s” for review.", **values)
    if kind == "changes_requested":
        return _("%(actor)s sent “%(title)s” back to its authors.", **values)
    if kind == "remark_added":
        return _("%(actor)s made a remark on “%(title)s” (%(where)s).", **values)
    if kind == "remark_answered":
        return _("%(actor)s answered a remark on “%(title)s” (%(where)s).", **values)
    if kind == "opinion_given":
        return _("%(actor)s gave the DPO's opinion on “%(title)s”: %(opinion)s.",
                 opinion=str(OPINION_LABELS.get(details.get("opinion"), "?")), **values)
    if kind == "decided":
        return _("%(actor)s decided on “%(title)s”: %(decision)s.",
                 decision=str(DECISION_LABELS.get(details.get("decision"), "?")), **values)
    if kind == "action_due":
        return _("A planned measure of “%(title)s” is due on %(due)s: %(where)s.", **values)
    if kind == "out_of_date" and details.get("cause") == "measurement":
        return _("%(actor)s measured a data sample of “%(title)s” again: worse than when it "
                 "was approved (%(where)s); the assessment is out of date.", **values)
    if kind == "out_of_date" and details.get("cause") == "content":
        return _("Under the current questionnaire content, “%(title)s” would change "
                 "(%(where)s): the assessment is out of date.", **values)
    if kind == "out_of_date":
        return _("%(actor)s changed the register record of “%(title)s”: the assessment is out "
                 "of date (%(where)s).", **values)
    return _("A planned measure of “%(title)s” was due on %(due)s: %(where)s.", **values)


def authors(assessment: Assessment) -> list[User]:
    return [assessment.owner, *assessment.coauthors]


def authors_and_dpos(assessment: Assessment) -> list[User]:
    return [*authors(assessment), *_holding(assessment, "dpo")]


def _holding(assessment: Assessment, role: str) -> list[User]:
    """Active users of the assessment's organisation who hold `role` (main or extra)."""
    members = db.session.scalars(select(User).where(
        User.organisation_id == assessment.organisation_id, User.active.is_(True)))
    return [u for u in members if role in permissions.roles_of(u)]


def review_event(actor: User, assessment: Assessment, action: str, text: str = "") -> None:
    """A move of the workflow (an Action's value), with the text it came with (the request,
    the opinion, the conditions): tell whoever acts next or is concerned."""
    kind = KIND_BY_EVENT.get(action)
    if kind is None:
        return
    if kind == "submitted":
        people = _holding(assessment, "dpo")
    elif kind == "changes_requested":
        people = authors(assessment)
    elif kind == "opinion_given":
        people = authors(assessment) + _holding(assessment, "decider")
    else:
        people = authors(assessment) + [u for u in (assessment.opinion_by,) if u]
    details = {"opinion": assessment.opinion_kind, "decision": assessment.decision_kind}
    tell(people, actor, kind, assessment,
         path_for("assessments.show", assessment_id=assessment.id), details, text)


def remark_event(actor: User, assessment: Assessment, note: ReviewComment, where: dict,
                 link: str) -> None:
    """A remark made (told to the other side) or answered (told to the thread's people)."""
    if note.parent_id is None:
        kind = "remark_added"
        people = _holding(assessment, "dpo") if permissions.is_author(actor, assessment) \
            else authors(assessment)
    else:
        kind = "remark_answered"
        thread = [c for c in assessment.comments
                  if c.id == note.parent_id or c.parent_id == note.parent_id]
        people = [c.author for c in thread if c.author is not None]
    tell(people, actor, kind, assessment, link, {"where": where}, note.body)


def path_for(endpoint: str, **values) -> str:
    """url_for, also outside a request (the CLI's demo data, the worker)."""
    if has_request_context():
        return url_for(endpoint, **values)
    with current_app.test_request_context(base_url=current_app.config["PUBLIC_URL"]):
        return url_for(endpoint, **values)


def tell(people: list[User], actor: User | None, kind: str, assessment: Assessment | None,
          link: str, details: dict, excerpt: str = "") -> None:
    """Write the notifications and the outbox messages of one event (no commit)."""
    seen: set[int] = set()
    base = {"title": assessment.title if assessment else "",
            "actor": actor.name if actor else "", **details}
    if excerpt:
        base["excerpt"] = excerpt[:EXCERPT] + ("…" if len(excerpt) > EXCERPT else "")
    for person in people:
        if person.id in seen or (actor is not None and person.id == actor.id) \
                or not person.active:
            continue
        seen.add(person.id)
        db.session.add(Notification(user_id=person.id, kind=kind, link=link, details=base,
                                    assessment_id=assessment.id if assessment else None,
                                    actor_id=actor.id if actor else None))
        if kind not in (person.mail_off or "").split():
            db.session.add(message_for(person, kind, base, link))


def localized(details: dict, lang: str) -> dict:
    """`details` with its {"fr": …, "en": …} values in `lang`."""
    return {k: (v.get(lang) or v.get("fr") or "") if isinstance(v, dict) else v
            for k, v in details.items()}


def message_for(person: User, kind: str, details: dict, link: str) -> OutboxMessage:
    lang = person.lang if person.lang in ("fr", "en") else "fr"
    with force_locale(lang):
        values = localized(details, lang)
        sentence = describe(kind, values)
        parts = [sentence]
        if values.get("excerpt"):
            parts.append("«\u00a0" + values["excerpt"] + "\u00a0»" if lang == "fr"
                         else "“" + values["excerpt"] + "”")
        parts.append(_("Open it: %(link)s", link=absolute(link)))
        parts.append("-- \n" + _("You receive this e-mail because of your notification "
                                 "settings in riskassess: %(link)s",
                                 link=absolute(path_for("notifications.settings"))))
        prefix = "riskassess\u00a0: " if lang == "fr" else "riskassess: "
        # one line, whatever the title; French non-breaking spaces kept
        subject = re.sub(r"[ \t\r\n\f\v]+", " ", prefix + sentence).strip()
    return OutboxMessage(organisation_id=person.organisation_id, recipient=person.email,
                         kind=kind, lang=lang, subject=subject[:300],
                         body="\n\n".join(parts))


def absolute(path: str) -> str:
    """The address of a path of the application: the request's host, else PUBLIC_URL."""
    base = request.host_url if has_request_context() else current_app.config["PUBLIC_URL"]
    return base.rstrip("/") + path
