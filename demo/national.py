"""The generated national dataset for load tests: `manage.py national_dataset`.

Builds N partnerships (default 350: one county for each thirteen districts, so 25
counties and 325 districts, all with invented names) into an empty database, each with:

- its districts (a district partnership covers its own; a county covers its children's)
  and agencies; an admin, an analyst, a board member and twelve theme specialists who
  score (users are `<role>@<slug>.example.org` and `s1..s12@<slug>.example.org`, all with
  one password, hashed once);
- a four-year cycle from the template (cycles.services.create_cycle_from_template),
  and forty issues on year 1's long list;
- a closed round (scored, part moderated: the moderation and ranking pages) and an open
  round a week before its deadline (drafts part filled, three sheets submitted: the
  sheets scorers save on) on the shipped 16-criterion matrix (demo/national_scoring.py);
- 36 months of police data resampled from the real data.police.uk extracts and saved by
  the import's own code (demo/national_police.py);
- an open public survey with 500 responses, and the year's full assessment with two
  rendered draft versions (demo/national_outputs.py).

It is fast because the services are used where they are cheap (cycle, round, survey,
report) and rows are written in bulk where a service per row would be slow (users,
memberships, issues, assignments, scores, agreed scores, responses, answers). Every bulk
row is one the application could have made: right foreign keys and statuses, and each
round's `version` bumped after its scores. History rows (django-simple-history) are not
written for bulk rows: nobody edited them, and a history of each of millions of rows
would only slow the build. Each partnership is built in one transaction. Random choices
come from the seed (and the partnership's position), so the same seed gives the same
data; only secrets (survey links, password salts) and timestamps differ.

It refuses to run into a database that already has a partnership: it is for a fresh
database (the load harness makes one). It writes a JSON manifest for the harness
(/work/briefs/manifest-contract.md) with these changes from the contract:
- `urls.survey` is the app's public survey address, `/survey/<key>/`;
- `urls.sheet` gives each scorer's sheet (the same address for all: the sheet of the
  scorer signed in); `draft_scorers` lists the nine whose sheets take saves (the other
  three have submitted theirs, and the app refuses saves to a submitted sheet);
- each item also names its `admin`, and `analysis` is the police dataset's page.
"""

import json
import random
import time
from pathlib import Path

import numpy as np
from django.apps import apps
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import User
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from cycles.models import Issue
from cycles.services import create_cycle_from_template
from demo import national_names as names
from demo.builder import financial_year_start, set_progress
from demo.national_copy import faster_commit
from demo.national_outputs import RenderedPdfSource, build_report, build_survey
from demo.national_police import PolicePool, import_police_months, months_back
from demo.national_scoring import build_scoring
from partnerships.models import Agency, District, Membership, Partnership, Role
from scoring.matrix_files import load_shipped_matrices
from scoring.models import Matrix

PASSWORD = "national-load-test"
SCORERS = 12
MONTHS = 36
COUNTED = [
    "partnerships.Partnership",
    "partnerships.District",
    "partnerships.Agency",
    "auth.User",
    "partnerships.Membership",
    "cycles.Cycle",
    "cycles.Activity",
    "cycles.Issue",
    "scoring.Round",
    "scoring.ScoreSheet",
    "scoring.Score",
    "scoring.AgreedScore",
    "analysis.Upload",
    "analysis.MonthlyCount",
    "analysis.Lsoa",
    "consultation.Survey",
    "consultation.Response",
    "consultation.Answer",
    "reports.Report",
    "reports.RenderRun",
]


class NotEmpty(Exception):
    """The database already has partnerships."""


def _partnership(area: names.Area, parents: dict) -> Partnership:
    return Partnership.objects.create(
        name=area.name,
        slug=area.slug,
        kind=area.kind,
        parent=parents.get(area.county),
    )


def _districts(area, partnership, children: dict, rng: random.Random) -> list[District]:
    if area.kind == Partnership.Kind.COUNTY:
        rows = [
            District(
                partnership=partnership,
                name=d.name,
                code=d.code,
                population=d.population,
                population_source="Census 2021 (invented)",
            )
            for d in children.get(area.slug, [])
        ]
        if not rows:  # a county without districts covers an area of its own
            rows = [_district(partnership, area.place, area.index, rng)]
    else:
        rows = [_district(partnership, area.place, area.index, rng)]
    return District.objects.bulk_create(rows)


