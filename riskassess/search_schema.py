"""What the full-text search reads beside the models (services/search.py), made by migration
0021 and outside the models because each exists on one database only: on PostgreSQL the GIN
index `ix_outcome_search_fr` on to_tsvector('french', search_text) of assessment_outcome; on
SQLite the FTS5 table `assessment_fts` (and the tables FTS5 keeps for it), kept in step with
`search_text` by triggers. Comparisons of the models with the database (migrations/env.py,
tests/web/test_schema_and_i18n.py) leave them out."""

from __future__ import annotations

SEARCH_OBJECTS = ("ix_outcome_search_fr", "assessment_fts")


def not_search_object(name: str | None, type_: str, _parent_names) -> bool:
    """False for the search's own tables and index (an `include_name` hook of Alembic)."""
    return not (name and type_ in ("table", "index") and name.startswith(SEARCH_OBJECTS))
