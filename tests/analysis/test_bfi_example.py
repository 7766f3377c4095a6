"""The guide's worked example (docs/guides/own-data.*.md): psych::bfi through the command line agrees with R.

Cronbach's alpha of the report describes the people with a score (at least half of a scale's five items, so
three, answered); R's ``psych::alpha`` gets the same rows and psych's ``bfi.keys`` reverse keys.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from analysis.cli import main
from instruments.loader import load_instrument

ROOT = Path(__file__).resolve().parents[2]
BFI = ROOT / "docs" / "examples" / "bfi.yaml"
LABELS = ROOT / "docs" / "examples" / "bfi_labels.csv"
R_CSV = Path(__file__).with_name("own_data") / "bfi_200.csv"
KEYS = {  # psych::bfi.keys
    "S_AGREE": ("agree", ["-A1", "A2", "A3", "A4", "A5"]),
    "S_CONSCIENTIOUS": ("conscientious", ["C1", "C2", "C3", "-C4", "-C5"]),
    "S_EXTRAVERSION": ("extraversion", ["-E1", "-E2", "E3", "E4", "E5"]),
    "S_NEUROTICISM": ("neuroticism", ["N1", "N2", "N3", "N4", "N5"]),
    "S_OPENNESS": ("openness", ["O1", "-O2", "O3", "O4", "-O5"]),
}


def _everyone(report: dict, scale: str) -> dict:
    return next(r for r in report["reliability"] if r["scale"] == scale and r["group"] is None)


def test_the_example_instrument_keys_its_scales_as_psych_does():
    instrument = load_instrument(BFI)
    assert instrument.respondent_group == "other" and instrument.languages == ("en",)
    for scale in instrument.scales:
        _, keys = KEYS[scale.code]
        assert scale.items == tuple(key.lstrip("-") for key in keys)
        assert scale.reverse == tuple(key[1:] for key in keys if key.startswith("-"))


def test_alpha_of_the_committed_r_file_is_psych_s(tmp_path):
    # R 4.2.2, psych 2.2.9, on the same 200 rows:
    #   x <- bfi[1:200, 1:5]; a <- alpha(x[rowSums(!is.na(x)) >= 3, ], keys = "A1")
    #   sprintf("%.12f", c(a$total$raw_alpha, a$feldt$lower.ci, a$feldt$upper.ci))
    #   "0.713583360575" "0.645657550602" "0.771871391888"  (200 rows)
    out = tmp_path / "bfi.json"
    assert main(["report", str(R_CSV), "--instrument", str(BFI), "--out", str(out)]) == 0
    row = _everyone(json.loads(out.read_text(encoding="utf-8")), "S_AGREE")
    assert (row["n"], row["k"]) == (200, 5)
    assert row["alpha"] == pytest.approx(0.713583360575, abs=1e-11)
    assert (row["ci_low"], row["ci_high"]) == pytest.approx((0.645657550602, 0.771871391888), abs=1e-11)


R_ALPHAS = """
suppressMessages(library(psych))
write.csv(bfi, file.path(commandArgs(TRUE)[1], "bfi.csv"))
for (name in names(bfi.keys)) {
  keys <- bfi.keys[[name]]
  x <- bfi[, sub("-", "", keys)]
  a <- alpha(x[rowSums(!is.na(x)) >= 3, ], keys = sub("-", "", keys[startsWith(keys, "-")]))
  cat(name, sprintf("%.15f", a$total$raw_alpha), sum(rowSums(!is.na(x)) >= 3), "\\n")
}
"""


@pytest.mark.r
def test_the_worked_example_agrees_with_psych_alpha_on_all_of_bfi(rscript, tmp_path):
    """R writes bfi as write.csv does (NA, the ids as row names); the command line reads that file."""
    run = subprocess.run([rscript, "-e", R_ALPHAS, str(tmp_path)], capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    alphas = {
        name: (float(alpha), int(n)) for name, alpha, n in (line.split() for line in run.stdout.splitlines())
    }
    out = tmp_path / "bfi.json"
    argv = ["report", str(tmp_path / "bfi.csv"), "--instrument", str(BFI), "--labels", str(LABELS), "--by",
            "gender", "--out", str(out)]  # fmt: skip
    assert main(argv) == 0
    report = json.loads(out.read_text(encoding="utf-8"))
    assert report["n_responses"] == 2800
    for scale, (name, _) in KEYS.items():
        row = _everyone(report, scale)
        assert (row["alpha"], row["n"]) == (pytest.approx(alphas[name][0], abs=1e-12), alphas[name][1]), scale
