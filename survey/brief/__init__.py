"""The results brief: what a project changed, on two pages, for decision-makers — as a page, a PDF, chart files
and a share link. Built from the same Report as the results pages (:mod:`survey.results.reports`)."""
