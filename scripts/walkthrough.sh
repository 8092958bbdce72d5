#!/usr/bin/env bash
# The README's end-to-end walkthrough: start a throwaway PostgreSQL in a temporary
# directory, create a sample database from the schema corpus (pagila), snapshot it with
# pgdrift, rescue it with a baseline, migrate it with dbmate, make two ghost changes by
# hand and let `pgdrift check` find them; remove the server again (also on error or Ctrl-C).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
PGDRIFT=${PGDRIFT:-$ROOT/build/tools/pgdrift/pgdrift}
CORPUS=${PGDRIFT_CORPUS_DIR:-$ROOT/../shared/corpus}
BIN=${PGDRIFT_PG_BIN:-$(pg_config --bindir)}
OUT=${PGDRIFT_WALKTHROUGH_OUT:-$ROOT/build/walkthrough}

[ -x "$PGDRIFT" ] || { echo "walkthrough: build pgdrift first (scripts/build.sh)" >&2; exit 2; }
[ -d "$CORPUS" ] || { echo "walkthrough: no schema corpus at $CORPUS (set PGDRIFT_CORPUS_DIR)" >&2; exit 2; }

TMP=$(mktemp -d /tmp/pgdrift-walkthrough-XXXXXX)
as_server() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
[ "$(id -u)" = 0 ] && chown postgres "$TMP"
cleanup() {
  as_server "$BIN/pg_ctl" -D "$TMP/data" -m immediate -w stop >/dev/null 2>&1 || true
  rm -rf "$TMP"
}
trap cleanup EXIT INT TERM

echo "== starting a throwaway PostgreSQL in $TMP (unix socket only)"
as_server "$BIN/initdb" -D "$TMP/data" -U postgres --auth=trust --no-sync >/dev/null
as_server "$BIN/pg_ctl" -D "$TMP/data" -l "$TMP/server.log" -w \
  -o "-c listen_addresses='' -c unix_socket_directories='$TMP' -p 5432" start >/dev/null
URL="postgresql://postgres@/pagila?host=$TMP&port=5432"
"$BIN/psql" -X -q -d "postgresql://postgres@/postgres?host=$TMP&port=5432" -c 'CREATE DATABASE pagila'

echo "== loading the pagila schema from the corpus"
PATH="$BIN:$PATH" "$CORPUS/load.sh" pagila "$URL" 2>/dev/null

echo "== pgdrift snapshot"
mkdir -p "$OUT"
"$PGDRIFT" snapshot --url "$URL" -o "$OUT/pagila.sql"
"$PGDRIFT" snapshot --url "$URL" --format json -o "$OUT/pagila.json"
echo "wrote $OUT/pagila.sql ($(wc -l < "$OUT/pagila.sql") lines) and $OUT/pagila.json"
echo "first table block:"
awk '/^-- table /{p=1} p{print "  " $0} p&&/^$/{exit}' "$OUT/pagila.sql"

echo "== replaying the snapshot into an empty database and comparing"
"$BIN/psql" -X -q -d "postgresql://postgres@/postgres?host=$TMP&port=5432" -c 'CREATE DATABASE replay'
"$BIN/psql" -X -q -v ON_ERROR_STOP=1 -d "postgresql://postgres@/replay?host=$TMP&port=5432" -f "$OUT/pagila.sql" >/dev/null
"$PGDRIFT" snapshot --url "postgresql://postgres@/replay?host=$TMP&port=5432" -o "$OUT/replay.sql"
if cmp -s "$OUT/pagila.sql" "$OUT/replay.sql"; then
  echo "the replayed database snapshots byte for byte the same"
else
  echo "walkthrough: the replay's snapshot differs" >&2; diff "$OUT/pagila.sql" "$OUT/replay.sql" | head -20 >&2; exit 1
