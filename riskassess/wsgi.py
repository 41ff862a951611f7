"""The WSGI entry point for production servers: `gunicorn riskassess.wsgi:app`
(see docs/deployment.md and scripts/serve.sh)."""

import gc

from riskassess import create_app
from riskassess.extensions import db

app = create_app()
with app.app_context():  # gunicorn --preload forks the workers after this: share no connection
    for engine in db.engines.values():
        engine.dispose()
gc.freeze()  # what start-up loaded lives as long as the process: no garbage collector scans
