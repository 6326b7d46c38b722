#!/usr/bin/env Rscript
# Writes the R reference fixtures for @mesh/stats beside this script:
#   survival.json      Kaplan-Meier (survfit, conf.type = "log-log") and log-rank (survdiff, rho = 0)
#   r-crosscheck.json  R's own implementations on the scipy fixtures' inputs (p.adjust BH, t.test Welch,
#                      fisher.test), an independent second reference for those tests
# Run from the repository root, after the scipy script (it reads benjamini-hochberg.json, welch.json, fisher.json):
#   Rscript packages/stats/test/reference/generate-r-fixtures.R
suppressPackageStartupMessages({
  library(survival)
  library(jsonlite) # reading the scipy fixtures only
})

args <- commandArgs(trailingOnly = FALSE)
script <- normalizePath(sub("^--file=", "", args[grep("^--file=", args)]))
out_dir <- dirname(script)


# Non-finite values (Inf standard errors once survival hits 0, NA limits) become JSON null, which is also how
# the library reports undefined quantities.
finite_or_na <- function(x) ifelse(is.finite(x), x, NA)

# A small JSON writer instead of jsonlite::toJSON, which rounds numbers to 15 significant digits; "%.17g"
# round-trips every double exactly. Vectors are always arrays (a one-subject sample stays [4]); values meant as
# scalars are wrapped in scalar().
scalar <- function(x) structure(x, class = "scalar")
json_number <- function(v) if (is.na(v)) "null" else sprintf("%.17g", v)
json_atom <- function(v) {
  if (is.character(v)) return(paste0('"', gsub('(["\\\\])', "\\\\\\1", v), '"'))
  if (is.logical(v)) return(if (is.na(v)) "null" else if (v) "true" else "false")
  json_number(as.numeric(v))
}
to_json <- function(x) {
  if (inherits(x, "scalar")) return(json_atom(unclass(x)))
  if (is.list(x)) {
    if (is.null(names(x))) return(paste0("[", paste(vapply(x, to_json, ""), collapse = ","), "]"))
    fields <- vapply(names(x), function(key) paste0(json_atom(key), ":", to_json(x[[key]])), "")
    return(paste0("{\n", paste(fields, collapse = ",\n"), "\n}"))
  }
  paste0("[", paste(vapply(as.list(x), json_atom, ""), collapse = ","), "]")
}

generator <- lapply(list(
  script = "packages/stats/test/reference/generate-r-fixtures.R",
  R = paste(R.version$major, R.version$minor, sep = "."),
  survival = packageDescription("survival")$Version,
  jsonlite = packageDescription("jsonlite")$Version
), scalar)

write_fixture <- function(name, cases) {
  writeLines(to_json(list(generator = generator, cases = cases)), file.path(out_dir, paste0(name, ".json")))
  cat(sprintf("wrote %s.json\n", name))
}

# ------------------------------------------------------------------ data sets
# Gehan (1965) / Freireich et al. (1963) remission times (weeks) of acute leukaemia: 6-MP vs placebo.
gehan <- list(
  mp = list(times = c(6, 6, 6, 6, 7, 9, 10, 10, 11, 13, 16, 17, 19, 20, 22, 23, 25, 32, 32, 34, 35),
            events = c(1, 1, 1, 0, 1, 0, 1, 0, 0, 1, 1, 0, 0, 0, 1, 1, 0, 0, 0, 0, 0)),
  placebo = list(times = c(1, 1, 2, 2, 3, 4, 4, 5, 5, 8, 8, 8, 8, 11, 11, 12, 12, 15, 17, 22, 23),
                 events = rep(1, 21))
)
group_of <- function(times, events) list(times = times, events = events)

lung_complete <- subset(survival::lung, !is.na(ph.ecog))
lung_by <- function(var) lapply(split(lung_complete, lung_complete[[var]]),
                                function(d) group_of(d$time, as.integer(d$status == 2)))

aml_by <- lapply(split(survival::aml, survival::aml$x), function(d) group_of(d$time, d$status))

set.seed(20261124)
synthetic <- lapply(c(a = 0.05, b = 0.08, c = 0.12), function(rate) {
  n <- 150
  event_time <- rexp(n, rate)
  censor_time <- runif(n, 0, 40)
  # Rounded to whole days so events and censorings tie, as real follow-up data do.
  group_of(pmax(1, round(pmin(event_time, censor_time))), as.integer(event_time <= censor_time))
})

