"""The WSGI entry point for production servers: `gunicorn riskassess.wsgi:app`
(see docs/deployment.md and scripts/serve.sh)."""

import gc

from riskassess import create_app
from riskassess.extensions import db

app = create_app()
# Every template compiled once here: workers forked by gunicorn --preload (and those that
# replace them after --max-requests) inherit them instead of compiling them again each.
for name in app.jinja_env.list_templates(extensions=("html",)):
    app.jinja_env.get_template(name)
with app.app_context():  # gunicorn --preload forks the workers after this: share no connection
    for engine in db.engines.values():
        engine.dispose()
gc.freeze()  # what start-up loaded lives as long as the process: no garbage collector scans
