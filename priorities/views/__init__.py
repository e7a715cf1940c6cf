"""Priorities pages, one module per topic; urls.py imports the modules."""
