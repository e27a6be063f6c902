#!/usr/bin/env bash
# Smoke test of a frozen NeoDesk: the BUILD (dist/NeoDesk/neodesk by default), not the source.
#
#   packaging/smoke_test.sh [PATH/TO/neodesk]
#
# Every command runs in a clean environment (`env -i`: no virtual environment, no PYTHONPATH, PATH
# /usr/bin:/bin) with a temporary data folder (NEODESK_DATA_DIR), the way a counselor's machine runs
# it: --version, demo --clients 20, clients --json, report milestones 1, export bundle --all, export nexus
# against the SBA schema (NEODESK_NEXUS_XSD, else ../shared/nexus, when there), db check, an administrator
# passphrase set and verified (argon2),
# and the desktop app started offscreen to its first paint and closed (NEODESK_QUIT_AFTER_START=1).
# Exits non-zero at the first step that misbehaves, with what it printed; .ci/run calls it.
set -euo pipefail
cd "$(dirname "$0")/.."

exe="$(realpath "${1:-dist/NeoDesk/neodesk}")"
if [ ! -x "$exe" ]; then
  echo "smoke test: no executable at $exe (run python packaging/build.py first)." >&2
  exit 1
fi
expected="NeoDesk $(sed -n 's/^version = "\(.*\)"$/\1/p' pyproject.toml | head -n 1)"
work="$(mktemp -d "${TMPDIR:-/tmp}/neodesk-smoke.XXXXXX")"
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/home"
data="$work/data"

# Runs the build; its output goes to $work/out and $work/err, its status to $status. It acts as the
# seeded administrator: the demo adds counselors, and with several active nobody is signed in by default.
run() {
  set +e
  (cd "$work" && env -i HOME="$work/home" PATH=/usr/bin:/bin LANG=C.UTF-8 NEODESK_DATA_DIR="$data" \
    NEODESK_COUNSELOR=admin@localhost \
    QT_QPA_PLATFORM=offscreen ${extra_env:-} timeout 180 "$exe" "$@") >"$work/out" 2>"$work/err"
  status=$?
  set -e
}
fail() {
  echo "smoke test FAILED: $1" >&2
  echo "smoke: $passed passed, 1 failed"
  echo "--- stdout:" >&2; tail -n 20 "$work/out" >&2
  echo "--- stderr:" >&2; tail -n 40 "$work/err" >&2
  exit 1
}
passed=0
check() {  # check DESCRIPTION: the last run exited 0 and printed no traceback
  [ "$status" -eq 0 ] || fail "$1: exit status $status"
  ! grep -q "Traceback" "$work/err" || fail "$1: a traceback on stderr"
  echo "ok: $1"
  passed=$((passed + 1))
}

run --version
check "neodesk --version"
[ "$(cat "$work/out")" = "$expected" ] || fail "--version printed '$(cat "$work/out")', expected '$expected'"

run demo --clients 20
check "neodesk demo --clients 20 (a new database: the migrations ran from the bundle)"
[ -f "$data/neodesk.sqlite3" ] || fail "demo wrote no database in the data folder $data"

run clients --json
check "neodesk clients --json"
count="$(grep -o '"client_no"' "$work/out" | wc -l)"
[ "$count" -ge 20 ] || fail "clients --json listed $count clients, expected at least 20"

run report milestones 1 --out "$work/client-1.pdf"
check "neodesk report milestones 1 --out client-1.pdf"
[ "$(head -c 5 "$work/client-1.pdf" 2>/dev/null)" = "%PDF-" ] || fail "the report is not a PDF"
if command -v pdffonts >/dev/null 2>&1; then  # the bundled DejaVu fonts were found (not reportlab's fallback)
  pdffonts "$work/client-1.pdf" | grep -q "DejaVuSans" || fail "the report does not embed the bundled fonts"
  echo "ok: the report embeds the bundled fonts"
fi

run export bundle --all --out "$work/desk.zip"
check "neodesk export bundle --all --out desk.zip (signed: cryptography in the bundle)"
[ "$(head -c 2 "$work/desk.zip" 2>/dev/null)" = "PK" ] || fail "the export is not a zip file"

xsd="$(realpath "${NEODESK_NEXUS_XSD:-../shared/nexus/SBA_NEXUS_Counseling-2-14.xsd}" 2>/dev/null || true)"
if [ -n "$xsd" ] && [ -f "$xsd" ]; then  # xmlschema and its own schemas, from the bundle
  run export nexus --from 2023-10-01 --to 2030-12-31 --out "$work/upload.xml" --schema "$xsd"
  check "neodesk export nexus --schema (every record checked against the SBA schema)"
  grep -q "<" "$work/upload.xml" || fail "the SBA upload is empty"
fi

run db check
check "neodesk db check"

# argon2-cffi (administrator passphrases) has a compiled part PyInstaller must bundle: set a passphrase,
# then prove it (a wrong one refused, the right one accepted) with the Argon2id hash the build computed.
extra_env="NEODESK_NEW_PASSPHRASE=smoke-test-passphrase" run counselor passphrase admin@localhost
check "neodesk counselor passphrase (argon2 in the bundle)"
extra_env="NEODESK_ADMIN_PASSPHRASE=not-the-passphrase NEODESK_NEW_PASSPHRASE=another-passphrase" \
  run counselor passphrase admin@localhost
[ "$status" -eq 1 ] || fail "a wrong administrator passphrase was not refused (exit status $status)"
extra_env="NEODESK_ADMIN_PASSPHRASE=smoke-test-passphrase" run counselor passphrase admin@localhost --clear
check "neodesk counselor passphrase --clear with the administrator passphrase (verified by argon2)"

extra_env="NEODESK_QUIT_AFTER_START=1" run
check "neodesk (the desktop app, offscreen) to its first paint, then closed"
grep -q "first paint done" "$work/out" || fail "the app did not report its first paint"
grep -q "first paint done" "$data/logs/neodesk.log" 2>/dev/null || fail "nothing in the log folder's neodesk.log"
echo "ok: the log is in the log folder ($data/logs/neodesk.log)"

echo "Smoke test of $exe passed."
echo "smoke: $passed passed, 0 failed"
