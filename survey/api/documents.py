"""What the JSON API says about projects, collections and responses: the documents its views return.

The views in :mod:`survey.api.routes` only read the request, check the permission and return one of these;
every field is described in :mod:`survey.api.schema`.
"""

from __future__ import annotations

import json

from flask_login import current_user

from survey.accounts import permissions
from survey.collect.collections import response_counts
from survey.models import Collection, Project
from survey.results.rows import ResponseRow, utc_text


def project_document(project: Project) -> dict:
    return {
        "id": project.id,
        "code": project.code,
        "name": project.name,
        "kind": project.kind.value,
        "sectors": list(project.sectors or []),
        "counties": list(project.counties or []),
        "raw_data": permissions.can_download_raw(current_user, project),
    }


def collection_documents(collections: list[Collection]) -> list[dict]:
    counts = response_counts(collections)
    return [
        {
            "id": c.id,
            "project_id": c.project_id,
            "project_code": c.project.code,
            "label": c.label,
            "instrument_id": c.instrument_id,
            "instrument_version": c.instrument_version,
            "wave": c.wave,
            "respondent_group": c.respondent_group,
            "languages": list(c.languages),
            "status": c.status().value,
            "opens_at": utc_text(c.opens_at),
            "closes_at": utc_text(c.closes_at) if c.closes_at else None,
            "responses": counts.get(c.id, 0),
        }
        for c in collections
    ]


def ndjson_line(row: ResponseRow, **extra: object) -> str:
    """One response as a line of newline-delimited JSON."""
    return json.dumps({**row.as_dict(), **extra}, ensure_ascii=False) + "\n"
