"""The user guide's screenshot script still drives the application (issue 21, part 7): run
against the browser journeys' server on the demo data, it takes every shot in both languages,
each a full-width page that is not blank."""

from __future__ import annotations

import pytest
from PIL import Image

from tests.web.guide_script import script

pytestmark = pytest.mark.e2e


def test_the_script_takes_every_screenshot_of_the_guide(browser, live_server, demo, tmp_path):
    guide = script()
    # the script names the demo assessments by their creation order (services/demo.py)
    assert demo["assessments"]["approved"] == guide.APPROVED
    assert demo["assessments"]["submitted"] == guide.SUBMITTED
    assert demo["assessments"]["changes_requested"] == guide.CHANGES
    assert demo["assessments"]["draft"] == guide.DRAFT
    written = guide.shoot(browser, live_server, tmp_path)
    assert sorted(p.relative_to(tmp_path).as_posix() for p in written) == sorted(
        f"{lang}/{shot.name}.png" for shot in guide.SHOTS for lang in ("fr", "en"))
    for path in written:
        with Image.open(path) as image:
            assert image.size == (1366, 820), path
            colours = image.convert("L").getextrema()
            assert colours[1] - colours[0] > 100, f"{path} is blank"
