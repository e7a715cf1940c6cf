"""The national load test's parts: services, dataset, Locust users, forms and checks.
benchmarks/national_load.py runs them in order."""
