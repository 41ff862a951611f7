"""When an approved assessment is to be reviewed again: the date the decider sets, three years
after the decision by default (the CNIL advises a review at least every three years; GDPR
Art. 35(11) asks for one whenever the risk changes), never in the past nor beyond ten
years."""

from __future__ import annotations

from datetime import date, timedelta

REVIEW_YEARS = 3
MAX_REVIEW_DELAY = timedelta(days=10 * 366)


def review_date_by_default(today: date) -> date:
    try:
        return today.replace(year=today.year + REVIEW_YEARS)
    except ValueError:  # 29 February
        return today.replace(year=today.year + REVIEW_YEARS, day=28)


def acceptable(review_on: date, today: date) -> bool:
    return today < review_on <= today + MAX_REVIEW_DELAY
