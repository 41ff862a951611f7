"""What services refuse with, shared by all of them (the views and the API turn them into
responses)."""

from __future__ import annotations


class PermissionDenied(Exception):
    """The user may not do this to this object (the view turns it into 403/404)."""
