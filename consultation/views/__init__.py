"""Consultation pages, one module per topic; urls.py imports each module."""
