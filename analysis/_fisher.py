"""Fisher's exact test as R's ``fisher.test`` computes it: p-values, the conditional MLE odds ratio, its interval.

2 x 2 tables follow R's code step by step: the noncentral hypergeometric distribution of the top-left count given
the margins, p = sum of the probabilities no larger than the observed one times (1 + 1e-7), the odds ratio that
makes the distribution's mean equal the observed count, and the interval whose limits put (1 - confidence) / 2 in
each tail. Roots are found on the log odds-ratio scale with Brent's method to full precision (R's ``uniroot``
stops at about 1e-4, which is why R's printed estimate can differ from ours in the sixth digit).

Larger tables: every table with the observed row and column sums is enumerated column by column, carrying for each
reachable set of remaining row sums the log-probabilities of the partial tables leading to it (vectorised), and
p sums the probabilities of the tables no more likely than the observed one (same tolerance). This is exact, like
R's network algorithm (Mehta & Patel 1983), but without its pruning, so it has a size limit: beyond
:data:`MAX_PARTIAL_TABLES` an AnalysisError asks for the chi-square test instead.
"""

from __future__ import annotations

import math
from collections import defaultdict

import numpy as np
from scipy import special, stats

from analysis.errors import AnalysisError

RELATIVE_TOLERANCE = 1e-7  # R: relErr <- 1 + 10^(-7)
MAX_PARTIAL_TABLES = 2_000_000


def exact_p(counts: np.ndarray) -> float:
    """Two-sided exact p-value of Fisher's test for a table of counts (any size, within the limit)."""
    table = np.rint(counts).astype(np.int64)
    if table.shape == (2, 2):
        _, log_density, observed = _hypergeometric(table)
        density = _normalised(log_density)
        limit = density[observed] * (1.0 + RELATIVE_TOLERANCE)
        return float(min(1.0, density[density <= limit].sum()))
    return _enumerated_p(table)


def conditional_odds_ratio(counts: np.ndarray, level: float) -> tuple[float, float, float]:
    """The conditional MLE of the odds ratio of a 2 x 2 table and its two-sided interval, exactly as fisher.test.

    R's own steps, including its root finder (``uniroot`` with its default tolerance), so the printed numbers
    agree with R's; see :func:`_r_uniroot` for why that matters.
    """
    table = np.rint(counts).astype(np.int64)
    support, log_density, observed = _hypergeometric(table)
    x, lo, hi = int(support[observed]), int(support[0]), int(support[-1])
    m, n, k = int(table[:, 0].sum()), int(table[:, 1].sum()), int(table[0, :].sum())
    alpha = (1.0 - level) / 2.0

    def density(ncp: float) -> np.ndarray:
        return _normalised(log_density + math.log(ncp) * support)

    def mean(ncp: float) -> float:
        return float(lo) if ncp == 0 else float((support * density(ncp)).sum())

    def tail(ncp: float, upper: bool) -> float:  # R's pnhyper(x, ncp, upper.tail)
        if ncp == 1:
            return float(stats.hypergeom.sf(x - 1, m + n, m, k) if upper else stats.hypergeom.cdf(x, m + n, m, k))
        if ncp == 0:
            return float(x <= lo) if upper else float(x >= lo)
        return float(density(ncp)[support >= x].sum() if upper else density(ncp)[support <= x].sum())

    eps = np.finfo(float).eps
    if x == lo:
        estimate = 0.0
    elif x == hi:
        estimate = math.inf
    elif mean(1.0) > x:
        estimate = _r_uniroot(lambda t: mean(t) - x, 0.0, 1.0)
    else:
        estimate = 1.0 / _r_uniroot(lambda t: mean(1.0 / t) - x, eps, 1.0) if mean(1.0) < x else 1.0
    low = 0.0 if x == lo else _limit(lambda t: tail(t, True) - alpha, tail(1.0, True) > alpha, eps)
    high = math.inf if x == hi else _limit(lambda t: tail(t, False) - alpha, tail(1.0, False) < alpha, eps)
    return float(estimate), float(low), float(high)


def _limit(function, below_one: bool, eps: float) -> float:
    """R's ncp.L / ncp.U: search (0, 1) when the limit is below 1, else 1/t over (eps, 1)."""
    if function(1.0) == 0:
        return 1.0
    if below_one:
        return _r_uniroot(function, 0.0, 1.0)
    return 1.0 / _r_uniroot(lambda t: function(1.0 / t), eps, 1.0)


