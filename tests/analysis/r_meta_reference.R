# Reference values for tests/analysis/test_meta_against_r.py, computed with metafor (rma, predict, escalc).
#
# Usage: Rscript r_meta_reference.R cases.json results.json
#
# cases.json maps a case id to {"kind": "pool" | "change", data...}; results.json maps the same id to the named
# fields metafor reports, with the names the Python side uses. Missing values travel as null, infinities as
# "Inf" / "-Inf". Every call uses metafor's defaults, except the confidence level each case gives and
# maxiter (see pool_case).

suppressPackageStartupMessages({
  library(jsonlite)
  library(metafor)
})

pool_case <- function(case) {
  # Warnings say what the numbers already show (Knapp-Hartung with a common effect, tau^2 set to 0 at a local
  # maximum); maxiter: where rma() gives up after its default 100 Fisher scoring steps, Arvio goes on, as
  # this does; every case that converges within 100 steps takes the same steps either way.
  fit <- suppressWarnings(rma(
    case$yi, case$vi, method = case$method, test = case$test, level = case$confidence,
    control = list(maxiter = 10000)
  ))
  predicted <- predict(fit)
  # predict() gives no prediction interval for a common-effect model: with tau^2 = 0 it is the CI
  interval <- if (is.null(predicted$pi.lb)) c(fit$ci.lb, fit$ci.ub) else c(predicted$pi.lb, predicted$pi.ub)
  list(
    estimate = fit$b[1], se = fit$se, ci_low = fit$ci.lb, ci_high = fit$ci.ub, statistic = fit$zval,
    p = fit$pval, df = fit$ddf, tau2 = fit$tau2, tau2_se = fit$se.tau2, i2 = fit$I2, h2 = fit$H2,
    q = fit$QE, q_p = fit$QEp, k = fit$k, pi_low = interval[1], pi_high = interval[2]
  )
}

change_case <- function(case) {
  if (is.null(case$before)) {
    summaries <- case[c("mean_after", "mean_before", "sd_after", "sd_before", "n", "correlation")]
  } else {
    complete <- !is.na(case$before) & !is.na(case$after)
    before <- case$before[complete]
    after <- case$after[complete]
    summaries <- list(
      mean_after = mean(after), mean_before = mean(before), sd_after = sd(after), sd_before = sd(before),
      n = length(after), correlation = cor(before, after)
    )
  }
  effect <- with(summaries, escalc(
    measure = case$measure, m1i = mean_after, m2i = mean_before, sd1i = sd_after, sd2i = sd_before, ni = n,
    ri = correlation
  ))
  list(yi = as.numeric(effect$yi), vi = as.numeric(effect$vi), n = summaries$n)
}

KINDS <- list(pool = pool_case, change = change_case)

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
