"""riskassess: privacy and ethics risk assessment of data and AI projects.

The factory lives in `riskassess.app`; it is imported lazily here so that importing
`riskassess.core` never pulls in Flask or SQLAlchemy.
"""

from __future__ import annotations


def create_app(config: dict | None = None, *, web: bool = True):
    from riskassess.app import create_app as factory

    return factory(config, web=web)
