"""The baseline of benchmarks/throughput.py: a minimal Flask application answering "ok",
served by the same gunicorn configuration as riskassess (`gunicorn bare_app:app`), and loaded
the same way (riskassess/wsgi.py: the objects of start-up frozen out of garbage collection)."""

import gc

from flask import Flask

app = Flask(__name__)


@app.get("/ok")
def ok() -> str:
    return "ok"


gc.freeze()
