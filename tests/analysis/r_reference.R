# Reference values for tests/analysis/test_against_r.py, computed with R's defaults (stats, psych, effectsize).
#
# Usage: Rscript r_reference.R cases.json results.json
#
# cases.json maps a case id to {"kind": ..., data...}; results.json maps the same id to the named fields R
# reports, with the names the Python side uses. Missing values travel as null, infinities as "Inf" / "-Inf".
# Every call uses R's defaults, except where the R call in docs/methods.md spells out an argument, and the
# confidence level of the intervals, which each case gives (0.95 unless it tests another level).

suppressPackageStartupMessages({
  library(jsonlite)
  library(psych)
  library(effectsize)
})

effect <- function(es, column) {
  list(effect_size = es[[column]][1], ci_low = es$CI_low[1], ci_high = es$CI_high[1])
}

htest <- function(test) {
  list(statistic = unname(test$statistic), p = test$p.value)
}

rank_test <- function(test) {  # the method says which p-value: "... exact test" or "... continuity correction"
  c(htest(test), exact = grepl("exact", test$method))
}

describe_case <- function(case) {
  x <- case$x[!is.na(case$x)]
  interval <- t.test(x, conf.level = case$confidence)$conf.int
  quartiles <- unname(quantile(x))
  list(
    n = length(x), mean = mean(x), sd = sd(x), se = sd(x) / sqrt(length(x)),
    ci_low = interval[1], ci_high = interval[2],
    median = median(x), q1 = quartiles[2], q3 = quartiles[4], min = min(x), max = max(x)
  )
}

alpha_case <- function(case) {
  items <- case$items
  if (case$missing == "listwise") items <- na.omit(items)
  result <- alpha(items, warnings = FALSE)
  # psych prints the 95 % Feldt interval (result$feldt); alpha.ci() is the same computation at other levels
  feldt <- if (case$confidence == 0.95) result$feldt else {
    alpha.ci(result$total$raw_alpha, nrow(items), ncol(items), p.val = 1 - case$confidence)
  }
  list(
    alpha = result$total$raw_alpha,
    ci_low = unname(unlist(feldt$lower.ci)), ci_high = unname(unlist(feldt$upper.ci)),
    alpha_if_dropped = result$alpha.drop$raw_alpha, item_total = result$item.stats$r.drop
  )
}

paired_case <- function(case) {
  complete <- !is.na(case$before) & !is.na(case$after)
  before <- case$before[complete]
  after <- case$after[complete]
  if (case$method == "t") {
    test <- t.test(after, before, paired = TRUE, conf.level = case$confidence)
    two_vectors <- effect(cohens_d(after, before, paired = TRUE, ci = case$confidence), "Cohens_d")
    names(two_vectors) <- paste0("paired_call_", names(two_vectors))  # must equal the call on the differences
    return(c(
      htest(test), df = unname(test$parameter), estimate = unname(test$estimate),
      estimate_ci_low = test$conf.int[1], estimate_ci_high = test$conf.int[2],
      effect(cohens_d(after - before, ci = case$confidence), "Cohens_d"), two_vectors
    ))
  }
  test <- suppressWarnings(wilcox.test(after, before, paired = TRUE))
  # On the differences, not rank_biserial(after, before, paired = TRUE): for the interval's SE that call counts
  # the nonzero values of `after` instead of the nonzero differences (effectsize 0.8.3; its current source does
  # the same), so its interval differs whenever some differences are zero. The point estimate is the same.
  c(rank_test(test), effect(rank_biserial(after - before, ci = case$confidence), "r_rank_biserial"))
}

two_groups_case <- function(case) {
  x <- case$x[!is.na(case$x)]
  y <- case$y[!is.na(case$y)]
  if (case$method == "mann-whitney") {
    test <- suppressWarnings(wilcox.test(x, y))
    return(c(rank_test(test), effect(rank_biserial(x, y, ci = case$confidence), "r_rank_biserial")))
  }
  test <- t.test(x, y, var.equal = case$method == "student", conf.level = case$confidence)
  c(
    htest(test), df = unname(test$parameter), estimate = unname(test$estimate[1] - test$estimate[2]),
    estimate_ci_low = test$conf.int[1], estimate_ci_high = test$conf.int[2],
    effect(hedges_g(x, y, ci = case$confidence), "Hedges_g")
  )
}

k_groups_case <- function(case) {
  keep <- !is.na(case$y)
  y <- case$y[keep]
  g <- factor(case$g[keep], levels = unique(case$g[keep]))
  if (case$method == "kruskal") {
    test <- kruskal.test(y ~ g)
    return(c(
      htest(test), df = unname(test$parameter),
      effect_size = rank_epsilon_squared(y ~ g, ci = NULL)$rank_epsilon_squared
    ))
  }
  test <- oneway.test(y ~ g, var.equal = case$method == "anova")
  omega <- case$effect == "omega_squared"
  fields <- c(
    htest(test), df = unname(test$parameter[1]), df2 = unname(test$parameter[2]),
    effect(
      suppressMessages(effectsize(test, type = if (omega) "omega" else "eta", ci = case$confidence)),
      if (omega) "Omega2" else "Eta2"
    )
  )
  if (case$method == "anova") {  # the classical ANOVA's effect size from aov() must be the same number
    size <- if (omega) omega_squared else eta_squared
    from_aov <- suppressMessages(size(aov(y ~ g), ci = case$confidence))
    es <- effect(from_aov, if (omega) "Omega2" else "Eta2")
    fields[c("aov_effect_size", "aov_ci_low")] <- list(es$effect_size, es$ci_low)
  }
  fields
}

table_case <- function(case) {
  counts <- case$counts
  if (case$method == "chi2") {
    test <- suppressWarnings(chisq.test(counts))
    return(c(
      htest(test), df = unname(test$parameter),
      effect(cramers_v(counts, ci = case$confidence), "Cramers_v_adjusted")
    ))
  }
  test <- fisher.test(counts, conf.level = case$confidence)
  if (!all(dim(counts) == 2)) return(list(p = test$p.value))
  list(
    p = test$p.value, effect_size = unname(test$estimate),
    ci_low = test$conf.int[1], ci_high = test$conf.int[2]
  )
}

adjust_case <- function(case) {
  list(adjusted = p.adjust(case$p, if (case$method == "bh") "BH" else case$method))
}

wilson_case <- function(case) {
  test <- suppressWarnings(prop.test(case$successes, case$n, conf.level = case$confidence, correct = FALSE))
  list(proportion = unname(test$estimate), ci_low = test$conf.int[1], ci_high = test$conf.int[2])
}

KINDS <- list(
  describe = describe_case, alpha = alpha_case, paired = paired_case, two_groups = two_groups_case,
  k_groups = k_groups_case, table = table_case, adjust = adjust_case, wilson = wilson_case
)

encode <- function(value) {  # JSON has no infinity: write every number of such a field as text
  if (is.numeric(value) && any(is.infinite(value))) {
    return(ifelse(is.na(value), NA, sprintf("%.17g", value)))
  }
  value
}

args <- commandArgs(trailingOnly = TRUE)
cases <- fromJSON(args[[1]])
results <- lapply(cases, function(case) lapply(KINDS[[case$kind]](case), encode))
writeLines(toJSON(results, auto_unbox = TRUE, digits = NA, na = "null"), args[[2]])
