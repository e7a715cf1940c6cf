"""Fixtures for the analysis tests: the real data.police.uk extracts, variants made from
them, and a way to run an import straight away (the worker test runs it for real)."""

from pathlib import Path

import pytest

from analysis import services
from analysis.models import Upload
from partnerships.models import Membership

# The real extracts, shipped with the repository (analysis/demo_data/police-uk).
POLICE_UK = Path(__file__).resolve().parents[2] / "analysis" / "demo_data" / "police-uk"
BEDS_2016 = "2016-11-bedfordshire-street.csv"
BEDS_2017 = "2017-11-bedfordshire-street.csv"
CAMBS_2016 = "2016-11-cambridgeshire-street.csv"


def extract(name: str) -> bytes:
    return (POLICE_UK / name).read_bytes()


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def import_files(partnership):
    """Upload files to a partnership's police dataset and run the import in this process."""

    def run(files, *, to=None, by=None):
        target = to or partnership
        dataset = services.police_dataset(partnership=target)
        membership = Membership.objects.filter(user=by, partnership=target).first() if by else None
        upload = services.start_upload(dataset=dataset, uploaded_by=membership, files=files)
        services.run_import(upload_id=upload.pk)
        return Upload.objects.get(pk=upload.pk)

    return run


def month_file(month: str) -> tuple[str, bytes]:
    """The real November 2016 extract relabelled as another month."""
    return f"{month}-bedfordshire-street.csv", extract(BEDS_2016).replace(
        b"2016-11", month.encode()
    )
