"""Demo data and the commands that start Arvio on a fresh machine (``flask --app wsgi demo`` / ``up``)."""
