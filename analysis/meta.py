"""Pooling projects' changes (meta-analysis), and the effect of one project's change that goes into the pool.

Every project measures its own change; ``pool_effects`` averages the projects' effects, weighting each by the
inverse of its variance, as R's ``metafor::rma(yi, vi, method, test)`` with ``predict()`` does (metafor 3.8).
``paired_change`` and ``paired_change_from_summary`` give one project's effect ``yi`` and its sampling variance
``vi``, as ``metafor::escalc(measure = "MC" | "SMCC")`` does.

Pooling (k projects, effects y_i, sampling variances v_i)
    Common effect ("FE"): w_i = 1 / v_i, mu = sum(w y) / sum(w), se = 1 / sqrt(sum(w)); tau² = 0.
    Random effects: w_i = 1 / (v_i + tau²), with tau² estimated by
    "DL" (DerSimonian & Laird 1986): tau² = max(0, (Q - (k - 1)) / (sum(w) - sum(w²) / sum(w))), w = 1 / v;
    "REML" (Viechtbauer 2005): Fisher scoring from the Hedges estimator, step
    (y'PPy - tr P) / tr(PP) with P = W - w w' / sum(w), halved while it would make tau² negative, until tau²
    changes by at most 1e-5; if the restricted likelihood is higher at tau² = 0 (by more than 1.2e-4), tau² is
    set to 0. These are metafor's defaults, except that metafor gives up after 100 steps: Arvio goes on (up
    to 10,000, as ``control = list(maxiter = ...)`` would) and says so in the note.
    Test: z, or Knapp & Hartung (2003): se² multiplied by s² = sum(w (y - mu)²) / (k - 1) and t on k - 1 df.
    Like metafor's default, s² below 1 is used as it is (not truncated at 1), and s² = 0 when the projects'
    effects are equal.
    Heterogeneity: Q = sum(w (y - mu_FE)²) with w = 1 / v, p from chi-square on k - 1 df; I² = 100 tau² /
    (tau² + s²_typical), s²_typical = (k - 1) sum(w) / (sum(w)² - sum(w²)) (Higgins & Thompson 2002), and for
    "FE" I² = max(0, 100 (Q - (k - 1)) / Q).
    Prediction interval (Riley et al. 2011, as metafor's ``predict()``): mu ± c sqrt(se² + tau²), c the z or
    t(k - 1) quantile of the test. Under "FE" it is the confidence interval (metafor's ``predict()`` gives none).

One project's change (n complete pairs, differences d = after - before)
    "MC": yi = mean(d), vi = sd(d)² / n.
    "SMCC": yi = J(n - 1) mean(d) / sd(d), vi = 1 / n + yi² / (2n), J the exact small-sample correction
    J(m) = Γ(m/2) / (sqrt(m/2) Γ((m - 1)/2)) (Gibbons, Hedeker & Davis 1993; Morris & DeShon 2002). This is
    Cohen's d_z of ``compare_paired`` times J: a bias-corrected d_z.

References
----------
DerSimonian, R., & Laird, N. (1986). Meta-analysis in clinical trials. *Controlled Clinical Trials*, 7, 177-188.
Higgins, J. P. T., & Thompson, S. G. (2002). Quantifying heterogeneity in a meta-analysis. *Statistics in
Medicine*, 21, 1539-1558.
Knapp, G., & Hartung, J. (2003). Improved tests for a random effects meta-regression with a single covariate.
*Statistics in Medicine*, 22, 2693-2710.
Riley, R. D., Higgins, J. P. T., & Deeks, J. J. (2011). Interpretation of random effects meta-analyses. *BMJ*,
342, d549.
Viechtbauer, W. (2005). Bias and efficiency of meta-analytic variance estimators in the random-effects model.
*Journal of Educational and Behavioral Statistics*, 30, 261-293.
"""

from __future__ import annotations

import math

import numpy as np
from scipy import stats

from analysis._effects import NAN, hedges_j
from analysis._validate import as_vector, check_confidence, check_method
from analysis.errors import AnalysisError
from analysis.paired import paired_differences
from analysis.results import Effect, Pooled

METHODS = ("REML", "DL", "FE")
TESTS = ("z", "knha")

