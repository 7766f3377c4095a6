"""Questionnaire definitions: the model, the loader and validator, XLSForm in and out, the built-in library."""