def _district(partnership, place: str, index: int, rng: random.Random) -> District:
    return District(
        partnership=partnership,
        name=place,
        code=f"E07{900000 + index:06d}"[:9],
        population=rng.randrange(60_000, 250_000, 100),
        population_source="Census 2021 (invented)",
    )


def _people(area, partnership, agencies: list[Agency], password: str, rng) -> dict:
    by_type = {}
    for agency in agencies:
        by_type.setdefault(agency.type, agency)
    # Someone whose own kind of agency the area lacks works for its council.
    council = next((by_type[t] for t in Agency.COUNCILS if t in by_type), None)
    domain = f"{area.slug}.example.org"
    specs = [
        ("admin", Role.ADMIN, "Community safety manager", Agency.Type.DISTRICT_COUNCIL),
        ("analyst", Role.ANALYST, "Partnership analyst", Agency.Type.DISTRICT_COUNCIL),
        ("board", Role.BOARD_MEMBER, "Chief inspector, board chair", Agency.Type.POLICE),
    ] + [
        (f"s{n}", Role.THEME_SPECIALIST, title, kind)
        for n, (title, kind) in enumerate(names.SCORER_ROLES[:SCORERS], start=1)
    ]
    users = []
    for local, *_ in specs:
        first, last = names.person(rng)
        email = f"{local}@{domain}"
        users.append(
            User(username=email, email=email, first_name=first, last_name=last, password=password)
        )
    users = User.objects.bulk_create(users)
    memberships = Membership.objects.bulk_create(
        [
            Membership(
                user=user,
                partnership=partnership,
                role=role,
                agency=by_type.get(kind) or council,
                job_title=title,
            )
            for user, (_, role, title, kind) in zip(users, specs, strict=True)
        ]
    )
    for membership, user in zip(memberships, users, strict=True):
        membership.user = user
    return {
        "admin": memberships[0],
        "analyst": memberships[1],
        "board": memberships[2],
        "scorers": memberships[3:],
    }


def _issues(year, agencies: list[Agency], rng: random.Random) -> list[Issue]:
    leads = [a for a in agencies if a.is_responsible_authority]
    issues = [
        Issue(
            year=year,
            title=title,
            theme=theme,
            pestelo=pestelo,
            serious_violence=violence,
            lead_agency=rng.choice(leads),
            source=rng.choice(
                [
                    Issue.Source.CARRIED_OVER,
                    Issue.Source.CARRIED_OVER,
                    Issue.Source.NEW,
                    Issue.Source.PARTNER,
                    Issue.Source.EMERGING,
                ]
            ),  # fmt: skip
        )
        for title, theme, pestelo, violence in names.ISSUES
    ]
    return Issue.objects.bulk_create(issues)


