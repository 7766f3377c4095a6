"""Previews of questionnaires for staff: the respondent pages, shown with nothing stored."""
