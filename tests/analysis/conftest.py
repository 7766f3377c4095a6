"""Fixtures for the statistics tests: Rscript with the R packages the live cross-checks against R need.

Tests marked ``r`` compare our statistics with R run on the same data. They skip when Rscript or one of the
packages is missing, unless ARVIO_REQUIRE_R=1 (CI), when they fail.
"""

from __future__ import annotations

import os
import shutil
import subprocess

import pytest

R_PACKAGES = ("psych", "effectsize", "jsonlite")
METAFOR_PACKAGES = ("metafor", "jsonlite")  # pool_effects and the paired change effects

# Prints the packages that are not installed, one a line, without loading any of them (loading takes seconds).
_MISSING_PACKAGES = "cat(Filter(function(p) !nzchar(system.file(package = p)), commandArgs(TRUE)), sep = '\\n')"


def _unavailable(reason: str):
    if os.environ.get("ARVIO_REQUIRE_R") == "1":
        pytest.fail(f"ARVIO_REQUIRE_R=1 but {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def rscript() -> str:
    """Path of Rscript, after checking that psych, effectsize and jsonlite are installed."""
    return _rscript_with(R_PACKAGES)


@pytest.fixture(scope="session")
def rscript_metafor() -> str:
    """Path of Rscript, after checking that metafor and jsonlite are installed."""
    return _rscript_with(METAFOR_PACKAGES)


def _rscript_with(packages: tuple[str, ...]) -> str:
    path = shutil.which("Rscript")
    if path is None:
        _unavailable("Rscript is not on PATH (Debian: apt-get install r-base-core)")
    found = subprocess.run(
        [path, "-e", _MISSING_PACKAGES, *packages], capture_output=True, text=True, timeout=60, check=False
    )
    if found.returncode != 0:
        _unavailable(f"Rscript does not run: {found.stderr.strip()}")
    missing = found.stdout.split()
    if missing:
        debian = " ".join(f"r-cran-{name}" for name in missing)
        _unavailable(f"R packages missing: {', '.join(missing)} (Debian: apt-get install {debian})")
    return path
