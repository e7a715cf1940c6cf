"""Partnerships, their agencies and people, and the access rules every page follows."""
