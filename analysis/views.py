"""Analysis pages: datasets and uploads, the upload forms and progress, and the levels,
patterns and changes for an area and period, with their exports."""

from datetime import date
from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse

from csp_assessment import charts, exports
from csp_assessment.form_pages import NOT_SAVED, confirmed, form_page, press, render_page, submitted
from csp_assessment.pagination import paginate_table, sort_table
from cycles.models import Issue
from partnerships import access

from . import permissions, police_files, removals, rules, selectors, services
from .forms import IssueCrimeTypesForm, PartnerUploadForm, PeriodForm, PoliceUploadForm
from .models import Dataset, IssueCrimeTypes, MonthlyCount, Upload
from .tables import (
    ATTRIBUTION,
    DatasetTable,
    MonthTable,
    UploadTable,
    build_tables,
    export_csv,
    export_xlsx,
)

EXPORT_TYPES = {
    "csv": ("text/csv; charset=utf-8", export_csv),
    "xlsx": (exports.XLSX_TYPE, export_xlsx),
}


@login_required
def index(request: HttpRequest, slug: str) -> HttpResponse:
    membership = access.require_member(request, slug, permissions.can_view)
    partnership = membership.partnership
    datasets = DatasetTable(
        selectors.datasets_for(partnership),
        caption=f"Datasets of {partnership.name} and the months they cover",
    )
    sort_table(request, datasets)
    # Its own sort parameter, so sorting the uploads leaves the datasets as they were.
    uploads = UploadTable(selectors.uploads_for(partnership), prefix="uploads-")
    return render_page(
        request,
        "analysis/index.html",
        datasets=datasets,
        uploads=paginate_table(request, uploads, per_page=10),
        attribution=ATTRIBUTION,
    )


@login_required
def police_upload(request: HttpRequest, slug: str) -> HttpResponse:
    membership = access.require_member(request, slug, permissions.can_upload)
    form = PoliceUploadForm(*((request.POST, request.FILES) if request.method == "POST" else ()))

    def save(*, files) -> Upload:
        return services.start_upload(
            dataset=services.police_dataset(partnership=membership.partnership),
            uploaded_by=membership,
            files=[(f.name, f) for f in files],
        )

    upload = submitted(request, form, save)
    if upload is not NOT_SAVED:
        return redirect(upload)
    return render_page(request, "analysis/upload.html", form=form, kind="police")


@login_required
def partner_upload(request: HttpRequest, slug: str) -> HttpResponse:
    membership = access.require_member(request, slug, permissions.can_upload)
    form = PartnerUploadForm(*((request.POST, request.FILES) if request.method == "POST" else ()))

    def save(*, dataset_name, file, **_columns) -> Upload:
        # The column fields reach the service as one mapping, from form.mapping().
        return services.start_upload(
            dataset=services.partner_dataset(partnership=membership.partnership, name=dataset_name),
            uploaded_by=membership,
            files=[(file.name, file)],
            column_mapping=form.mapping(),
        )

    upload = submitted(request, form, save)
    if upload is not NOT_SAVED:
        return redirect(upload)
    return render_page(request, "analysis/upload.html", form=form, kind="partner")


@login_required
def upload_detail(request: HttpRequest, slug: str, upload_id: int) -> HttpResponse:
    membership = access.require_member(request, slug, permissions.can_view)
    upload = access.owned(
        Upload.objects.select_related("dataset", "uploaded_by__user"),
        membership,
        upload_id,
        "dataset",
    )
    template = "analysis/_upload_status.html" if request.htmx else "analysis/upload_detail.html"
    return render_page(
        request,
        template,
        upload=upload,
        warnings=_described(upload.month_warnings),
        removals=upload.removals.select_related("removed_by__user"),
    )


def _described(warnings: list[dict]) -> list[str]:
    return [police_files.describe_month_warning(w) for w in warnings]


def _own_upload(request: HttpRequest, slug: str, upload_id: int, rule) -> Upload:
    membership = access.require_member(request, slug, rule)
    return access.owned(
        Upload.objects.select_related("dataset__partnership", "uploaded_by__user"),
        membership,
        upload_id,
        "dataset",
    )


@login_required
def upload_confirm_months(request: HttpRequest, slug: str, upload_id: int) -> HttpResponse:
    """The button under a held upload's warning: import it under its rows' months."""
    upload = _own_upload(request, slug, upload_id, permissions.can_upload)
    if confirmed(request):
        press(
            request,
            lambda: services.confirm_upload_months(upload=upload, confirmed_by=request.membership),
            "The files are being imported under the months their rows hold.",
        )
    return redirect(upload)


