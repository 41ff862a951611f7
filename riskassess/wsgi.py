"""The WSGI entry point for production servers: `gunicorn riskassess.wsgi:app`
(see docs/deployment.md and scripts/serve.sh)."""

from riskassess import create_app

app = create_app()