def _r_uniroot(function, lower: float, upper: float, tol: float = np.finfo(float).eps ** 0.25) -> float:
    """R's ``uniroot`` (Brent's zeroin, R's C code R_zeroin2) with its default tolerance, step for step.

    fisher.test's estimate and interval come from this search, stopped at |step| <= about 1.2e-4 on the searched
    scale; on the 1/t scale that is loose (R prints 621.9 where the exact TeaTasting limit is 626.2). Following
    R's steps exactly reproduces R's printed values, which is what users compare against.
    """
    eps = np.finfo(float).eps
    a, b = lower, upper
    fa, fb = function(a), function(b)
    c, fc = a, fa
    if fa == 0:
        return a
    if fb == 0:
        return b
    for _ in range(1001):
        previous_step = b - a
        if abs(fc) < abs(fb):
            a, b, c = b, c, b
            fa, fb, fc = fb, fc, fb
        tol_act = 2 * eps * abs(b) + tol / 2
        new_step = (c - b) / 2
        if abs(new_step) <= tol_act or fb == 0:
            return b
        if abs(previous_step) >= tol_act and abs(fa) > abs(fb):
            cb = c - b
            if a == c:  # linear interpolation
                t1 = fb / fa
                p, q = cb * t1, 1.0 - t1
            else:  # inverse quadratic interpolation
                q, t1, t2 = fa / fc, fb / fc, fb / fa
                p = t2 * (cb * q * (q - t1) - (b - a) * (t1 - 1.0))
                q = (q - 1.0) * (t1 - 1.0) * (t2 - 1.0)
            if p > 0:
                q = -q
            else:
                p = -p
            if p < (0.75 * cb * q - abs(tol_act * q) / 2) and p < abs(previous_step * q / 2):
                new_step = p / q
        if abs(new_step) < tol_act:
            new_step = tol_act if new_step > 0 else -tol_act
        a, fa = b, fb
        b += new_step
        fb = function(b)
        if (fb > 0 and fc > 0) or (fb < 0 and fc < 0):
            c, fc = a, fa
    raise AnalysisError("the odds ratio of this table could not be estimated")


def _hypergeometric(table: np.ndarray) -> tuple[np.ndarray, np.ndarray, int]:
    """Support of the top-left count given the margins, its log-probabilities at odds ratio 1, and where x is."""
    m, n = int(table[:, 0].sum()), int(table[:, 1].sum())  # R: m, n = column sums
    k = int(table[0, :].sum())  # R: k = first row sum
    lo, hi = max(0, k - n), min(k, m)
    support = np.arange(lo, hi + 1)
    log_density = stats.hypergeom.logpmf(support, m + n, m, k)
    return support, log_density, int(table[0, 0] - lo)


def _normalised(log_density: np.ndarray) -> np.ndarray:
    density = np.exp(log_density - log_density.max())
    return density / density.sum()