class NationalBuilder:
    """Builds the dataset one partnership (one transaction) at a time."""

    def __init__(self, *, count: int, seed: int, police_dir: Path, pdf: Path | None, out):
        self.count, self.seed, self.out = count, seed, out
        self.today = timezone.localdate()
        self.police = PolicePool.read(police_dir)
        self.pdfs = RenderedPdfSource(pdf)
        self.password = make_password(PASSWORD)  # hashed once: one hash for every user
        self.parents: dict[str, Partnership] = {}
        self.children: dict[str, list[District]] = {}
        self.months = months_back(self.today, MONTHS)

    def build(self) -> dict:
        if Partnership.objects.exists():
            raise NotEmpty(
                f"This database already has {Partnership.objects.count()} partnerships. "
                "national_dataset builds into an empty database only: migrate a fresh one "
                "and run it again."
            )
        started = time.monotonic()
        load_shipped_matrices()
        matrix = Matrix.objects.get(partnership=None, key="csp-16", version=1)
        criteria = list(matrix.criteria.all())
        areas = names.layout(self.count, self.seed)
        # Districts first in the county's coverage: build each county after its children.
        order = [a for a in areas if a.kind != "county"] + [a for a in areas if a.kind == "county"]
        counties = {a.slug: a for a in areas if a.kind == "county"}
        items = {}
        with transaction.atomic():
            for area in counties.values():  # parents exist before children point at them
                self.parents[area.slug] = _partnership(area, {})
        for number, area in enumerate(order, start=1):
            with transaction.atomic():
                faster_commit()
                items[area.slug] = self._one(area, counties, matrix, criteria)
            self.out(
                f"Partnership {number} of {len(order)} ({area.slug}) built, "
                f"{time.monotonic() - started:.1f} s elapsed"
            )
        elapsed = time.monotonic() - started
        counts = {
            str(apps.get_model(label)._meta.verbose_name_plural).replace(" ", "_"): apps.get_model(
                label
            ).objects.count()
            for label in COUNTED
        }
        return {
            "password": PASSWORD,
            "partnerships": self.count,
            "seed": self.seed,
            "generated_in_seconds": round(elapsed, 1),
            "generated_on": self.today.isoformat(),
            "counts": counts,
            "items": [items[a.slug] for a in areas],
        }

    def _one(self, area: names.Area, counties: dict, matrix, criteria) -> dict:
        rng = random.Random(f"national:{self.seed}:{area.index}")
        nrng = np.random.default_rng([self.seed, area.index])
        if area.kind == "county":
            partnership = self.parents[area.slug]
        else:
            partnership = _partnership(area, self.parents)
        districts = _districts(area, partnership, self.children, rng)
        if area.county:
            self.children.setdefault(area.county, []).extend(districts)
        child_places = [d.name for d in districts]
        agencies = Agency.objects.bulk_create(
            [
                Agency(partnership=partnership, name=name, type=kind, is_responsible_authority=ra)
                for name, kind, ra in names.agencies(area, child_places)
            ]
        )
        people = _people(area, partnership, agencies, self.password, rng)
        cycle = create_cycle_from_template(
            partnership=partnership,
            template_key="four-year",
            start_year=financial_year_start(self.today),
        )
        set_progress(cycle, self.today, leave_overdue=True)
        year = cycle.years.get(number=1)
        issues = _issues(year, agencies, rng)
        closed, open_ = build_scoring(
            rng=nrng,
            year=year,
            issues=issues,
            scorers=people["scorers"],
            matrix=matrix,
            criteria=criteria,
            today=self.today,
        )
        upload = import_police_months(
            pool=self.police,
            rng=nrng,
            analyst=people["analyst"],
            districts=districts,
            force=f"{area.county_name} Police",
            months=self.months,
            code_base=area.index * 1000,
            today=self.today,
        )
        survey = build_survey(
            rng=rng, year=year, analyst=people["analyst"], issues=issues, today=self.today
        )
        report = build_report(
            year=year, analyst=people["analyst"], place=area.place, pdfs=self.pdfs
        )
        return _item(area, people, closed, open_, upload.dataset_id, survey, report)


def _item(area, people, closed, open_, dataset_id, survey, report) -> dict:
    slug = area.slug

    def url(name: str, **kwargs) -> str:
        return reverse(name, kwargs={"slug": slug, **kwargs})

    scorers = [m.user.email for m in people["scorers"]]
    sheet = url("scoring:sheet", round_id=open_.pk)
    submitted = set(
        open_.sheets.filter(status="submitted").values_list("scorer__user__email", flat=True)
    )
    return {
        "slug": slug,
        "county": area.county,
        "admin": people["admin"].user.email,
        "analyst": people["analyst"].user.email,
        "board": people["board"].user.email,
        "scorers": scorers,
        "draft_scorers": [email for email in scorers if email not in submitted],
        "urls": {
            "sheet": {email: sheet for email in scorers},
            "analysis": url("analysis:dataset", dataset_id=dataset_id),
            "moderation": url("scoring:moderation", round_id=closed.pk),
            "ranking": url("scoring:ranking", round_id=closed.pk),
            "report": url("reports:report", report_id=report.pk),
            "render": url("reports:render", report_id=report.pk),
            "survey": reverse("consultation_public:survey", kwargs={"key": survey.public_key}),
        },
    }


def write_manifest(manifest: dict, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".partial")
    partial.write_text(json.dumps(manifest, indent=1))
    partial.replace(path)
