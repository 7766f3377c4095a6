"""Questionnaires uploaded by coordinators in the browser: check, keep as a draft, preview, publish."""