# metafor's rma() controls: convergence threshold on tau², iterations, tolerance of its likelihood check
_THRESHOLD = 1e-5
_MAX_ITERATIONS = 100
_MORE_ITERATIONS = 10_000  # where metafor's default gives up, its control = list(maxiter = ...) goes on
_LIKELIHOOD_TOLERANCE = np.finfo(float).eps ** 0.25
_SMALLEST_VARIANCE = 1e-50  # squares of weights of smaller variances overflow (as_vector caps values at 1e50)


def pool_effects(yi, vi, method: str = "REML", test: str = "z", confidence: float = 0.95) -> Pooled:
    """Pool the projects' effects: common-effect (``"FE"``) or random-effects (``"REML"``, ``"DL"``) model.

    Parameters
    ----------
    yi, vi : sequences of numbers of the same length
        Each project's effect and its sampling variance (e.g. from :func:`paired_change`), one per project.
    method : {"REML", "DL", "FE"}
        Estimator of the between-project variance tau², or ``"FE"`` for a common effect (tau² = 0).
    test : {"z", "knha"}
        Normal (z) or Knapp-Hartung (t on k - 1 df) test and intervals; ``"knha"`` is recommended when there are
        few projects (IntHout et al. 2014) and needs at least two.
    confidence : float
        Level of the confidence and prediction intervals.

    Returns
    -------
    Pooled
        Agrees with ``metafor::rma(yi, vi, method = method, test = test)`` and its ``predict()``.

    Examples
    --------
    Five projects' standardised changes (``rma(yi, vi, test = "knha")`` prints estimate 0.2393, se 0.0892,
    tval 2.6835, pval 0.0550, ci.lb -0.0083, ci.ub 0.4868, tau^2 0.0124, I^2 29.53%, Q(df = 4) = 5.4743):

    >>> result = pool_effects([0.32, 0.11, 0.54, 0.05, 0.41], [0.021, 0.034, 0.048, 0.015, 0.062], test="knha")
    >>> round(result.estimate, 4), round(result.se, 4), round(result.statistic, 4), round(result.p, 4)
    (0.2393, 0.0892, 2.6835, 0.055)
    >>> round(result.ci_low, 4), round(result.ci_high, 4), round(result.tau2, 4), round(result.i2, 2)
    (-0.0083, 0.4868, 0.0124, 29.53)
    >>> result.note
    "Knapp-Hartung factor 0.9374 < 1: se is smaller than the z test's (not truncated, as metafor)"
    """
    check_method(method, METHODS)
    if test not in TESTS:
        raise AnalysisError(f"test must be one of 'z', 'knha', got {test!r}")
    level = check_confidence(confidence)
    y, v = _projects(yi, vi)
    k = int(y.size)
    if test == "knha" and k < 2:
        raise AnalysisError("the Knapp-Hartung test needs at least two projects, got one: use test='z'")
    centred = y - y.mean()  # as metafor: the estimators see mean-centred effects (P removes the mean anyway)
    q, q_p, typical = _heterogeneity(centred, v)
    notes: list[str] = []
    tau2, tau2_se = _tau2(centred, v, method, notes)
    i2, h2 = _shares(method, q, k, tau2, typical)
    weights = 1.0 / (v + tau2)
    estimate = float(weights @ y / weights.sum())
    variance = 1.0 / float(weights.sum())
    if test == "knha":
        variance *= _knapp_hartung_factor(y, weights, estimate, method, notes)
    se = math.sqrt(variance)
    statistic = _ratio(estimate, se)
    df, p, critical = _reference_distribution(statistic, k, test, level)
    spread = math.sqrt(variance + tau2)
    if k == 1:
        notes.append("a single project: its own effect and standard error; tau², Q and I² are 0 (as metafor)")
    if method == "FE":
        notes.append("common-effect model: the prediction interval is the confidence interval")
    return Pooled(
        estimate=estimate,
        se=se,
        ci_low=estimate - critical * se,
        ci_high=estimate + critical * se,
        statistic=statistic,
        p=p,
        tau2=tau2,
        i2=i2,
        q=q,
        q_p=q_p,
        k=k,
        pi_low=estimate - critical * spread,
        pi_high=estimate + critical * spread,
        method=method,
        test=test,
        df=df,
        tau2_se=tau2_se,
        h2=h2,
        note="; ".join(notes),
    )


