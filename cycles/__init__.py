"""Cycles: years, stages and activities from templates, the timeline, and what is due."""
