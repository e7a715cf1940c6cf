"""The demo: a partnership drawn from the seeds, with one person per role. May read every app."""