def _projects(yi, vi) -> tuple[np.ndarray, np.ndarray]:
    """The effects and variances as arrays, or an AnalysisError naming the positions of unusable projects."""
    effects, variances = as_vector(yi, "yi"), as_vector(vi, "vi")
    if effects.size != variances.size:
        raise AnalysisError(
            f"'yi' and 'vi' must have one value per project: got {effects.size} effects and {variances.size} "
            "variances"
        )
    if effects.size == 0:
        raise AnalysisError("there are no projects to pool: 'yi' and 'vi' are empty")
    _refuse(np.isnan(effects), "yi", "is missing (NaN) for the projects at positions {}")
    _refuse(np.isnan(variances), "vi", "is missing (NaN) for the projects at positions {}")
    _refuse(variances <= 0, "vi", "must be positive: zero or negative for the projects at positions {}")
    _refuse(variances < _SMALLEST_VARIANCE, "vi", "is too small to weigh (below 1e-50) at positions {}")
    return effects, variances


def _refuse(bad: np.ndarray, name: str, problem: str) -> None:
    positions = np.flatnonzero(bad)
    if positions.size:
        shown = ", ".join(str(i) for i in positions[:5]) + (" and more" if positions.size > 5 else "")
        raise AnalysisError(f"'{name}' {problem.format(shown)}", column=name)


def _projection(weights: np.ndarray) -> np.ndarray:
    """metafor's P = W - W 1 (1'W 1)⁻¹ 1'W for a model with an intercept only: y'Py is the weighted residual SS."""
    return np.diag(weights) - np.outer(weights, weights) / weights.sum()


def _heterogeneity(centred: np.ndarray, v: np.ndarray) -> tuple[float, float, float]:
    """Cochran's Q, its p-value, and the typical sampling variance (k - 1) / tr(P) of I², with weights 1 / v."""
    k = centred.size
    if k == 1:
        return 0.0, 1.0, 0.0
    p = _projection(1.0 / v)
    q = max(0.0, float(centred @ p @ centred))
    trace = _projection_trace(1.0 / v)
    return q, float(stats.chi2.sf(q, k - 1)), (k - 1) / trace if trace > 0.0 else math.inf


def _projection_trace(weights: np.ndarray) -> float:
    """tr(P) = Σ wᵢ (S − wᵢ) / S, with S the sum of the weights, summed so that it stays positive: written as
    Σ (wᵢ − wᵢ² / S) it cancels to rounding noise, even below 0, when one project's weight outweighs the rest by
    many orders of magnitude. The weights are scaled by the largest first, so nothing overflows.

    >>> weights = np.array([1e12, 1e-4, 1e-4])
    >>> float(_projection_trace(weights)), float(np.trace(_projection(weights)))  # exact: 0.0004 (to 1e-16)
    (0.0004, 0.000444140625)
    """
    scale = float(weights.max())
    w = weights / scale
    others = np.array([np.delete(w, i).sum() for i in range(w.size)])
    return scale * float((w * others).sum() / w.sum())


def _shares(method: str, q: float, k: int, tau2: float, typical: float) -> tuple[float, float]:
    """I² (percent) and H² as metafor reports them: from Q for "FE", else from tau² and the typical variance."""
    if k == 1:
        return 0.0, 1.0
    if method == "FE":
        return (100.0 * max(0.0, 1.0 - (k - 1) / q) if q > 0 else 0.0), q / (k - 1)
    if math.isinf(typical):  # the projects' sampling variances are all but zero: no share of it is tau²'s
        return 0.0, 1.0
    return 100.0 * (tau2 / (typical + tau2)), tau2 / typical + 1.0  # this order keeps I² at most 100


def _reference_distribution(statistic: float, k: int, test: str, level: float) -> tuple[float, float, float]:
    """df (nan for z), the two-sided p-value and the critical value of the intervals: t on k - 1 df or normal."""
    if test == "knha":
        distribution, df = stats.t(k - 1), float(k - 1)
    else:
        distribution, df = stats.norm(), NAN
    return df, float(2.0 * distribution.sf(abs(statistic))), float(distribution.ppf(0.5 + level / 2.0))