km_inputs <- list(
  list(name = "gehan-6mp", data = gehan$mp),
  list(name = "gehan-placebo", data = gehan$placebo),
  list(name = "aml-maintained", data = aml_by$Maintained),
  list(name = "lung-all", data = group_of(lung_complete$time, as.integer(lung_complete$status == 2))),
  list(name = "synthetic-a-ties", data = synthetic$a),
  list(name = "median-on-plateau", data = group_of(c(1, 2, 3, 4), c(1, 1, 1, 1))),
  list(name = "median-plateau-to-last-censored", data = group_of(c(1, 2, 3, 3), c(1, 1, 0, 0))),
  list(name = "median-plateau-to-last-time", data = group_of(c(2, 3, 3, 5, 8, 9, 12, 15), c(1, 0, 1, 0, 0, 1, 0, 0))),
  list(name = "median-not-reached", data = group_of(c(2, 4, 5, 6, 8, 9), c(1, 0, 0, 1, 0, 0))),
  list(name = "censor-and-event-same-time", data = group_of(c(5, 5, 5, 7, 7, 10, 12), c(1, 0, 1, 1, 0, 1, 0))),
  list(name = "single-event", data = group_of(c(4), c(1))),
  list(name = "gehan-6mp-90pct", data = gehan$mp, confidence = 0.90)
)

km_case <- function(input) {
  confidence <- if (is.null(input$confidence)) 0.95 else input$confidence
  d <- input$data
  fit <- survfit(Surv(d$times, d$events) ~ 1, conf.type = "log-log", conf.int = confidence)
  q <- quantile(fit, probs = 0.5)
  list(
    name = scalar(input$name), times = d$times, events = d$events, confidence = scalar(confidence),
    expected = list(
      time = fit$time, nAtRisk = fit$n.risk, nEvents = fit$n.event, nCensored = fit$n.censor,
      survival = fit$surv,
      # survfit's std.err is the SE of the cumulative hazard (log S); the SE of S is surv * std.err.
      standardError = finite_or_na(fit$surv * fit$std.err),
      lower = finite_or_na(fit$lower), upper = finite_or_na(fit$upper),
      median = scalar(unname(q$quantile)), medianLower = scalar(unname(q$lower)),
      medianUpper = scalar(unname(q$upper))
    )
  )
}

logrank_inputs <- list(
  list(name = "gehan", groups = list(gehan$mp, gehan$placebo)),
  list(name = "aml", groups = unname(aml_by)),
  list(name = "lung-by-sex", groups = unname(lung_by("sex"))),
  list(name = "lung-by-ecog-4-groups", groups = unname(lung_by("ph.ecog"))),
  list(name = "synthetic-3-groups", groups = unname(synthetic)),
  list(name = "identical-groups", groups = list(group_of(c(1, 3, 5, 7), c(1, 0, 1, 1)),
                                                group_of(c(1, 3, 5, 7), c(1, 0, 1, 1))))
)

logrank_case <- function(input) {
  times <- unlist(lapply(input$groups, `[[`, "times"))
  events <- unlist(lapply(input$groups, `[[`, "events"))
  group <- rep(seq_along(input$groups), vapply(input$groups, function(g) length(g$times), 1L))
  fit <- survdiff(Surv(times, events) ~ group, rho = 0)
  list(
    name = scalar(input$name), groups = input$groups,
    expected = list(statistic = scalar(fit$chisq), df = scalar(length(fit$n) - 1), pValue = scalar(fit$pvalue),
                    observed = as.numeric(fit$obs), expected = as.numeric(fit$exp))
  )
}

write_fixture("survival", list(
  kaplanMeier = lapply(km_inputs, km_case),
  logRank = lapply(logrank_inputs, logrank_case)
))

# ------------------------------------------------------------------ cross-checks on the scipy inputs
read_cases <- function(name) fromJSON(file.path(out_dir, paste0(name, ".json")), simplifyVector = FALSE)$cases
as_num <- function(x) as.numeric(unlist(x))

bh <- lapply(read_cases("benjamini-hochberg"), function(case) {
  list(name = scalar(case$name), expected = p.adjust(as_num(case$pValues), method = "BH"))
})
welch <- lapply(read_cases("welch"), function(case) {
  res <- t.test(as_num(case$a), as_num(case$b), var.equal = FALSE, conf.level = 0.95)
  list(name = scalar(case$name), expected = lapply(list(
    t = unname(res$statistic), df = unname(res$parameter), pValue = res$p.value,
    ciLow = res$conf.int[1], ciHigh = res$conf.int[2]
  ), scalar))
})
fisher <- lapply(read_cases("fisher"), function(case) {
  m <- matrix(as_num(case$table), nrow = 2, byrow = TRUE)
  list(name = scalar(case$name), expected = lapply(list(
    pValue = fisher.test(m)$p.value,
    pValueLess = fisher.test(m, alternative = "less")$p.value,
    pValueGreater = fisher.test(m, alternative = "greater")$p.value
  ), scalar))
})
write_fixture("r-crosscheck", list(benjaminiHochberg = bh, welch = welch, fisher = fisher))
