"""manage.py national_dataset: build the generated national dataset for load tests
into an empty database and write the manifest the load harness reads (demo/national.py)."""

import os
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from analysis.services import demo_data_folder
from demo.national import NationalBuilder, NotEmpty, write_manifest


class Command(BaseCommand):
    help = (
        "Build N partnerships (with county parents) with cycles, issues, scoring, police "
        "data, a survey and reports, for load tests. Needs an empty database."
    )

    def add_arguments(self, parser):
        parser.add_argument("--partnerships", type=int, default=350)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument(
            "--manifest",
            type=Path,
            default=None,
            help="Where to write the manifest (default: $VAR_DIR/national/manifest.json).",
        )
        parser.add_argument(
            "--police-dir",
            type=Path,
            default=Path(os.environ.get("POLICE_UK_DIR", ""))
            if os.environ.get("POLICE_UK_DIR")
            else None,
            help="The real data.police.uk street files to resample (default: the demo's).",
        )
        parser.add_argument(
            "--pdf",
            type=Path,
            default=None,
            help="A rendered PDF whose bytes every report version stores (default: render "
            "the first version for real and copy it).",
        )

    def handle(self, *args, **options):
        count = options["partnerships"]
        if count < 1:
            raise CommandError("Give at least one partnership.")
        manifest_path = options["manifest"] or Path(settings.VAR_DIR) / "national" / "manifest.json"
        builder = NationalBuilder(
            count=count,
            seed=options["seed"],
            police_dir=options["police_dir"] or demo_data_folder(),
            pdf=options["pdf"],
            out=self.stdout.write,
        )
        try:
            manifest = builder.build()
        except NotEmpty as error:
            raise CommandError(str(error)) from error
        write_manifest(manifest, manifest_path)
        self.stdout.write("")
        for name, number in manifest["counts"].items():
            self.stdout.write(f"  {name:<16} {number:>10,}")
        self.stdout.write(
            f"Built {count} partnerships in {manifest['generated_in_seconds']:.1f} s. "
            f"Manifest: {manifest_path}"
        )
