"""Results: stored responses as a table, Reports, downloads, result charts and the results pages."""
