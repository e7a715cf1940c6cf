#!/usr/bin/env bash
# Back up, restore and verify the service's data: the database and the media folder.
#
#   scripts/backup.sh backup  DIR            # make DIR/backup-<UTC time>/ and print its path
#   scripts/backup.sh restore BACKUP [--force]  # check checksums, restore into the target
#   scripts/backup.sh verify                 # render a report from the target and check files
#
# The database and media folder are the app's own settings, read from the environment
# as the app reads them: DATABASE_URL (PostgreSQL, or empty for the embedded SQLite file
# at $VAR_DIR/db.sqlite3) and MEDIA_ROOT (default $VAR_DIR/media). For a restore they
# name the TARGET: a new, empty PostgreSQL database (createdb it first) or a SQLite path
# that does not exist yet, and an empty or missing media folder. A target that holds
# anything is refused unless --force is given.
#
# A backup folder holds:
#   db.dump       PostgreSQL: pg_dump custom format (restored with pg_restore)
#   db.sqlite3    SQLite: a copy made with SQLite's online backup API (safe while running)
#   media.tar     the media folder (tar, uncompressed: the PDFs are compressed already)
#   SHA256SUMS    checksums of the files above, in `sha256sum -c` format
#   manifest.json what, when, sizes, checksums and the migrations applied
#
# Each step prints how long it took. PYTHON picks the interpreter (default .venv/bin/python).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PYTHON="${PYTHON:-$ROOT/.venv/bin/python}"
VAR_DIR="${VAR_DIR:-$ROOT/var}"
MEDIA="${MEDIA_ROOT:-$VAR_DIR/media}"
DB_URL="${DATABASE_URL:-}"

say() { echo "backup.sh: $*" >&2; }
die() { say "$*"; exit 1; }
now() { date +%s.%N; }
# step NAME COMMAND...: run a step and print how long it took.
step() {
  local name="$1" start
  shift
  start="$(now)"
  "$@"
  awk -v name="$name" -v start="$start" -v end="$(now)" \
    'BEGIN { printf "backup.sh: %-40s %8.2f s\n", name, end - start }' >&2
}

case "$DB_URL" in
  "") ENGINE=sqlite; SQLITE_PATH="$VAR_DIR/db.sqlite3" ;;
  sqlite:///*) ENGINE=sqlite; SQLITE_PATH="${DB_URL#sqlite:///}" ;;
  postgres://* | postgresql://* | pgsql://*) ENGINE=postgres; PG_URL="postgresql://${DB_URL#*://}" ;;
  *) die "DATABASE_URL must be a postgres:// or sqlite:/// address." ;;
esac

# sqlite_backup FROM TO: SQLite's online backup API, consistent while the app writes.
sqlite_backup() {
  "$PYTHON" - "$1" "$2" <<'EOF'
import sqlite3, sys
source = sqlite3.connect(f"file:{sys.argv[1]}?mode=ro", uri=True)
target = sqlite3.connect(sys.argv[2])
with target:
    source.backup(target)
ok = target.execute("PRAGMA integrity_check").fetchone()[0]
target.close(); source.close()
sys.exit(0 if ok == "ok" else f"backup.sh: the SQLite copy fails its integrity check: {ok}")
EOF
}

migrations() {
  local sql="SELECT app || '.' || name FROM django_migrations ORDER BY app, name"
  if [[ $ENGINE == postgres ]]; then
    psql "$PG_URL" -X -A -t -v ON_ERROR_STOP=1 -c "$sql"
  else
    "$PYTHON" -c 'import sqlite3,sys
for (n,) in sqlite3.connect(sys.argv[1]).execute(sys.argv[2]): print(n)' "$1" "$sql"
  fi
}