def _enumerated_p(table: np.ndarray) -> float:
    """Sum the probabilities of all tables with the observed margins that are no more likely than the observed one.

    Tables are built column by column. A partial table is a path to a state (the row sums still to fill); its
    weight is -sum(log x_ij!) so far. For the columns still to fill, bounds on the largest and smallest possible
    remaining weight decide whole families at once (Mehta & Patel's network idea): if even the most likely
    completion is unlikely enough, every completion counts, and their total probability has a closed form; if even
    the least likely completion is too likely, none counts. Only undecided paths are extended.
    """
    if table.shape[0] > table.shape[1]:
        table = table.T  # fewer rows: fewer distinct states of remaining row sums
    rows = table.sum(axis=1)
    columns = np.sort(table.sum(axis=0))[::-1]  # large columns first: decided sooner
    constant = float(
        special.gammaln(rows + 1).sum() + special.gammaln(columns + 1).sum() - special.gammaln(rows.sum() + 1)
    )
    limit = constant - float(special.gammaln(table + 1).sum()) + math.log1p(RELATIVE_TOLERANCE)
    log_factorial = [math.lgamma(i + 1.0) for i in range(int(rows.sum()) + 1)]
    states: dict[tuple[int, ...], np.ndarray] = {tuple(int(r) for r in rows): np.zeros(1)}
    total, explored = 0.0, 0
    for index, column in enumerate(columns):
        remaining = columns[index:]
        grown: dict[tuple[int, ...], list[np.ndarray]] = defaultdict(list)
        for state, weights in states.items():
            highest, lowest, log_sum = _completion_bounds(np.asarray(state), remaining)
            log_p = constant + weights
            certain = log_p + highest <= limit
            total += float(np.exp(log_p[certain] + log_sum).sum())
            open_paths = weights[~certain & (log_p + lowest <= limit)]
            if open_paths.size == 0:
                continue
            for cells in _fillings(int(column), state):
                arc = -sum(log_factorial[c] for c in cells)
                grown[tuple(s - c for s, c in zip(state, cells, strict=True))].append(open_paths + arc)
        states = {state: np.concatenate(parts) for state, parts in grown.items()}
        explored += sum(w.size for w in states.values())
        if explored > MAX_PARTIAL_TABLES:
            raise AnalysisError(
                f"the table is too large for Fisher's exact test here (N = {int(rows.sum())}, "
                f"{table.shape[0]} x {table.shape[1]}); use the chi-square test",
                column="table",
            )
    for weights in states.values():  # complete tables that stayed undecided to the end
        log_p = constant + weights
        total += float(np.exp(log_p[log_p <= limit]).sum())
    return min(1.0, total)


def _completion_bounds(rows: np.ndarray, columns: np.ndarray) -> tuple[float, float, float]:
    """Bounds on the weight -sum(log x!) of any completion, and the log of the sum of exp(weight) over all.

    Upper bound (never below the true maximum): Lagrangian duality. For any multipliers u_i, v_j,
    max sum f(x_ij) <= sum u_i r_i + sum v_j c_j + sum_ij max_x (f(x) - (u_i + v_j) x) with f(x) = -log x!;
    multipliers from the independence table (u_i = -log r_i + log(N)/2, v_j likewise) make it nearly tight.
    Lower bound (never above the true minimum): log x! is superadditive, so within a column the cells are at
    most as large as the column filled greedily into the largest rows; the same by rows; take the larger.
    The sum over all completions is N'! / (prod r'! prod c'!), as hypergeometric probabilities sum to one.
    """
    r = rows[rows > 0].astype(np.float64)
    c = columns[columns > 0].astype(np.float64)
    if r.size == 0:
        return 0.0, 0.0, 0.0
    total = r.sum()
    u = -np.log(r) + 0.5 * math.log(total)
    v = -np.log(c) + 0.5 * math.log(total)
    slope = u[:, None] + v[None, :]
    cap = np.minimum(r[:, None], c[None, :])
    guess = np.floor(np.exp(-slope))  # where -digamma(x + 1) = slope, about exp(-slope) - 0.5
    best = np.full(slope.shape, -np.inf)
    for shift in (-1.0, 0.0, 1.0, 2.0):
        x = np.clip(guess + shift, 0.0, cap)
        best = np.maximum(best, -special.gammaln(x + 1.0) - slope * x)
    highest = float((u * r).sum() + (v * c).sum() + best.sum())
    lowest = -min(_greedy_concentration(c, r), _greedy_concentration(r, c))
    log_sum = float(special.gammaln(total + 1.0) - special.gammaln(r + 1.0).sum() - special.gammaln(c + 1.0).sum())
    return highest, lowest, log_sum


def _greedy_concentration(lines: np.ndarray, capacities: np.ndarray) -> float:
    """Upper bound of sum(log x!): each line filled greedily into the largest capacities, lines independently."""
    ordered = np.sort(capacities)[::-1]
    bound = 0.0
    for amount in lines:
        filled = np.minimum(ordered, np.maximum(0.0, amount - np.concatenate(([0.0], np.cumsum(ordered)[:-1]))))
        bound += float(special.gammaln(filled + 1.0).sum())
    return bound


def _fillings(total: int, capacities: tuple[int, ...]):
    """Every way to split `total` into len(capacities) non-negative parts with part i <= capacities[i]."""
    if len(capacities) == 1:
        if total <= capacities[0]:
            yield (total,)
        return
    rest_capacity = sum(capacities[1:])
    for first in range(max(0, total - rest_capacity), min(total, capacities[0]) + 1):
        for rest in _fillings(total - first, capacities[1:]):
            yield (first, *rest)
