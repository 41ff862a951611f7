"""scripts/guide_screenshots.py loaded as a module (scripts/ is not a package)."""

from __future__ import annotations

import importlib.util
import sys
from functools import cache
from pathlib import Path

PATH = Path(__file__).resolve().parents[2] / "scripts" / "guide_screenshots.py"


@cache
def script():
    spec = importlib.util.spec_from_file_location("guide_screenshots", PATH)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module
