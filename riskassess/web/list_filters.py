"""The query string of a list page read into lists.Filters: every value checked against what
it may be, anything else ignored (a list is never an error page because of its URL)."""

from __future__ import annotations

from werkzeug.datastructures import MultiDict

from riskassess.core.ai_act import TIERS
from riskassess.core.limits import MAX_ID
from riskassess.core.risk_profile import CONCLUSIONS
from riskassess.core.screening import VERDICTS
from riskassess.core.workflow import Status
from riskassess.services import lists
from riskassess.services.catalogue import catalogue


def _one_of(value: str, allowed) -> str | None:
    return value if value in allowed else None


def read(args: MultiDict) -> tuple[lists.Filters, str]:
    """(the filters, the status chosen or "") of a list page's query string."""
    owner = args.get("owner", "")
    status = args.get("status", "")
    filters = lists.Filters(
        text=" ".join(args.get("q", "")[:lists.MAX_SEARCH].split()),
        owner_id=int(owner) if owner.isascii() and owner.isdigit()
        and 0 < int(owner) <= MAX_ID else None,
        template_id=_one_of(args.get("template", ""), catalogue().templates),
        conclusion=_one_of(args.get("conclusion", ""), CONCLUSIONS),
        screening=_one_of(args.get("screening", ""), VERDICTS),
        ai_tier=_one_of(args.get("tier", ""), TIERS),
        actions=_one_of(args.get("actions", ""), lists.ACTIONS),
        review_due=args.get("review") == "due",
        sort=_one_of(args.get("sort", ""), lists.SORTS) or "updated")
    return filters, status if status in set(Status) else ""
