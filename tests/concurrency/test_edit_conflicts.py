"""Issue 11, item 7: when two people edit the same thing, the second save is refused
with what changed; nothing is silently overwritten and nothing typed is lost."""

from django.urls import reverse

from reports import services as report_services
from reports.models import Report
from tests.edit_clash import seen_stamp


def test_a_second_save_of_a_report_section_is_refused_with_what_changed(client_as, cast, year):
    report = report_services.create_report(year=year, kind=Report.Kind.FULL)
    url = reverse(
        "reports:section",
        kwargs={"slug": "central-bedfordshire", "report_id": report.pk, "key": "victims"},
    )
    sam = client_as(cast["analyst"])
    seen_by_sam = seen_stamp(sam.get(url).content.decode())
    # Jo opens and saves first.
    jo = client_as(cast["theme_specialist"])
    seen_by_jo = seen_stamp(jo.get(url).content.decode())
    assert seen_by_jo == seen_by_sam
    assert jo.post(url, {"narrative": "Jo's text.", "seen": seen_by_jo}).status_code == 302
    # Sam saves on the page he opened before Jo's save.
    sam = client_as(cast["analyst"])
    response = sam.post(url, {"narrative": "Sam's text.", "seen": seen_by_sam})
    page = response.content.decode()
    assert response.status_code == 400
    assert "This section was saved by Jo Evans on" in page
    assert "It now differs from yours in: the text." in page
    assert "Sam&#x27;s text." in page  # his words are still in the form
    section = report.sections.get(key="victims")
    assert section.narrative == "Jo's text."
    # Opened again, Sam's save goes through.
    fresh = seen_stamp(sam.get(url).content.decode())
    assert sam.post(url, {"narrative": "Sam's text.", "seen": fresh}).status_code == 302