write_manifest() {
  local dir="$1" started="$2"
  migrations "${3:-}" >"$dir/migrations.txt"
  "$PYTHON" - "$dir" "$ENGINE" "$started" "$MEDIA" <<'EOF'
import json, sys
from pathlib import Path
folder, engine, started, media = Path(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]
sums = dict(reversed(line.split("  ", 1)) for line in (folder / "SHA256SUMS").read_text().splitlines())
manifest = {
    "made_at": started,
    "database": engine,
    "media_root": media,
    "files": [
        {"name": name, "bytes": (folder / name).stat().st_size, "sha256": digest}
        for name, digest in sums.items()
    ],
    "media_files": sum(1 for p in Path(media).rglob("*") if p.is_file()) if Path(media).is_dir() else 0,
    "migrations": (folder / "migrations.txt").read_text().split(),
}
(folder / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n")
EOF
  rm "$dir/migrations.txt"
}

do_backup() {
  local parent="${1:?give the folder to put the backup in}" started dir db_file
  started="$(date -u +%Y-%m-%dT%H:%M:%SZ)"
  dir="$parent/backup-$(date -u +%Y%m%dT%H%M%SZ)"
  [[ -e "$dir" ]] && die "$dir exists already; wait a second and try again."
  mkdir -p "$dir.partial"
  # The database first, then the media: files are written before a row names them, so
  # every file the copied database names is in the media taken after it.
  if [[ $ENGINE == postgres ]]; then
    db_file=db.dump
    step "Database (pg_dump)" pg_dump --format=custom --no-owner --no-privileges \
      --file="$dir.partial/db.dump" "$PG_URL"
  else
    db_file=db.sqlite3
    [[ -f "$SQLITE_PATH" ]] || die "no SQLite database at $SQLITE_PATH."
    step "Database (SQLite online backup)" sqlite_backup "$SQLITE_PATH" "$dir.partial/db.sqlite3"
  fi
  mkdir -p "$MEDIA"
  step "Media files (tar)" tar -C "$MEDIA" -cf "$dir.partial/media.tar" .
  step "Checksums (sha256)" bash -c "cd '$dir.partial' && sha256sum $db_file media.tar >SHA256SUMS"
  local local_db=""
  [[ $ENGINE == sqlite ]] && local_db="$dir.partial/db.sqlite3"
  step "Manifest" write_manifest "$dir.partial" "$started" "$local_db"
  # Only a complete backup gets the final name.
  mv "$dir.partial" "$dir"
  echo "$dir"
}

pg_is_empty() {
  [[ "$(psql "$PG_URL" -X -A -t -v ON_ERROR_STOP=1 -c \
    "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")" == 0 ]]
}

check_sums() {
  local dir="$1" bad
  [[ -f "$dir/SHA256SUMS" && -f "$dir/manifest.json" ]] \
    || die "$dir is not a backup (no SHA256SUMS or manifest.json). Nothing was restored."
  if ! bad="$(cd "$dir" && sha256sum --check --quiet SHA256SUMS 2>/dev/null)"; then
    bad="$(sed -n 's/: FAILED.*//p' <<<"$bad" | paste -sd, - | sed 's/,/, /g')"
    die "the backup in $dir is damaged: these files do not match their checksums in SHA256SUMS: ${bad:-unknown}. Nothing was restored."
  fi
}

do_restore() {
  local dir="${1:?give the backup folder to restore}" force="${2:-}"
  [[ -z "$force" || "$force" == --force ]] || die "unknown option $force (only --force)."
  dir="$(cd "$dir" && pwd)"
  step "Checksums (sha256 --check)" check_sums "$dir"
  local made
  made="$("$PYTHON" -c 'import json,sys; print(json.load(open(sys.argv[1]))["database"])' "$dir/manifest.json")"
  [[ "$made" == "$ENGINE" ]] || die "this backup holds a $made database, but the target is $ENGINE."

  # Refuse a target that holds anything, unless told.
  if [[ $ENGINE == postgres ]]; then
    pg_is_empty || [[ -n "$force" ]] \
      || die "the target database is not empty. Restore into a new database (createdb), or add --force to replace what it holds."
  elif [[ -s "$SQLITE_PATH" && -z "$force" ]]; then
    die "the target database $SQLITE_PATH exists already. Restore to a new path, or add --force to replace it."
  fi
  if [[ -d "$MEDIA" && -n "$(ls -A "$MEDIA")" ]]; then
    [[ -n "$force" ]] \
      || die "the target media folder $MEDIA is not empty. Restore into a new folder, or add --force to move it aside."
    local aside
    aside="$MEDIA.before-restore-$(date -u +%Y%m%dT%H%M%SZ)"
    mv "$MEDIA" "$aside"
    say "moved the old media folder to $aside"
  fi

  if [[ $ENGINE == postgres ]]; then
    local clean=()
    [[ -n "$force" ]] && clean=(--clean --if-exists)
    step "Database (pg_restore)" pg_restore --exit-on-error --single-transaction \
      --no-owner --no-privileges "${clean[@]}" --dbname="$PG_URL" "$dir/db.dump"
  else
    mkdir -p "$(dirname "$SQLITE_PATH")"
    rm -f "$SQLITE_PATH" "$SQLITE_PATH-wal" "$SQLITE_PATH-shm"
    step "Database (SQLite online backup)" sqlite_backup "$dir/db.sqlite3" "$SQLITE_PATH"
  fi
  mkdir -p "$MEDIA"
  step "Media files (tar)" tar -C "$MEDIA" -xf "$dir/media.tar"
  say "restored $dir"
}

do_verify() {
  cd "$ROOT"
  step "Verify (render a report, check files)" "$PYTHON" manage.py verify_restore "$@"
}

cmd="${1:-}"
shift || true
case "$cmd" in
  backup) step "Backup in all" do_backup "$@" ;;
  restore) step "Restore in all" do_restore "$@" ;;
  verify) do_verify "$@" ;;
  *) die "usage: scripts/backup.sh backup DIR | restore BACKUP [--force] | verify" ;;
esac
