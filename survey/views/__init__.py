"""Blueprints by audience: respondents (public) and staff."""
