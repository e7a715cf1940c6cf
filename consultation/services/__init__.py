"""Every write in consultation, one module per topic. Keyword-only, atomic, and each one
checks the current state and says plainly what is not allowed."""
