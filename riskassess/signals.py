"""The application's own signals (blinker, as Flask's), in a module that imports nothing, so
that whoever listens needs not import whoever sends."""

from __future__ import annotations

from blinker import Namespace

_signals = Namespace()

# sent by services/report_builds.py after a decision asks for its report's editions; the
# sender is the application. riskassess/jobs.py listens (REPORTS_BUILT_IN_REQUEST).
editions_requested = _signals.signal("editions-requested")
