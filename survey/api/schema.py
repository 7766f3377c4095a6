"""The OpenAPI 3.1 document of the JSON API, written by hand so that it says what the API promises.

Served at ``/api/v1/openapi.json``; ``tests/survey/test_api_schemathesis.py`` checks the API against it.

>>> document = openapi_document("https://arvio.example")
>>> document["openapi"], document["servers"][0]["url"]
('3.1.0', 'https://arvio.example/api/v1')
>>> sorted(document["paths"])[:3]
['/collections', '/collections/{collection_id}', '/collections/{collection_id}/counts']
"""

from __future__ import annotations

from copy import deepcopy

from survey.bounds import MAX_ID
from survey.collect.team import MAX_DAYS

MAX_PER_PAGE = 1000
API_VERSION = "1.0"


def _ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def _array(items: dict) -> dict:
    return {"type": "array", "items": items}


def _object(properties: dict, required: list[str] | None = None, **extra) -> dict:
    schema = {"type": "object", "properties": properties, "required": required or list(properties)}
    schema.update(extra)
    return schema


TEXT = {
    "type": "object",
    "description": "A text in Finnish, Swedish and English (a language may be missing).",
    "properties": {lang: {"type": "string"} for lang in ("fi", "sv", "en")},
    "additionalProperties": False,
}
SUPPRESSED = _object(
    {
        "suppressed": {"enum": ["small_cell", "complementary", "small_group"]},
        "text": _ref("Text"),
    },
    description="Stands in for a number that would describe fewer than `min_cell` people.",
)
CELL = {
    "description": "A number, null where undefined (e.g. the sd of one value), or a suppression marker.",
    "anyOf": [{"type": ["number", "null"]}, _ref("Suppressed")],
}
GROUPING = {
    "by": {"type": ["string", "null"]},
    "group": {"type": ["string", "null"]},
    "wave": {"type": ["string", "null"]},
}
ROW = {"type": "object", "description": "One row of a report table; see the field names in `Report`."}

SCHEMAS = {
    "Error": _object(
        {
            "error": {"type": "string", "description": "e.g. not_found, unauthorized, bad_parameter, forbidden"},
            "message": {"type": "string", "description": "What went wrong, for people (English)."},
        }
    ),
    "Text": TEXT,
    "Suppressed": SUPPRESSED,
    "Cell": CELL,
    "User": _object(
        {
            "id": {"type": "integer"},
            "email": {"type": "string"},
            "name": {"type": "string"},
            "role": {"enum": ["coordinator", "evaluator", "team_member"]},
        }
    ),
    "Project": _object(
        {
            "id": {"type": "integer"},
            "code": {"type": "string"},
            "name": {"type": "string"},
            "kind": {"enum": ["single", "group"]},
            "sectors": _array({"type": "string"}),
            "counties": _array({"type": "string"}),
            "raw_data": {"type": "boolean", "description": "Whether the token may read this project's responses."},
        }
    ),
    "Collection": _object(
        {
            "id": {"type": "integer"},
            "project_id": {"type": "integer"},
            "project_code": {"type": "string"},
            "label": {"type": "string"},
            "instrument_id": {"type": "string"},
            "instrument_version": {"type": "string"},
            "wave": {"type": "string"},
            "respondent_group": {"type": "string"},
            "languages": _array({"enum": ["fi", "sv", "en"]}),
            "status": {"enum": ["not_ready", "not_yet_open", "open", "closed"]},
            "opens_at": {"type": "string", "format": "date-time"},
            "closes_at": {"type": ["string", "null"], "format": "date-time"},
            "responses": {"type": "integer", "minimum": 0, "description": "Responses submitted so far."},
        }
    ),
    "DayCount": _object({"date": {"type": "string", "format": "date"}, "responses": {"type": "integer"}}),
    "Counts": _object(
        {
            "collection_id": {"type": "integer"},
            "total": {"type": "integer", "minimum": 0},
            "days": _array(_ref("DayCount")),
        },
        description=(
            "Responses submitted each day (UTC dates), as on the collection's page: from the opening day to "
            f"today or the closing day, days without responses included (at most the last {MAX_DAYS} days). "
            "`total` counts every response."
        ),
    ),
    "Report": _object(
        {
            "instrument": _object({"id": {"type": "string"}, "version": {"type": "string"}}),
            "design": _object(
                {
                    "by": _array({"type": "string"}),
                    "wave": {"type": ["string", "null"]},
                    "pair": {"type": ["string", "null"]},
                    "waves": _array({"type": "string"}),
                    "unit": {"type": ["string", "null"]},
                    "min_cell": {"type": "integer"},
                    "language": {"enum": ["fi", "sv", "en"]},
                    "confidence": {"type": "number"},
                    "adjust": {"type": "string"},
                    "group_test": {"type": "string"},
                    "paired_test": {"type": "string"},
                }
            ),
            "created_at": {"type": "string", "format": "date-time"},
            "released": _object(
                {
                    "collections": _array({"type": "integer"}),
                    "closed_at": {"type": ["string", "null"], "format": "date-time"},
                    "waiting_for": _array({"type": "integer"}),
                },
                description="What the numbers describe: the closed collections analysed and when the newest "
                "closed. Open collections (waiting_for) are analysed once they close, so a report never changes "
                "by a few answers.",
            ),
            "filters": {"type": "object", "additionalProperties": {"type": "string"}},
            "n_responses": {"type": "integer"},
            "summaries": _array(
                _object(
                    {
                        "scale": {"type": "string"},
                        "label": _ref("Text"),
                        **GROUPING,
                        **{name: _ref("Cell") for name in ("n", "mean", "sd", "ci_low", "ci_high", "median")},
                    },
                    additionalProperties=True,
                )
            ),
            "distributions": _array(
                _object(
                    {"item": {"type": "string"}, **GROUPING, **{n: _ref("Cell") for n in ("count", "percent")}},
                    additionalProperties=True,
                )
            ),
            "proportions": _array(ROW),
            "reliability": _array(ROW),
            "comparisons": _array(ROW),
            "pairing": _array(ROW),
            "warnings": _array(
                _object({"code": {"type": "string"}, "subject": {"type": "string"}, "text": _ref("Text")})
            ),
            "labels": _object(
                {
                    "columns": {"type": "object", "additionalProperties": _ref("Text")},
                    "values": {
                        "type": "object",
                        "additionalProperties": {"type": "object", "additionalProperties": _ref("Text")},
                    },
                },
                description="Names of breakdown columns that are not items, and of their values, where a label "
                "file gave them (`python -m analysis report --labels`); empty in the app's reports.",
            ),
        },
        description=(
            "Every aggregate of one analysis, already suppressed: the same numbers as the results page and the "
            "workbook. Field meanings are documented in `analysis/report_model.py`."
        ),
    ),
    "ResponseRow": _object(
        {
            "response_id": {"type": "integer"},
            "project": {"type": "string"},
            "collection": {"type": "string"},
            "wave": {"type": "string"},
            "submitted_at": {"type": "string", "format": "date-time"},
            "language": {"type": "string"},
            "answers": {
                "type": "object",
                "description": "Item code -> answer code, list of codes, number or text; null if unanswered.",
            },
        }
    ),
    "PairedResponseRow": {
        "allOf": [
            _ref("ResponseRow"),
            _object(
                {
                    "pair_id": {
                        "type": "string",
                        "description": "A pseudonymous id shared by exactly the rows this call paired (a baseline "
                        "answer and the later answers matched to it by pairing code), new on every call; empty "
                        "for rows not paired. Never the pairing code.",
                    }
                }
            ),
        ]
    },
    "ResponsePage": _object(
        {
            "collection_id": {"type": "integer"},
            "page": {"type": "integer", "minimum": 1},
            "per_page": {"type": "integer", "minimum": 1, "maximum": MAX_PER_PAGE},
            "total": {"type": "integer", "minimum": 0},
            "pages": {"type": "integer", "minimum": 0},
            "responses": _array(_ref("ResponseRow")),
        }
    ),
}


