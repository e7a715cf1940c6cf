"""The fillers: each module reads one other app and adds its blocks to a report's
sections (gather.py runs them in order)."""
