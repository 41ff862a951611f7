"""Pure domain logic: questionnaires, answers, scoring, workflow and permissions.

Nothing in this package imports Flask or SQLAlchemy, so every rule can be read and tested alone.
"""