def _error(description: str) -> dict:
    return {"description": description, "content": {"application/json": {"schema": _ref("Error")}}}


ERRORS = {
    "400": _error("A parameter is not valid."),
    "401": _error("No token, or a token that is not valid (revoked, or its user is deactivated)."),
    "403": _error("The token's user may see the project but not do this (e.g. read raw responses)."),
    "404": _error("No such object, or one the token's user may not see (the two are not told apart)."),
    "422": _error("The selection cannot be analysed: no responses yet, or different questionnaires."),
}


def _ok(schema: dict, description: str = "OK", media: str = "application/json") -> dict:
    return {"description": description, "content": {media: {"schema": schema}}}


def _operation(
    op_id: str, summary: str, ok: dict, errors: tuple[str, ...], parameters: tuple = (), **extra
) -> dict:
    operation = {
        "operationId": op_id,
        "summary": summary,
        "responses": {"200": ok, **{code: ERRORS[code] for code in ("401", *errors)}},
    }
    if parameters:
        operation["parameters"] = list(parameters)
    operation.update(extra)
    return {"get": operation}


def _path_id(name: str) -> dict:
    return {
        "name": name,
        "in": "path",
        "required": True,
        "schema": {"type": "integer", "minimum": 1, "maximum": MAX_ID},
    }


def _query(name: str, schema: dict, description: str, **extra) -> dict:
    return {"name": name, "in": "query", "required": False, "schema": schema, "description": description, **extra}


def _many(name: str, items: dict, description: str) -> dict:
    return _query(name, _array(items), description, style="form", explode=True)


ID = {"type": "integer", "minimum": 1, "maximum": MAX_ID}
PROJECT_ID = _path_id("project_id")
COLLECTION_ID = _path_id("collection_id")
LANG = _query("lang", {"enum": ["fi", "sv", "en"]}, "Language of the texts in the report (default: the user's).")
BY = _many(
    "by", {"type": "string", "maxLength": 64}, "Break every table down by this background item (repeatable)."
)
SCALE = _many("scale", {"type": "string", "maxLength": 64}, "Only these scales (repeatable; default all).")
WAVE = _many("wave", {"type": "string", "maxLength": 40}, "Only collections of these waves (repeatable).")
PAGE = _query("page", {"type": "integer", "minimum": 1, "maximum": MAX_ID, "default": 1}, "Page number, from 1.")
PER_PAGE = _query(
    "per_page", {"type": "integer", "minimum": 1, "maximum": MAX_PER_PAGE, "default": 100}, "Rows per page."
)
RAW = "Raw (row-level) responses. Needs the raw-data grant; every call is written to the audit log."

