"""The project's URLs plus /bench/plain-table/ for the benchmark's baseline page."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import path

from csp_assessment.urls import urlpatterns as project_urls


@login_required
def plain_table(request):
    rows = [(f"Issue {i:02d}", [(i * 16 + j) % 6 for j in range(16)]) for i in range(40)]
    return render(request, "plain_table.html", {"rows": rows, "columns": range(16)})


urlpatterns = [path("bench/plain-table/", plain_table), *project_urls]
