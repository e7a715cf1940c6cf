"""The demo's register: six sources (one overdue) and two agreements (one due for
review soon); running it twice adds nothing."""

from datetime import date

from analysis import dashboard, source_selectors
from analysis.source_models import DataSource, SharingAgreement, SourceReceipt
from demo.sources_demo import build_sources_demo
from partnerships.models import Agency, Membership


def test_the_demo_register_has_six_sources_one_overdue_and_two_agreements(
    partnership, cast, police, council
):
    for name, kind in [
        ("Bedfordshire Fire and Rescue Service", Agency.Type.FIRE_AND_RESCUE),
        ("Integrated Care Board", Agency.Type.HEALTH),
        ("Probation Service", Agency.Type.PROBATION),
    ]:
        Agency.objects.create(partnership=partnership, name=name, type=kind)
    today = date(2026, 11, 24)
    build_sources_demo(partnership, today)
    build_sources_demo(partnership, today)
    assert DataSource.objects.count() == 6 and SourceReceipt.objects.count() == 6
    assert SharingAgreement.objects.count() == 2
    rows = source_selectors.register(partnership, today)
    assert [r.source.name for r in rows if r.state.overdue] == ["Proven re-offending"]
    police_crime = DataSource.objects.get(name="Police recorded crime")
    assert police_crime.dataset is not None and police_crime.dataset.is_police
    covered = {theme for r in rows if r.state.in_date for theme in r.source.themes}
    assert {"crime", "asb", "substance_misuse"} <= covered and "reoffending" not in covered
    analyst = Membership.objects.get(user=cast["analyst"], partnership=partnership)
    review = dashboard.agreements_for_review(analyst, today)
    assert [i.title for i in review] == [
        "Bedfordshire community safety information-sharing agreement"
    ]
    assert SharingAgreement.objects.get(title=review[0].title).document