PATHS = {
    "/me": _operation("me", "The user the token belongs to.", _ok(_ref("User")), ()),
    "/projects": _operation("listProjects", "The projects the user may see.", _ok(_array(_ref("Project"))), ()),
    "/projects/{project_id}": _operation(
        "getProject", "One project.", _ok(_ref("Project")), ("404",), (PROJECT_ID,)
    ),
    "/projects/{project_id}/collections": _operation(
        "listProjectCollections",
        "A project's data collections with their response counts.",
        _ok(_array(_ref("Collection"))),
        ("404",),
        (PROJECT_ID,),
    ),
    "/collections": _operation(
        "listCollections",
        "Every collection the user may see, with response counts.",
        _ok(_array(_ref("Collection"))),
        (),
    ),
    "/collections/{collection_id}": _operation(
        "getCollection", "One collection.", _ok(_ref("Collection")), ("404",), (COLLECTION_ID,)
    ),
    "/collections/{collection_id}/counts": _operation(
        "getCollectionCounts", "Responses submitted each day.", _ok(_ref("Counts")), ("404",), (COLLECTION_ID,)
    ),
    "/collections/{collection_id}/report": _operation(
        "getCollectionReport",
        "The results of one collection: the Report, suppressed as on the results page.",
        _ok(_ref("Report")),
        ("400", "404", "422"),
        (COLLECTION_ID, BY, SCALE, LANG),
    ),
    "/reports": _operation(
        "getReport",
        "The results of a selection: several collections of one questionnaire, or every collection of some "
        "projects with one questionnaire; several waves are compared (paired by pairing code where asked).",
        _ok(_ref("Report")),
        ("400", "404", "422"),
        (
            _many("collection", ID, "A collection id (repeatable)."),
            _many("project", ID, "A project id (repeatable; needs `instrument`)."),
            _query("instrument", {"type": "string", "maxLength": 64}, "A questionnaire id, with `project`."),
            WAVE,
            BY,
            SCALE,
            LANG,
        ),
    ),
    "/collections/{collection_id}/responses": _operation(
        "listResponses",
        RAW + " One page of rows, oldest first.",
        _ok(_ref("ResponsePage")),
        ("400", "403", "404"),
        (COLLECTION_ID, PAGE, PER_PAGE),
    ),
    "/collections/{collection_id}/responses.ndjson": _operation(
        "streamResponses",
        RAW + " Every row, oldest first, one JSON object a line (newline-delimited JSON), streamed.",
        _ok(_ref("ResponseRow"), "One ResponseRow a line.", "application/x-ndjson"),
        ("403", "404"),
        (COLLECTION_ID,),
    ),
    "/responses.ndjson": _operation(
        "streamSelectionResponses",
        RAW + " Every row of a selection (the same parameters as `/reports`), one JSON object a line, each "
        "with the pseudonymous pair id of the selection's pairing of waves.",
        _ok(_ref("PairedResponseRow"), "One PairedResponseRow a line.", "application/x-ndjson"),
        ("400", "403", "404", "422"),
        (
            _many("collection", ID, "A collection id (repeatable)."),
            _many("project", ID, "A project id (repeatable; needs `instrument`)."),
            _query("instrument", {"type": "string", "maxLength": 64}, "A questionnaire id, with `project`."),
            WAVE,
        ),
    ),
    "/openapi.json": _operation(
        "openapi",
        "This document.",
        _ok({"type": "object"}),
        (),
        security=[],
    ),
}
# The document itself is public: it needs no token, so it has no 401 either.
del PATHS["/openapi.json"]["get"]["responses"]["401"]

DOCUMENT = {
    "openapi": "3.1.0",
    "info": {
        "title": "Arvio API",
        "version": API_VERSION,
        "description": (
            "Read-only access to the projects, data collections, response counts, results and (with the raw-data "
            "grant) the responses a signed-in user may see, with the same permissions as the pages. Create a "
            "personal token on the API tokens page and send it as `Authorization: Bearer <token>`. "
            "Aggregates are suppressed as on the pages: no shown number describes fewer than `min_cell` people. "
            'Errors are JSON: `{"error": "<code>", "message": "<text>"}`.'
        ),
    },
    "paths": PATHS,
    "components": {
        "schemas": SCHEMAS,
        "securitySchemes": {
            "bearer": {"type": "http", "scheme": "bearer", "description": "A personal API token."}
        },
    },
    "security": [{"bearer": []}],
}


def openapi_document(base_url: str) -> dict:
    """The document with its server address (``<base_url>/api/v1``)."""
    document = deepcopy(DOCUMENT)
    document["servers"] = [{"url": base_url.rstrip("/") + "/api/v1"}]
    return document