def _tau2(centred: np.ndarray, v: np.ndarray, method: str, notes: list[str]) -> tuple[float, float]:
    """tau² and its standard error (metafor's se.tau2) by the method; 0 and nan for one project or "FE"."""
    k = centred.size
    if method == "FE" or k == 1:
        return 0.0, NAN
    if method == "DL":
        p = _projection(1.0 / v)
        trace = float(np.trace(p))
        tau2 = max(0.0, (float(centred @ p @ centred) - (k - 1)) / trace)
        se = math.sqrt(2 * (k - 1) + 4 * tau2 * trace + 2 * tau2**2 * float(np.sum(p * p))) / trace
    else:
        tau2 = _reml(centred, v, notes)
        se = math.sqrt(2.0 / float(np.sum(_projection(1.0 / (v + tau2)) ** 2)))
    if tau2 == 0.0:
        notes.append("tau² is estimated at 0: the pooled effect equals the common-effect one")
    return tau2, se


def _reml(centred: np.ndarray, v: np.ndarray, notes: list[str]) -> float:
    """REML tau² by Fisher scoring, with metafor's start, step halving, stopping rule and likelihood check."""
    k = centred.size
    tau2 = max(0.0, (float(centred @ centred) - float(v.sum()) * (k - 1) / k) / (k - 1))  # Hedges' estimator
    change, iteration = _THRESHOLD + 1.0, 0
    while change > _THRESHOLD:
        iteration += 1
        if iteration > _MORE_ITERATIONS:
            raise AnalysisError(
                f"the REML estimate of tau² did not converge in {_MORE_ITERATIONS} iterations; try method='DL'"
            )
        previous = tau2
        p = _projection(1.0 / (v + tau2))
        residuals = p @ centred
        step = (float(residuals @ residuals) - float(np.trace(p))) / float(np.sum(p * p))
        if math.isnan(step):
            step = 0.0
        while tau2 + step < 0.0:
            step /= 2.0
        tau2 += step
        change = abs(previous - tau2)
    if iteration > _MAX_ITERATIONS:
        notes.append(
            f"REML needed {iteration} iterations; metafor stops at 100 unless told "
            f"rma(..., control = list(maxiter = {iteration}))"
        )
    at_zero, at_estimate = _restricted_loglik(centred, v, 0.0), _restricted_loglik(centred, v, tau2)
    if at_zero - at_estimate > _LIKELIHOOD_TOLERANCE and tau2 > _THRESHOLD:
        notes.append("Fisher scoring stopped at a local maximum of the likelihood: tau² set to 0 (as metafor)")
        tau2 = 0.0
    return max(0.0, tau2)


def _restricted_loglik(centred: np.ndarray, v: np.ndarray, tau2: float) -> float:
    weights = 1.0 / (v + tau2)
    mean = float(weights @ centred / weights.sum())
    rss = float(weights @ (centred - mean) ** 2)
    k = centred.size
    log_variances = float(np.log(v + tau2).sum())
    return -0.5 * ((k - 1) * math.log(2 * math.pi) + log_variances + math.log(weights.sum()) + rss)


def _knapp_hartung_factor(
    y: np.ndarray, weights: np.ndarray, estimate: float, method: str, notes: list[str]
) -> float:
    """s² = sum(w (y - mu)²) / (k - 1), used as it is like metafor's default (0 when the effects are equal)."""
    rss = float(weights @ (y - estimate) ** 2)
    factor = 0.0 if rss <= np.finfo(float).eps else rss / (y.size - 1)
    if factor == 0.0:
        notes.append("all effects are equal: the Knapp-Hartung factor is 0, so se is 0 (as metafor)")
    elif factor < 1.0:
        notes.append(
            f"Knapp-Hartung factor {factor:.4g} < 1: se is smaller than the z test's (not truncated, as metafor)"
        )
    if method == "FE":
        notes.append("Knapp-Hartung with a common effect scales se by Q / (k - 1) (metafor warns against it)")
    return factor


def _ratio(estimate: float, se: float) -> float:
    """estimate / se, with metafor's values when se is 0: ±inf, or nan for 0 / 0."""
    if se > 0.0:
        return estimate / se
    return math.copysign(math.inf, estimate) if estimate != 0.0 else NAN