fi
echo "== the mission: rescue pagila as if 19 migrations were tracked and the rest done by hand"
P() { "$BIN/psql" -X -q -v ON_ERROR_STOP=1 -d "$URL" "$@"; }
P -c "CREATE TABLE public.schema_migrations (id serial PRIMARY KEY, filename text NOT NULL UNIQUE,
        checksum char(64) NOT NULL, applied_at timestamptz NOT NULL DEFAULT now());
      INSERT INTO public.schema_migrations (filename, checksum)
        SELECT format('2024%s_step.sql', lpad(g::text, 10, '0')), encode(sha256(g::text::bytea), 'hex')
        FROM generate_series(1, 19) g;
      ALTER TABLE public.customer ADD COLUMN loyalty_tier text;  -- by hand, untracked
      CREATE INDEX customer_loyalty ON public.customer (loyalty_tier);"
rm -rf "$OUT/db"
"$PGDRIFT" baseline --url "$URL" --migrations-dir "$OUT/db/migrations"
echo "== dbmate status"
DBMATE=${PGDRIFT_DBMATE:-$ROOT/build/node/node_modules/.bin/dbmate}
if [ -x "$DBMATE" ]; then
  "$DBMATE" --url "$URL&sslmode=disable" --migrations-dir "$OUT/db/migrations" status
else
  echo "(dbmate is not installed in build/node; scripts/build.sh installs it)"
fi
echo "legacy rows kept: $(P -At -c 'SELECT count(*) FROM public.schema_migrations_legacy')"

echo "== the next morning: pgdrift check (clean right after the rescue)"
rm -rf "$OUT/reports"
CHECK=("$PGDRIFT" check --url "$URL" --migrations-dir "$OUT/db/migrations"
       --store "$OUT/reports/pgdrift.sqlite3" --report-dir "$OUT/reports")
"${CHECK[@]}"

echo "== a tracked change through dbmate, then two ghost changes by hand"
[ -x "$DBMATE" ] || { echo "walkthrough: dbmate is needed from here on (scripts/build.sh)" >&2; exit 2; }
NEXT=$(date -u -d '+1 minute' +%Y%m%d%H%M%S)
cat > "$OUT/db/migrations/${NEXT}_rental_note.sql" <<'SQL'
-- migrate:up
ALTER TABLE public.rental ADD COLUMN note text;

-- migrate:down
ALTER TABLE public.rental DROP COLUMN note;
SQL
"$DBMATE" --url "$URL&sslmode=disable" --migrations-dir "$OUT/db/migrations" --no-dump-schema up
P -c "ALTER TABLE public.film ADD COLUMN ghost_rating numeric(3,1);  -- by hand
      CREATE INDEX payment_amount ON public.payment (amount);      -- by hand"

echo "== pgdrift check (exit 1: drift)"
set +e
"${CHECK[@]}"
rc=$?
set -e
[ "$rc" = 1 ] || { echo "walkthrough: expected drift (exit 1), got $rc" >&2; exit 1; }
REPORT=$(ls "$OUT"/reports/pagila/*.md | tail -1)
echo "== the Markdown report: $REPORT"
sed 's/^/  /' "$REPORT"
# Exactly the two ghost changes, nothing else (the dbmate migration is history).
FOUND=$(grep '^### ' "$REPORT")
EXPECTED=$'### column `public.film.ghost_rating` added\n### index `public.payment.payment_amount` added'
[ "$FOUND" = "$EXPECTED" ] || { echo "walkthrough: the report should list exactly the two ghost changes" >&2; exit 1; }
echo "== pgdrift history"
"$PGDRIFT" history --store "$OUT/reports/pgdrift.sqlite3"
# The same history as one page, refreshed by every check: open it in a browser.
grep -q '<circle class="run drift"' "$OUT/reports/index.html" ||
  { echo "walkthrough: $OUT/reports/index.html should show the drift run" >&2; exit 1; }
echo "== the history page: $OUT/reports/index.html (pgdrift history --format html)"
echo "== done; the throwaway server is removed"
