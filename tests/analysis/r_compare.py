"""Running an R reference script on generated cases and comparing its numbers with ours (the live R checks).

The cases travel to R as JSON (NumPy arrays as lists, NaN as null); R answers with the fields it reports under
the names the Python side uses, infinities as "Inf" / "-Inf". Numbers agree to 1e-4: absolute, or relative for
values above 1.
"""

from __future__ import annotations

import json
import math
import subprocess
from pathlib import Path

import numpy as np
import pytest

TOLERANCE = 1e-4


def run_r(rscript: str, script: Path, cases: dict[str, dict], folder: Path) -> dict[str, dict]:
    """R's numbers for every case, from one run of `script` (``Rscript script cases.json results.json``)."""
    cases_file, results_file = folder / "cases.json", folder / "results.json"
    cases_file.write_text(json.dumps(json_ready(cases)), encoding="utf-8")
    run = subprocess.run(
        [rscript, str(script), str(cases_file), str(results_file)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    if run.returncode != 0:
        pytest.fail(f"{script.name} failed:\n{run.stderr}")
    return json.loads(results_file.read_text(encoding="utf-8"))


def json_ready(value):
    """NumPy arrays and NaN as JSON: lists, with null for a missing value."""
    if isinstance(value, dict):
        return {key: json_ready(item) for key, item in value.items()}
    if isinstance(value, np.ndarray | list | tuple):
        return [json_ready(item) for item in value]
    if isinstance(value, float | np.floating) and math.isnan(value):
        return None
    return value.item() if isinstance(value, np.generic) else value


def number(value) -> float:
    return math.nan if value is None else float(value)  # R writes infinities as "Inf" / "-Inf"


def agrees(ours, theirs) -> bool:
    """Our value equals R's: the same flag, the same list, both missing, or numbers within TOLERANCE."""
    if isinstance(theirs, bool):
        return ours is theirs
    if isinstance(theirs, list):
        return len(ours) == len(theirs) and all(agrees(a, b) for a, b in zip(ours, theirs, strict=True))
    ours, theirs = number(ours), number(theirs)
    if math.isnan(theirs) or math.isinf(theirs):
        return math.isnan(ours) if math.isnan(theirs) else ours == theirs
    return math.isclose(ours, theirs, rel_tol=TOLERANCE, abs_tol=TOLERANCE)
