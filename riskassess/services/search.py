"""Full-text search of assessments: title, description and answers (the outcome's
`search_text`, services/outcomes.py).

PostgreSQL matches French stemmed words (`recrutement` finds « recruter »), through the GIN
index on `to_tsvector('french', search_text)`; SQLite, the embedded default, matches words and
word beginnings, accents ignored, through the FTS5 table `assessment_fts` (migration 0021).
Every word must match. The words typed are passed as data (plainto_tsquery; FTS5 strings),
never as query syntax.
"""

from __future__ import annotations

from sqlalchemy import ColumnElement, func, literal_column, select, table

from riskassess.extensions import db
from riskassess.models import AssessmentOutcome

MAX_WORDS = 10
FRENCH = literal_column("'french'")  # written out so that the index's expression matches


def like_pattern(text: str) -> str:
    """`text` as a LIKE pattern matching it anywhere, its wildcards taken literally (with
    escape="\\")."""
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _fts5_query(words: list[str]) -> str:
    """Each word as an FTS5 string (quotes doubled) matching it and words it begins."""
    return " ".join('"' + word.replace('"', '""') + '"*' for word in words)


def matches(text: str) -> ColumnElement[bool] | None:
    """A condition on AssessmentOutcome rows whose words contain all of `text`'s; None when
    nothing is searched."""
    words = [w for w in text.split() if any(c.isalnum() for c in w)][:MAX_WORDS]
    if not words:
        return None
    if db.engine.dialect.name == "postgresql":
        vector = func.to_tsvector(FRENCH, AssessmentOutcome.search_text)
        return vector.op("@@")(func.plainto_tsquery(FRENCH, " ".join(words)))
    fts = table("assessment_fts")
    hits = select(literal_column("rowid")).select_from(fts).where(
        literal_column("assessment_fts").op("MATCH")(_fts5_query(words)))
    return AssessmentOutcome.assessment_id.in_(hits)