def paired_change(before, after, standardised: bool = True) -> Effect:
    """One project's change from its respondents' paired answers: standardised (``"SMCC"``) or raw (``"MC"``).

    Parameters
    ----------
    before, after : sequences of numbers of the same length
        Each respondent's baseline and follow-up, in the same order; NaN for missing (such pairs are left out).
    standardised : bool
        True: the standardised mean change yi = J(n - 1) mean(d) / sd(d) with vi = 1/n + yi²/(2n) (needs at least
        three pairs). False: the mean change yi = mean(d) with vi = sd(d)²/n (needs at least two pairs).

    Returns
    -------
    Effect
        ``escalc(measure = "SMCC" | "MC", m1i = mean(after), m2i = mean(before), sd1i, sd2i, ni, ri)`` on the
        complete pairs. With no variation in the differences, ``"SMCC"`` is nan and ``"MC"`` has vi = 0, with
        a note; :func:`pool_effects` refuses both.

    Examples
    --------
    R's ``sleep`` data as before and after (``escalc(measure = "SMCC", ...)``: yi = 1.173925, vi = 0.168905):

    >>> g1 = [0.7, -1.6, -0.2, -1.2, -0.1, 3.4, 3.7, 0.8, 0.0, 2.0]
    >>> g2 = [1.9, 0.8, 1.1, 0.1, -0.1, 4.4, 5.5, 1.6, 4.6, 3.4]
    >>> effect = paired_change(g1, g2)
    >>> effect.measure, round(effect.yi, 4), round(effect.vi, 4), effect.n
    ('SMCC', 1.1739, 0.1689, 10)
    """
    differences = paired_differences(before, after)
    n = int(differences.size)
    sd = float(differences.std(ddof=1)) if n > 1 else NAN
    return _change(float(differences.mean()) if n else NAN, sd, n, standardised)


def paired_change_from_summary(
    mean_before, sd_before, mean_after, sd_after, n, correlation, standardised: bool = True
) -> Effect:
    """One project's change from published summaries: the means and SDs of both waves, n pairs, their correlation.

    sd(d) = sqrt(sd_before² + sd_after² - 2 r sd_before sd_after); the rest as :func:`paired_change`, which gives
    the same result on the raw pairs (``escalc(measure = "SMCC" | "MC", m1i = mean_after, m2i = mean_before,
    sd1i = sd_after, sd2i = sd_before, ni = n, ri = correlation)``).

    >>> effect = paired_change_from_summary(3.1, 0.9, 3.5, 1.0, 40, 0.6, standardised=False)
    >>> effect.measure, round(effect.yi, 4), round(effect.vi, 5)
    ('MC', 0.4, 0.01825)
    """
    values = {
        name: _number(value, name)
        for name, value in [
            ("mean_before", mean_before), ("sd_before", sd_before), ("mean_after", mean_after),
            ("sd_after", sd_after), ("n", n), ("correlation", correlation),
        ]
    }  # fmt: skip
    if values["sd_before"] < 0 or values["sd_after"] < 0:
        raise AnalysisError("standard deviations cannot be negative")
    if not -1.0 <= values["correlation"] <= 1.0:
        raise AnalysisError(f"the correlation must be between -1 and 1, got {correlation!r}")
    if values["n"] != int(values["n"]):
        raise AnalysisError(f"n must be a whole number of pairs, got {n!r}")
    low, high = values["sd_before"], values["sd_after"]
    sd = math.sqrt(max(0.0, low**2 + high**2 - 2.0 * values["correlation"] * low * high))
    return _change(values["mean_after"] - values["mean_before"], sd, int(values["n"]), standardised)


def _number(value, name: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float | np.integer | np.floating):
        raise AnalysisError(f"'{name}' must be a number, got {value!r}", column=name)
    if not math.isfinite(value):
        raise AnalysisError(f"'{name}' must be a finite number, got {value!r}", column=name)
    return float(value)


def _change(mean: float, sd: float, n: int, standardised: bool) -> Effect:
    if not standardised:
        if n < 2:
            raise AnalysisError(f"a mean change and its variance need at least two complete pairs, got {n}")
        note = "" if sd > 0 else "all differences are equal: vi is 0, so the project cannot be weighted"
        return Effect(yi=mean, vi=sd**2 / n, n=n, measure="MC", note=note)
    if n < 3:  # with two pairs J(1) = 0: the "corrected" change would be 0 whatever the data
        raise AnalysisError(f"a standardised mean change needs at least three complete pairs, got {n}")
    if sd == 0.0:
        return Effect(yi=NAN, vi=NAN, n=n, measure="SMCC", note="all differences are equal: yi is undefined")
    yi = hedges_j(n - 1) * mean / sd
    return Effect(yi=yi, vi=1.0 / n + yi**2 / (2.0 * n), n=n, measure="SMCC")
