"""Priorities: proposals, board meetings and decisions, leads, KPIs, actions and
compliance checklists."""
