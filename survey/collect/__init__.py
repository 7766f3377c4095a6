"""Project teams' data collections: create, open, close, copy, their form and pages, counts by day."""
