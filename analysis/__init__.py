"""Scoring, statistics, small-cell suppression, reports and file exports: a plain library and a command line.

No Flask and no database here: ``analysis`` takes plain Python and NumPy data, so an evaluator can use it from a
notebook or on a file exported from another survey tool.
"""
