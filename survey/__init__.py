"""The Flask application: storage, respondent flow, staff pages and the JSON API."""