@login_required
def upload_undo(request: HttpRequest, slug: str, upload_id: int) -> HttpResponse:
    """Ask first, then take an upload's rows out and rebuild the months it touched."""
    upload = _own_upload(request, slug, upload_id, permissions.can_remove_data)
    if confirmed(request):
        done = press(
            request,
            lambda: removals.undo_upload(upload=upload, removed_by=request.membership),
            lambda removal: (
                f"The upload is undone. Rebuilt: {rules.stored_months_written(removal.months)}."
                if removal.months
                else "The upload is undone. Nothing from it was imported."
            ),
        )
        if done is not NOT_SAVED:
            return redirect(upload)
    return render_page(
        request,
        "analysis/confirm_removal.html",
        heading="Undo this upload",
        dataset=upload.dataset,
        upload=upload,
        preview=removals.preview_undo(upload),
        warnings=_described(upload.month_warnings),
        back=upload.get_absolute_url(),
    )


@login_required
def dataset_months(request: HttpRequest, slug: str, dataset_id: int) -> HttpResponse:
    """The months a dataset holds, the upload behind each, and what was taken out."""
    membership = access.require_member(request, slug, permissions.can_view)
    dataset = get_object_or_404(Dataset, pk=dataset_id, partnership=membership.partnership)
    table = MonthTable(
        selectors.months_of(dataset),
        slug=slug,
        dataset_id=dataset.pk,
        may_remove=permissions.can_remove_data(membership),
    )
    sort_table(request, table)
    return render_page(
        request,
        "analysis/months.html",
        dataset=dataset,
        table=table,
        removals=dataset.removals.select_related("removed_by__user", "upload"),
    )


@login_required
def month_remove(request: HttpRequest, slug: str, dataset_id: int, month: str) -> HttpResponse:
    membership = access.require_member(request, slug, permissions.can_remove_data)
    dataset = get_object_or_404(Dataset, pk=dataset_id, partnership=membership.partnership)
    chosen = _month(month)
    if chosen is None or not MonthlyCount.objects.filter(dataset=dataset, month=chosen).exists():
        raise Http404("No such month")
    key = f"{chosen:%Y-%m}"
    months_url = reverse("analysis:months", kwargs={"slug": slug, "dataset_id": dataset.pk})
    if confirmed(request):
        done = press(
            request,
            lambda: removals.remove_month(dataset=dataset, month=key, removed_by=membership),
            f"{rules.month_label(chosen)} is removed from {dataset.name}.",
        )
        if done is not NOT_SAVED:
            return redirect(months_url)
    return render_page(
        request,
        "analysis/confirm_removal.html",
        heading=f"Remove {rules.month_label(chosen)}",
        dataset=dataset,
        month=chosen,
        preview=removals.preview_month(dataset, key),
        back=months_url,
    )


def _month(value: str) -> date | None:
    try:
        year, month = value.split("-")
        return date(int(year), int(month), 1)
    except (ValueError, AttributeError):
        return None


def _analysis(request: HttpRequest, slug: str, dataset_id: int):
    membership = access.require_member(request, slug, permissions.can_view)
    partnership = membership.partnership
    dataset = get_object_or_404(Dataset, pk=dataset_id, partnership=partnership)
    districts = list(partnership.districts.all())
    months = list(
        MonthlyCount.objects.filter(dataset=dataset)
        .order_by("month")
        .values_list("month", flat=True)
        .distinct()
    )
    form = PeriodForm(
        request.GET or None,
        districts=districts,
        months=months,
        partnership_name=partnership.name,
    )
    area, end, length = None, None, 12
    if form.is_bound and form.is_valid():
        area = next((d for d in districts if d.code == form.cleaned_data["area"]), None)
        end = _month(form.cleaned_data["end"])
        length = form.cleaned_data["length"] or 12
    analysis = selectors.analysis_for(
        dataset=dataset, districts=districts, area=area, end=end, length=length
    )
    return membership, form, analysis


@login_required
def dataset_analysis(request: HttpRequest, slug: str, dataset_id: int) -> HttpResponse:
    membership, form, analysis = _analysis(request, slug, dataset_id)
    tables = build_tables(analysis)
    charts_by_name = _charts(analysis)
    change_blocks = [
        {
            "name": f"changes-{index}",
            "comparison": comparison,
            "table": tables[f"changes-{index}"],
            "chart": charts_by_name.get(f"changes-{index}"),
            "label": f"the changes against the {comparison.pairing.label}",
        }
        for index, comparison in enumerate(analysis.comparisons, start=1)
    ]
    return render_page(
        request,
        "analysis/analysis.html",
        dataset=analysis.dataset,
        form=form,
        analysis=analysis,
        tables=tables,
        charts=charts_by_name,
        change_blocks=change_blocks,
        method=rules.METHOD_STATEMENT,
        attribution=ATTRIBUTION,
        query=request.GET.urlencode(),
    )


