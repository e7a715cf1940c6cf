"""Issue 11, 1a: what one partnership's uploads teach about LSOAs is its own. Another
partnership's police file cannot rename an LSOA that this partnership's data relies on;
reference data comes only from site staff."""

from django.core.management import call_command

from analysis.models import Lsoa, MonthlyCount, Upload
from tests.analysis.conftest import BEDS_2016, extract
from tests.analysis.test_import import _partner_upload

CODE = "E01017620"  # "Central Bedfordshire 019C" in the real November 2016 extract
HEADER = (
    "Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,"
    "LSOA name,Crime type,Last outcome category,Context\n"
)


def _hostile_file() -> bytes:
    """A police file from Luton that names the canary's LSOA as one of Luton's."""
    row = (
        "x1,2016-11,Bedfordshire Police,Bedfordshire Police,0,0,On or near X,"
        f"{CODE},Luton 999Z,Burglary,,\n"
    )
    return (HEADER + row).encode()


def test_another_partnerships_upload_cannot_move_our_lsoa(
    import_files, partnership, other_partnership
):
    import_files([(BEDS_2016, extract(BEDS_2016))])
    hostile = import_files(
        [("2016-11-bedfordshire-street.csv", _hostile_file())], to=other_partnership
    )
    assert hostile.status == Upload.Status.DONE, hostile.error

    # Central Bedfordshire's partner file names the LSOA by code only.
    upload = _partner_upload(
        partnership, f"Date,Location,Type,Incidents\n2016-11,{CODE},Noise,4\n".encode()
    )
    assert upload.status == Upload.Status.DONE, upload.error
    assert upload.rows_in_area == 1 and upload.outside_areas == {}
    assert MonthlyCount.objects.filter(dataset=upload.dataset, category="Noise").get().count == 4
    assert Lsoa.objects.get(partnership=partnership, code=CODE).authority == "Central Bedfordshire"
    assert Lsoa.objects.get(partnership=other_partnership, code=CODE).authority == "Luton"


def test_reference_data_loaded_by_staff_places_codes_for_everyone(partnership, tmp_path):
    lookup = tmp_path / "lookup.csv"
    lookup.write_text(
        "LSOA21CD,LSOA21NM,LAD22CD,LAD22NM\n"
        f"{CODE},Central Bedfordshire 019C,E06000056,Central Bedfordshire\n"
    )
    call_command("load_lsoa_lookup", str(lookup))
    assert Lsoa.objects.get(partnership=None, code=CODE).authority == "Central Bedfordshire"
    upload = _partner_upload(
        partnership, f"Date,Location,Type,Incidents\n2016-11,{CODE},Noise,2\n".encode()
    )
    assert upload.status == Upload.Status.DONE, upload.error
    assert upload.rows_in_area == 1
