"""The OpenAPI 3.0 document of the API, precise enough to validate every response against.

Enumerations come from the code that produces the values (statuses, verdicts, tiers,
pillars, conclusions), so the document follows the application as it evolves.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from riskassess.api.params import DEFAULT_PER_PAGE, LANGS, MAX_PAGE, MAX_PER_PAGE, PREFIX, STATUSES
from riskassess.core.action_plan import STATUS_LABELS as ACTION_STATUSES
from riskassess.core.ai_act import TIERS
from riskassess.core.limits import MAX_ID
from riskassess.core.risk_profile import CONCLUSIONS, PILLARS
from riskassess.core.screening import VERDICT_LABELS
from riskassess.services.reports import EDITIONS

Schema = dict[str, Any]
STRING: Schema = {"type": "string"}
STRINGS: Schema = {"type": "array", "items": STRING}
TIME: Schema = {"type": "string", "format": "date-time"}
LEVEL: Schema = {"type": "integer", "minimum": 1, "maximum": 4}
SHA256: Schema = {"type": "string", "pattern": "^[0-9a-f]{64}$"}


def ref(name: str) -> Schema:
    return {"$ref": f"#/components/schemas/{name}"}


def nullable(schema: Schema) -> Schema:
    return {**schema, "nullable": True}


def obj(properties: dict[str, Schema]) -> Schema:
    """An object with exactly these properties, all present."""
    return {"type": "object", "properties": properties, "required": list(properties),
            "additionalProperties": False}


def array(schema: Schema) -> Schema:
    return {"type": "array", "items": schema}


SUMMARY = {
    "id": {"type": "integer", "minimum": 1},
    "title": STRING,
    "status": {"type": "string", "enum": list(STATUSES)},
    "revision": {"type": "integer", "minimum": 1},
    "sector": STRING,
    "owner": obj({"id": {"type": "integer"}, "name": STRING}),
    "questionnaire": obj({"id": STRING, "version": {"type": "integer"}}),
    "created_at": TIME,
    "updated_at": TIME,
    "submitted_at": nullable(TIME),
    "decided_at": nullable(TIME),
    "url": STRING,
}
FLAG_HITS = array(obj({"id": STRING, "label": STRING, "answers": STRINGS}))
SCHEMAS: dict[str, Schema] = {
    "Error": obj({"error": STRING}),
    "AssessmentSummary": obj(SUMMARY),
    "AssessmentPage": obj({
        "items": array(ref("AssessmentSummary")),
        "page": {"type": "integer", "minimum": 1},
        "per_page": {"type": "integer", "minimum": 1, "maximum": MAX_PER_PAGE},
        "total": {"type": "integer", "minimum": 0},
        "pages": {"type": "integer", "minimum": 0},
    }),
    "Assessment": obj({
        **SUMMARY,
        "description": STRING,
        "dpo_opinion": nullable(STRING),
        "answers": {"type": "object", "additionalProperties": {},
                    "description": "Stored answers by question id, as in the JSON export."},
        "profile_url": STRING,
        "reports": {**array(obj({"lang": {"type": "string", "enum": list(EDITIONS)},
                                 "sha256": SHA256, "created_at": TIME, "url": STRING})),
                    "description": "The latest report of each language edition, when you "
                                   "may download reports."},
    }),
    "Profile": obj({
        "screening": obj({
            "verdict": {"type": "string", "enum": list(VERDICT_LABELS)},
            "criteria": FLAG_HITS, "art35_3": FLAG_HITS, "cnil_list": FLAG_HITS,
            "cnil_exempt": FLAG_HITS,
            "recital_91": {"type": "boolean"},
            "reasons": STRINGS,
        }),
        "ai_act": obj({
            "tier": {"type": "string", "enum": list(TIERS)},
            "decided_by": FLAG_HITS, "transparency": FLAG_HITS,
            "fria_required": {"type": "boolean"},
            "reasons": STRINGS,
        }),
        "risks": array(obj({
            "id": STRING, "title": STRING,
            "pillar": {"type": "string", "enum": list(PILLARS)},
            "initial": obj({"severity": LEVEL, "likelihood": LEVEL}),
            "residual": obj({"severity": LEVEL, "likelihood": LEVEL}),
            "adjusted": nullable(obj({"severity": LEVEL, "likelihood": LEVEL, "by": STRING,
                                      "justification": STRING})),
            "final": obj({"severity": LEVEL, "likelihood": LEVEL}),
            "trail": array(obj({
                "dimension": {"type": "string", "enum": ["severity", "likelihood"]},
                "kind": {"type": "string", "enum": ["base", "floor", "plus", "existing",
                                                    "measured_floor", "held_floor",
                                                    "planned"]},
                "amount": {"type": "integer"}, "counted": {"type": "integer"},
                "level": LEVEL, "phase": {"type": "string", "enum": ["initial", "residual"]},
                "note": {"type": "string", "enum": ["", "top", "cap", "minimum"]},
                "because": STRING})),
            "reasons": STRINGS,
        })),
        "conclusion": {"type": "string", "enum": list(CONCLUSIONS)},
        "pending_measures": STRINGS,
        "contradictions": array(obj({"question_id": STRING, "risk": STRING,
                                     "explanation": STRING})),
        "pillars": obj({p: obj({"score": {"type": "integer", "minimum": 0, "maximum": 100},
                                "level": LEVEL}) for p in PILLARS}),
        "action_plan": array(obj({
            "measure": STRING, "question_id": STRING, "risks": STRINGS,
            "owner": nullable(STRING), "due": nullable(STRING),
            "status": {"type": "string", "enum": list(ACTION_STATUSES)},
        })),
    }),
}


def error(description: str) -> dict[str, Any]:
    return {"description": description,
            "content": {"application/json": {"schema": ref("Error")}}}


RESPONSES = {
    "BadRequest": error("An invalid or unknown query parameter (the message says which)."),
    "Unauthorized": {**error("Missing, unknown or revoked token, or deactivated account."),
                     "headers": {"WWW-Authenticate": {"schema": STRING, "required": True}}},
    "Forbidden": error("You may see this assessment but not this resource (as in the "
                       "interface)."),
    "NotFound": error("No such assessment, or not one you may see (another organisation's "
                      "are never revealed)."),
    "InPreparation": {**error("The report of the revision just approved is still being laid "
                              "out by the background worker: ask again after Retry-After "
                              "seconds."),
                      "headers": {"Retry-After": {"schema": {"type": "integer"},
                                                  "required": True}}},
}


def responses(ok: dict[str, Any], *errors: str) -> dict[str, Any]:
    """200, and 400 (any unknown query parameter), 401 and the other `errors` given."""
    codes = {"BadRequest": "400", "Unauthorized": "401", "Forbidden": "403", "NotFound": "404",
             "InPreparation": "409"}
    return {"200": ok, **{codes[name]: {"$ref": f"#/components/responses/{name}"}
                          for name in ("BadRequest", "Unauthorized", *errors)}}


def json_ok(description: str, schema: Schema) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def query(name: str, schema: Schema, description: str) -> dict[str, Any]:
    return {"name": name, "in": "query", "required": False, "schema": schema,
            "description": description}


ASSESSMENT_ID = {"name": "assessment_id", "in": "path", "required": True,
                 "schema": {"type": "integer", "minimum": 1, "maximum": MAX_ID}}
PATHS = {
    "/assessments": {"get": {
        "operationId": "listAssessments",
        "summary": "The assessments you may see, newest first, one page at a time",
        "parameters": [
            query("page", {"type": "integer", "minimum": 1, "maximum": MAX_PAGE,
                           "default": 1}, "Page number."),
            query("per_page", {"type": "integer", "minimum": 1, "maximum": MAX_PER_PAGE,
                               "default": DEFAULT_PER_PAGE}, "Assessments per page."),
            query("status", {"type": "string", "enum": list(STATUSES)}, "Only this status."),
        ],
        "responses": responses(json_ok("A page of assessments.", ref("AssessmentPage"))),
    }},
    "/assessments/{assessment_id}": {"get": {
        "operationId": "getAssessment",
        "summary": "An assessment: metadata, status, revision, answers, latest report",
        "parameters": [ASSESSMENT_ID],
        "responses": responses(json_ok("The assessment.", ref("Assessment")), "NotFound"),
    }},
    "/assessments/{assessment_id}/profile": {"get": {
        "operationId": "getProfile",
        "summary": "The risk profile (as `flask score ID --json` prints it)",
        "parameters": [ASSESSMENT_ID, query("lang", {"type": "string", "enum": list(LANGS),
                                                     "default": "en"}, "Language of texts.")],
        "responses": responses(json_ok("The risk profile.", ref("Profile")), "NotFound"),
    }},
    "/assessments/{assessment_id}/report.pdf": {"get": {
        "operationId": "getReport",
        "summary": "The latest report (PDF) in a language edition, with its SHA-256",
        "parameters": [ASSESSMENT_ID, query("lang", {"type": "string", "enum": list(EDITIONS),
                                                     "default": "fr"}, "Edition.")],
        "responses": responses({
            "description": "The PDF report.",
            "headers": {"X-Report-SHA256": {"schema": SHA256, "required": True,
                                            "description": "SHA-256 of the PDF, as recorded "
                                                           "at approval."}},
            "content": {"application/pdf": {"schema": {"type": "string",
                                                       "format": "binary"}}},
        }, "Forbidden", "NotFound", "InPreparation"),
    }},
    "/openapi.json": {"get": {
        "operationId": "getOpenApi",
        "summary": "This document",
        "security": [],
        "responses": {"200": json_ok("The OpenAPI document.", {"type": "object"}),
                      "400": {"$ref": "#/components/responses/BadRequest"}},
    }},
}


@cache
def document() -> dict[str, Any]:
    return {
        "openapi": "3.0.3",
        "info": {
            "title": "riskassess API",
            "version": "1.0.0",
            "description": "Read-only access to the assessments you may see in riskassess, "
                           "with the same rules as the interface. Create a personal token on "
                           "the « API tokens » page and send it as "
                           "`Authorization: Bearer <token>`. Only GET is served (405 "
                           "otherwise); unknown query parameters are refused (400); errors "
                           "are JSON objects `{\"error\": \"...\"}`.",
        },
        "servers": [{"url": PREFIX}],
        "security": [{"bearerAuth": []}],
        "paths": PATHS,
        "components": {
            "securitySchemes": {"bearerAuth": {"type": "http", "scheme": "bearer",
                                               "description": "A personal API token (ra_…)."}},
            "schemas": SCHEMAS,
            "responses": RESPONSES,
        },
    }
