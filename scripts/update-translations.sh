#!/usr/bin/env bash
# Refresh the French catalogue after interface strings changed in code or templates:
# new strings appear in messages.po with an empty translation (a test lists them until filled);
# then run it again with --compile to build messages.mo.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "${1:-}" = "--compile" ]; then
  exec .venv/bin/pybabel compile -d riskassess/translations
fi
pot=$(mktemp --suffix=.pot)
.venv/bin/pybabel extract -F babel.cfg -k lazy_gettext -k _l -k both:1c,2 --no-location --omit-header \
  -o "$pot" . >/dev/null 2>&1
.venv/bin/pybabel update -i "$pot" -d riskassess/translations --no-fuzzy-matching \
  --ignore-obsolete
rm -f "$pot"