def _charts(analysis: selectors.Analysis) -> dict:
    """The page's charts, each with the caption shown under it; the alt texts carry the
    figures, the captions say where the table with every figure is."""
    built = {}
    categories = sorted(analysis.levels[:-1], key=lambda level: -level.count)
    if categories:
        built["shares"] = charts.horizontal_bars(
            [(level.category, level.count) for level in categories],
            title=f"Bar chart of counts by category in {analysis.area_label}, "
            f"{analysis.current_description}",
            caption=(
                f"Bar chart of counts by category in {analysis.area_label}, "
                f"{analysis.current_description}. The largest is "
                f"{categories[0].category} with {categories[0].count:,}. The levels table "
                "gives every figure."
            ),
        )
    points = [(m, c) for m, c in analysis.trend]
    with_data = [(m, c) for m, c in points if c is not None]
    if with_data:
        high = max(with_data, key=lambda p: p[1])
        built["trend"] = charts.monthly_line(
            points,
            title=f"Line chart of the monthly total in {analysis.area_label}",
            caption=(
                f"Line chart of the monthly total in {analysis.area_label} from "
                f"{rules.month_label(points[0][0])} to {rules.month_label(points[-1][0])}, "
                f"{len(with_data)} month{'' if len(with_data) == 1 else 's'} with data. "
                "The highest is "
                f"{high[1]:,} in {rules.month_label(high[0])}. The monthly table gives "
                "every figure."
            ),
        )
    for index, comparison in enumerate(analysis.comparisons):
        if not comparison.rows:
            continue
        rows = sorted(comparison.rows[:-1], key=lambda row: -row.change.current)
        total = comparison.rows[-1].change
        built[f"changes-{index + 1}"] = charts.paired_bars(
            [(r.category, r.change.current, r.change.baseline) for r in rows],
            current_label=rules.describe_months(comparison.pairing.current_months),
            baseline_label=rules.describe_months(comparison.pairing.baseline_months),
            title=f"Bar chart of each category, {comparison.description}",
            caption=(
                f"Bar chart of each category, {comparison.description}. In all, "
                f"{total.current:,} against {total.baseline:,}. The changes table gives "
                "every figure."
            ),
        )
    return built


@login_required
def export(request: HttpRequest, slug: str, dataset_id: int, table: str, fmt: str) -> HttpResponse:
    membership, _form, analysis = _analysis(request, slug, dataset_id)
    built = build_tables(analysis)
    if table not in built or fmt not in EXPORT_TYPES:
        raise Http404("No such table")
    content_type, writer = EXPORT_TYPES[fmt]
    period = analysis.current_description or "no data"
    title = f"{table.replace('-', ' ').capitalize()}: {analysis.area_label}, {period}"
    if table.startswith("changes-"):
        comparison = analysis.comparisons[int(table.split("-")[1]) - 1]
        title = f"Changes: {analysis.area_label}, {comparison.description}"
    body = writer(
        built[table],
        title=title,
        dataset_name=analysis.dataset.name,
        is_police=analysis.dataset.is_police,
        method=table.startswith("changes-"),
    )
    return exports.download(body, f"{membership.partnership.slug}-{table}.{fmt}", content_type)


@login_required
def latest_police(request: HttpRequest, slug: str) -> HttpResponse:
    """A stable address for 'the crime analysis' that other pages can link to."""
    membership = access.require_member(request, slug, permissions.can_view)
    dataset = Dataset.objects.filter(
        partnership=membership.partnership, kind=Dataset.Kind.POLICE_STREET
    ).first()
    if dataset is None:
        messages.info(request, "No police data has been imported yet.")
        return redirect("analysis:index", slug=slug)
    return redirect("analysis:dataset", slug=slug, dataset_id=dataset.pk)


@login_required
def issue_crime_types(request: HttpRequest, slug: str) -> HttpResponse:
    """The long list of every year, with the crime types each issue is linked to."""
    membership = access.require_member(request, slug, permissions.can_link_crime_types)
    issues = list(
        Issue.objects.filter(year__cycle__partnership=membership.partnership)
        .select_related("year__cycle", "crime_types")
        .order_by("-year__starts_on", "title")
    )
    years: dict = {}
    for issue in issues:
        years.setdefault(issue.year, []).append(issue)
    return render_page(request, "analysis/issue_crime_types.html", years=years)


@login_required
def issue_crime_types_edit(request: HttpRequest, slug: str, issue_id: int) -> HttpResponse:
    membership = access.require_member(request, slug, permissions.can_link_crime_types)
    issue = access.owned(
        Issue.objects.select_related("year__cycle"), membership, issue_id, "year__cycle"
    )
    link = IssueCrimeTypes.objects.filter(issue=issue).first()
    form = IssueCrimeTypesForm(
        request.POST if request.method == "POST" else None,
        initial={"crime_types": link.crime_types if link else []},
    )
    return form_page(
        request,
        form,
        save=partial(services.set_issue_crime_types, issue=issue),
        message=f"Crime types for “{issue.title}” saved.",
        then=reverse("analysis:issue_crime_types", kwargs={"slug": slug}),
        heading=f"Crime types for {issue.title}",
        intro=f"{issue.year.cycle.name}: {issue.year}.",
        crumbs=[
            ("Analysis", reverse("analysis:index", kwargs={"slug": slug})),
            (
                "Issues and crime types",
                reverse("analysis:issue_crime_types", kwargs={"slug": slug}),
            ),
        ],
    )
