#!/usr/bin/env bash
# Benchmarks pgdrift next to the tools people would use instead, in one run, on one
# throwaway server: see bench/README.md. Prints a Markdown report; --write also puts it
# in bench/RESULTS.md.
#
#   bench/run.sh [--sizes "127 1000 10000"] [--runs 5] [--migra-runs N]
#                [--shapes "standard wide widest defaults partitions functions tenants"] [--write]
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
SIZES="127 1000"
SHAPES="standard"
RUNS=5
MIGRA_RUNS=""
WRITE=0
while [ $# -gt 0 ]; do
  case "$1" in
    --sizes) SIZES="$2"; shift 2 ;;
    --shapes) SHAPES="$2"; shift 2 ;;
    --runs) RUNS="$2"; shift 2 ;;
    --migra-runs) MIGRA_RUNS="$2"; shift 2 ;;
    --write) WRITE=1; shift ;;
    *) echo "bench: unknown option $1 (see bench/README.md)" >&2; exit 2 ;;
  esac
done
PGDRIFT=${PGDRIFT:-$ROOT/build/tools/pgdrift/pgdrift}
BIN=${PGDRIFT_PG_BIN:-$(pg_config --bindir)}
TIME=/usr/bin/time
[ -x "$PGDRIFT" ] || { echo "bench: build pgdrift first (scripts/build.sh)" >&2; exit 2; }
# migra, the diff peer, pinned, from npm into the build folder (first run only).
MIGRA=${MIGRA:-$ROOT/build/bench-node/node_modules/.bin/migra}
if [ ! -x "$MIGRA" ] && command -v npm >/dev/null; then
  echo "bench: installing @pgkit/migra@0.6.1 into build/bench-node" >&2
  npm install --prefix "$ROOT/build/bench-node" @pgkit/migra@0.6.1 >/dev/null 2>&1 || true
fi
[ -x "$TIME" ] || { echo "bench: GNU time is needed (apt-get install time)" >&2; exit 2; }

TMP=$(mktemp -d /tmp/pgdrift-bench-XXXXXX)
chmod 755 "$TMP"
as_server() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
[ "$(id -u)" = 0 ] && chown postgres "$TMP"
cleanup() {
  [ -n "${KEEP:-}" ] && { echo "bench: kept $TMP" >&2; return; }
  as_server "$BIN/pg_ctl" -D "$TMP/data" -m immediate -w stop >/dev/null 2>&1 || true
  rm -rf "$TMP"
}
trap cleanup EXIT INT TERM

# pg_dump locks every table, and a generator makes all its tables in one transaction (a
# table with its sequence, indexes and TOAST table is up to six locks): lock slots for the
# largest size (max_locks_per_transaction is per connection slot, about 100 of them).
LARGEST=$(printf '%s\n' $SIZES | sort -g | tail -1)
LOCKS=$(( LARGEST / 10 > 1024 ? LARGEST / 10 : 1024 ))
as_server "$BIN/initdb" -D "$TMP/data" -U postgres --auth=trust --no-sync >/dev/null
as_server "$BIN/pg_ctl" -D "$TMP/data" -l "$TMP/server.log" -w -o "-c listen_addresses='' \
  -c unix_socket_directories='$TMP' -p 5432 -c max_locks_per_transaction=$LOCKS \
  -c fsync=off -c synchronous_commit=off -c shared_buffers=256MB -c autovacuum=off \
  -c log_line_prefix='%a|'" start >/dev/null
url() { echo "postgresql://postgres@/$1?host=$TMP&port=5432"; }
PSQL=("$BIN/psql" -X -q -v ON_ERROR_STOP=1)
"${PSQL[@]}" -d "$(url postgres)" -c "CREATE ROLE bench_reader"

# measure LABEL CMD...: runs CMD $RUNS times; sets MEDIAN_S and RSS_MB (median of peaks).
# GNU time appends "Command exited with non-zero status" before the figures: use the
# last line.
measure() {
  local label=$1; shift
  local times=() rss=()
  for _ in $(seq "$RUNS"); do
    # BEFORE_EACH names a function to run before each run, untimed.
    [ -z "${BEFORE_EACH:-}" ] || "$BEFORE_EACH"
    # Exit 1 is a result (differences found), not a failure.
    local rc=0
    "$TIME" -f "%e %M" -o "$TMP/time" "$@" >"$TMP/stdout" 2>"$TMP/stderr" || rc=$?
    [ "$rc" -le 1 ] || { echo "bench: $label failed ($rc):" >&2; cat "$TMP/stderr" >&2; exit 1; }
    cat "$TMP/stderr" >> "$TMP/stderr_all"
    read -r t m < <(tail -1 "$TMP/time")
    times+=("$t"); rss+=("$m")
  done
  MEDIAN_S=$(printf '%s\n' "${times[@]}" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
  RSS_MB=$(printf '%s\n' "${rss[@]}" | sort -g | awk '{a[NR]=$1} END {printf "%.0f", a[int((NR+1)/2)]/1024}')
}
ms() { awk -v s="$1" 'BEGIN {printf "%.0f ms", s * 1000}'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {if (b > 0) printf "%.2f", a / b; else print "-"}'; }

# Statements pgdrift sends for one snapshot, from the server log (application_name).
# Statement logging is on only for this count: it slows every tool that sends many
# statements (psql -f of a baseline most of all), so no timing runs with it.
statements_per_snapshot() {
  local before after
  "${PSQL[@]}" -d "$(url postgres)" -c "ALTER SYSTEM SET log_statement = 'all'" \
    -c "SELECT pg_reload_conf()" >/dev/null
  sleep 0.2
  # Simple-protocol statements are logged as "statement:", parameterised ones as "execute".
  before=$(grep -cE '^pgdrift\|LOG:  (statement|execute)' "$TMP/server.log" || true)
  "$PGDRIFT" snapshot --url "$(url "$1")" -o /dev/null
  after=$(grep -cE '^pgdrift\|LOG:  (statement|execute)' "$TMP/server.log" || true)
  "${PSQL[@]}" -d "$(url postgres)" -c "ALTER SYSTEM RESET log_statement" \
    -c "SELECT pg_reload_conf()" >/dev/null
  echo $((after - before))
}

# count_found prefix|regex FILE: how many of drift.sql's changes FILE shows, then the
# missed ones ("a; b"). prefix: a line of FILE starts with the expected finding (pgdrift's
# text diff); regex: FILE matches the "| migra:" expression, ignoring case.
EXPECTED=$(grep -c '^-- expect: ' bench/drift.sql)
count_found() {
  local how=$1 file=$2 found=0 missed="" line finding pattern
  while IFS= read -r line; do
    finding=${line#-- expect: }
    finding=${finding%% | migra: *}
    pattern=${line##* | migra: }
    if [ "$how" = prefix ]; then
      awk -v f="$finding" 'index($0, f) == 1 {hit = 1} END {exit !hit}' "$file"
    else
      grep -qiE -- "$pattern" "$file"
    fi && found=$((found + 1)) || missed="${missed:+$missed; }$finding"
  done < <(grep '^-- expect: ' bench/drift.sql)
  echo "$found $missed"
}

# applied_gives_drifted FILE N: runs FILE with psql on a copy of base_N and says whether
# the result is drifted_N (pgdrift diff is the judge).
applied_gives_drifted() {
  local file=$1 N=$2 differences
  "${PSQL[@]}" -d "$(url postgres)" -c "DROP DATABASE IF EXISTS applied_$N" \
    -c "CREATE DATABASE applied_$N TEMPLATE base_$N"
  if ! "${PSQL[@]}" -d "$(url applied_$N)" -f "$file" >/dev/null 2>"$TMP/applied.err"; then
    echo "fails: $(grep -m1 'ERROR:' "$TMP/applied.err" | sed 's/.*ERROR: *//' | cut -c1-90)"
  else
    differences=$("$PGDRIFT" diff "$(url applied_$N)" "$(url drifted_$N)" --format json |
                  grep -c '"change":' || true)
    [ "$differences" = 0 ] && echo "gives drifted" || echo "$differences difference(s) remain"
  fi
  "${PSQL[@]}" -d "$(url postgres)" -c "DROP DATABASE applied_$N"
}

REPORT="$TMP/report.md"
{
  echo "# pgdrift benchmarks"
  echo
  echo "Run: \`bench/run.sh --sizes \"$SIZES\" --shapes \"$SHAPES\" --runs $RUNS\` on $(date -u +%Y-%m-%d), $(nproc) cores,"
  echo "$(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $("$BIN/postgres" --version),"
  echo "pgdrift $("$PGDRIFT" --version | awk '{print $2}'). Median wall time of $RUNS runs and the median"
  echo "peak RSS; ratios are pgdrift / peer (below 1 means pgdrift is faster)."
} > "$REPORT"

# measure_deploy DB DIR STORE: a check of DB right after a deploy, RUNS times: each run
# adds one migration to DIR and applies it to DB, onto the shadow image a check with STORE
# kept; fails unless the check replays only that file and reads again only what it
# touched. Sets DEPLOY_S, DEPLOY_MB (medians) and IMAGE_MB (the kept image's size).
measure_deploy() {
  local db=$1 dir=$2 store=$3
  local deploy_times=() deploy_rss=()
  for k in $(seq "$RUNS"); do
    local version=2999010100$(printf '%04d' "$k")
    printf -- '-- migrate:up\nCREATE TABLE public.deployed_%s (id integer PRIMARY KEY, note text);\n-- migrate:down\nDROP TABLE public.deployed_%s;\n' \
      "$k" "$k" > "$dir/${version}_deploy.sql"
    "${PSQL[@]}" -d "$(url "$db")" -c "CREATE TABLE public.deployed_$k (id integer PRIMARY KEY, note text)" \
      -c "INSERT INTO public.schema_migrations (version) VALUES ('$version')"
    "$TIME" -f "%e %M" -o "$TMP/time" "$PGDRIFT" -v check --url "$(url "$db")" \
      --migrations-dir "$dir" --store "$store" --report-dir "" \
      >/dev/null 2>"$TMP/stderr" || { echo "bench: check after a deploy failed:" >&2; cat "$TMP/stderr" >&2; exit 1; }
    grep -q "already in the kept image; replaying 1$" "$TMP/stderr" ||
      { echo "bench: check after a deploy did not use the kept shadow image:" >&2; cat "$TMP/stderr" >&2; exit 1; }
    # The image carries the base of a read of changes: only what the new file touched is
    # read again.
    grep -q "relation(s) the new files touched" "$TMP/stderr" ||
      { echo "bench: check after a deploy read the whole shadow catalog:" >&2; cat "$TMP/stderr" >&2; exit 1; }
    read -r t m < <(tail -1 "$TMP/time")
    deploy_times+=("$t"); deploy_rss+=("$m")
  done
  DEPLOY_S=$(printf '%s\n' "${deploy_times[@]}" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
  DEPLOY_MB=$(printf '%s\n' "${deploy_rss[@]}" | sort -g | awk '{a[NR]=$1} END {printf "%.0f", a[int((NR+1)/2)]/1024}')
  # One image per database, named after it (beside the store).
  IMAGE_MB=$(du -smc "$TMP/pgdrift-shadow/$db"-* | tail -1 | awk '{print $1}')
}

# The standard shape (generate.sql): every measure, migra and the drift of drift.sql.
measure_standard() {
  local N=$1
  echo "bench: $N tables: generating" >&2
  for db in base drifted; do
    "${PSQL[@]}" -d "$(url postgres)" -c "CREATE DATABASE ${db}_$N"
    "${PSQL[@]}" -d "$(url ${db}_$N)" -v tables="$N" -f bench/generate.sql
  done
  "${PSQL[@]}" -d "$(url drifted_$N)" -f bench/drift.sql
  "${PSQL[@]}" -d "$(url postgres)" -c "CREATE DATABASE checked_$N TEMPLATE base_$N"
  "$PGDRIFT" baseline --url "$(url checked_$N)" --migrations-dir "$TMP/m_$N" >/dev/null
  # The same rescued database with drift.sql's ghost changes: what a nightly check finds.
  "${PSQL[@]}" -d "$(url postgres)" -c "CREATE DATABASE ghosts_$N TEMPLATE checked_$N"
  "${PSQL[@]}" -d "$(url ghosts_$N)" -f bench/drift.sql
  # The up section alone (its down section refuses to run), for the psql -f floor.
  BASELINE="$TMP/baseline_up_$N.sql"
  sed -n '/^-- migrate:up/,/^-- migrate:down/p' "$TMP/m_$N"/*.sql > "$BASELINE"
  # Autovacuum is off (it would analyse the new catalogs in the middle of a measurement):
  # vacuum and analyse each database once instead.
  for db in base drifted checked ghosts; do "$PSQL" -X -q -d "$(url ${db}_$N)" -c "VACUUM ANALYZE" >/dev/null; done

  echo "bench: $N tables: measuring" >&2
  measure "pg_dump" "$BIN/pg_dump" --schema-only -f /dev/null -d "$(url base_$N)"
  DUMP_S=$MEDIAN_S DUMP_MB=$RSS_MB
  measure "bulk read" "${PSQL[@]}" -d "$(url base_$N)" -o /dev/null -f bench/bulk_read.sql
  BULK_S=$MEDIAN_S BULK_MB=$RSS_MB
  measure "snapshot" "$PGDRIFT" snapshot --url "$(url base_$N)" -o /dev/null
  SNAP_S=$MEDIAN_S SNAP_MB=$RSS_MB
  measure "diff" "$PGDRIFT" diff "$(url base_$N)" "$(url drifted_$N)" --format json
  DIFF_S=$MEDIAN_S DIFF_MB=$RSS_MB
  FINDINGS=$("$PGDRIFT" diff "$(url base_$N)" "$(url drifted_$N)" --format json |
             grep -c '"change":' || true)
  # The changes drift.sql made, each with the finding pgdrift must report and what
  # migra's output shows when migra saw it.
  "$PGDRIFT" diff "$(url base_$N)" "$(url drifted_$N)" > "$TMP/diff.txt" || true
  read -r OURS OURS_MISSED < <(count_found prefix "$TMP/diff.txt")
  MIGRA_CELL="not installed"
  MIGRA_RATIO="-"
  MIGRA_FOUND="-"
  if [ -x "$MIGRA" ]; then
    # One migra run takes minutes at 10,000 tables.
    runs=${MIGRA_RUNS:-$( [ "$N" -ge 10000 ] && echo 1 || echo "$RUNS" )}
    RUNS_SAVED=$RUNS RUNS=$runs
    measure "migra" "$MIGRA" run "$(url base_$N)" "$(url drifted_$N)" --unsafe --with-privileges
    RUNS=$RUNS_SAVED
    MIGRA_S=$MEDIAN_S MIGRA_MB=$RSS_MB
    cp "$TMP/stdout" "$TMP/migra.sql"
    MIGRA_STATEMENTS=$(grep -c ';' "$TMP/migra.sql" || true)
    MIGRA_CELL="$(ms "$MIGRA_S"), $MIGRA_MB MB ($MIGRA_STATEMENTS statements, $runs run(s))"
    MIGRA_RATIO=$(ratio "$DIFF_S" "$MIGRA_S")
    read -r THEIRS THEIRS_MISSED < <(count_found regex "$TMP/migra.sql")
    MIGRA_FOUND="$THEIRS of $EXPECTED${THEIRS_MISSED:+ (missed: $THEIRS_MISSED)}"
  fi
  OURS_FOUND="$OURS of $EXPECTED${OURS_MISSED:+ (missed: $OURS_MISSED)}"
  # plan: the migration from base to drifted, without and with its proof in a shadow, and
  # whether each tool's output, run by psql on a copy of base, gives drifted.
  measure "plan" "$PGDRIFT" plan "$(url base_$N)" "$(url drifted_$N)" --no-verify -o "$TMP/plan.sql"
  PLAN_S=$MEDIAN_S PLAN_MB=$RSS_MB
  RUNS_SAVED=$RUNS RUNS=1
  measure "plan verified" "$PGDRIFT" plan "$(url base_$N)" "$(url drifted_$N)" -o "$TMP/plan.sql"
  RUNS=$RUNS_SAVED
  PROVEN_S=$MEDIAN_S PROVEN_MB=$RSS_MB
  PLAN_APPLIED=$(applied_gives_drifted "$TMP/plan.sql" "$N")
  MIGRA_APPLIED="-"
  [ -f "$TMP/migra.sql" ] && MIGRA_APPLIED=$(applied_gives_drifted "$TMP/migra.sql" "$N")
  # -v: check reports how long the replay itself took ("replayed ... in X s").
  : > "$TMP/stderr_all"
  measure "check cold" "$PGDRIFT" -v check --url "$(url checked_$N)" --migrations-dir "$TMP/m_$N" \
    --store "" --report-dir ""
  COLD_S=$MEDIAN_S COLD_MB=$RSS_MB
  REPLAY_ONLY_S=$(sed -n 's/.*replayed .* in \([0-9.]*\) s$/\1/p' "$TMP/stderr_all" | sort -g |
                  awk '{a[NR]=$1} END {if (NR) print a[int((NR+1)/2)]}')
  "$PGDRIFT" check --url "$(url checked_$N)" --migrations-dir "$TMP/m_$N" \
    --store "$TMP/store_$N.sqlite3" --report-dir "" >/dev/null
  measure "check warm" "$PGDRIFT" check --url "$(url checked_$N)" --migrations-dir "$TMP/m_$N" \
    --store "$TMP/store_$N.sqlite3" --report-dir ""
  WARM_S=$MEDIAN_S WARM_MB=$RSS_MB
  # A check that finds drift. The first time, each changed field is settled by replaying
  # the live objects it belongs to in a shadow (each run starts from a copy of the warm
  # store: the history cached, no verdict known); on later nights the store knows them.
  fresh_drift_store() { cp "$TMP/store_$N.sqlite3" "$TMP/ghosts_store.sqlite3"; }
  BEFORE_EACH=fresh_drift_store measure "check drifted first" "$PGDRIFT" check \
    --url "$(url ghosts_$N)" --migrations-dir "$TMP/m_$N" --store "$TMP/ghosts_store.sqlite3" \
    --report-dir ""
  GHOSTS_FIRST_S=$MEDIAN_S GHOSTS_FIRST_MB=$RSS_MB
  GHOSTS_FOUND=$(grep -o '[0-9]* difference(s)' "$TMP/stdout" | awk '{print $1}')
  measure "check drifted again" "$PGDRIFT" check --url "$(url ghosts_$N)" \
    --migrations-dir "$TMP/m_$N" --store "$TMP/ghosts_store.sqlite3" --report-dir ""
  GHOSTS_AGAIN_S=$MEDIAN_S GHOSTS_AGAIN_MB=$RSS_MB
  # After a deploy: one new migration on top of the history the kept shadow image holds
  # (the warm check above left it beside the store).
  measure_deploy "checked_$N" "$TMP/m_$N" "$TMP/store_$N.sqlite3"
  # The replay floor: psql -f of the same baseline into an empty database.
  replay_once() {
    "${PSQL[@]}" -d "$(url postgres)" -c "SET client_min_messages = warning" \
      -c "DROP DATABASE IF EXISTS replay_$N" -c "CREATE DATABASE replay_$N"
    "$TIME" -f "%e %M" -o "$TMP/replay_time" "${PSQL[@]}" -d "$(url replay_$N)" -f "$BASELINE" >/dev/null ||
      { echo "bench: psql -f of the baseline failed" >&2; exit 1; }
    tail -1 "$TMP/replay_time" | awk '{print $1}'
  }
  REPLAYS=()
  for _ in $(seq "$RUNS"); do REPLAYS+=("$(replay_once)"); done
  REPLAY_S=$(printf '%s\n' "${REPLAYS[@]}" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
  STATEMENTS=$(statements_per_snapshot "base_$N")

  {
    echo
    echo "## $N tables"
    echo
    echo "| measure | pgdrift | peer | ratio |"
    echo "|---|---:|---:|---:|"
    echo "| snapshot vs \`pg_dump --schema-only\` | $(ms "$SNAP_S"), $SNAP_MB MB | $(ms "$DUMP_S"), $DUMP_MB MB | $(ratio "$SNAP_S" "$DUMP_S") |"
    echo "| snapshot vs bulk catalog read (psql) | $(ms "$SNAP_S") | $(ms "$BULK_S") | $(ratio "$SNAP_S" "$BULK_S") |"
    echo "| diff base vs drifted ($FINDINGS findings) vs migra | $(ms "$DIFF_S"), $DIFF_MB MB | $MIGRA_CELL | $MIGRA_RATIO |"
    echo "| plan base → drifted without its proof (\`--no-verify\`) vs diff | $(ms "$PLAN_S"), $PLAN_MB MB | $(ms "$DIFF_S") | $(ratio "$PLAN_S" "$DIFF_S") |"
    echo "| plan with its proof in a shadow (one run) vs without | $(ms "$PROVEN_S"), $PROVEN_MB MB | $(ms "$PLAN_S") | $(ratio "$PROVEN_S" "$PLAN_S") |"
    echo "| the output run by psql on a copy of base: pgdrift plan vs migra | $PLAN_APPLIED | $MIGRA_APPLIED | |"
    echo "| check warm (cached history) vs snapshot | $(ms "$WARM_S"), $WARM_MB MB | $(ms "$SNAP_S") | $(ratio "$WARM_S" "$SNAP_S") |"
    echo "| check finding drift ($GHOSTS_FOUND findings), first time: changed fields settled by a replay of their objects vs check warm | $(ms "$GHOSTS_FIRST_S"), $GHOSTS_FIRST_MB MB | $(ms "$WARM_S") | $(ratio "$GHOSTS_FIRST_S" "$WARM_S") |"
    echo "| check finding the same drift again (verdicts kept in the store) vs check warm | $(ms "$GHOSTS_AGAIN_S"), $GHOSTS_AGAIN_MB MB | $(ms "$WARM_S") | $(ratio "$GHOSTS_AGAIN_S" "$WARM_S") |"
    echo "| check after a deploy (one new migration onto the kept shadow image, $IMAGE_MB MB) vs check warm | $(ms "$DEPLOY_S"), $DEPLOY_MB MB | $(ms "$WARM_S") | $(ratio "$DEPLOY_S" "$WARM_S") |"
    echo "| check cold (shadow replay) vs \`psql -f\` of the baseline | $(ms "$COLD_S"), $COLD_MB MB | $(ms "$REPLAY_S") | $(ratio "$COLD_S" "$REPLAY_S") |"
    echo "| the replay inside check cold vs \`psql -f\` of the baseline | $(ms "${REPLAY_ONLY_S:-0}") | $(ms "$REPLAY_S") | $(ratio "${REPLAY_ONLY_S:-0}" "$REPLAY_S") |"
    echo "| changes drift.sql made, found by diff vs migra | $OURS_FOUND | $MIGRA_FOUND | |"
    echo
    echo "Statements sent by one snapshot: $STATEMENTS."
  } >> "$REPORT"
  for db in base drifted checked ghosts replay; do
    "${PSQL[@]}" -d "$(url postgres)" -c "DROP DATABASE IF EXISTS ${db}_$N"
  done
}

# Another shape (shapes/SHAPE.sql): the catalog export next to pg_dump and the bulk read,
# and the diff of the schema with a copy of itself (no findings), the work of a nightly
# check with a cached history.
measure_shape() {
  local shape=$1 N=$2 db=${1}_$2
  echo "bench: $shape, N=$N: generating" >&2
  "${PSQL[@]}" -d "$(url postgres)" -c "CREATE DATABASE $db"
  "${PSQL[@]}" -d "$(url "$db")" -v tables="$N" -f "bench/shapes/$shape.sql"
  "$PSQL" -X -q -d "$(url "$db")" -c "VACUUM ANALYZE" >/dev/null
  "${PSQL[@]}" -d "$(url postgres)" -c "CREATE DATABASE ${db}_copy TEMPLATE $db"
  local counts
  counts=$("$PSQL" -X -A -t -d "$(url "$db")" -c "SELECT (SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relkind IN ('r', 'p') AND n.nspname !~ '^pg_' AND n.nspname <> 'information_schema') || ' tables, ' || (SELECT count(*) FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relkind IN ('r', 'p') AND a.attnum > 0 AND n.nspname !~ '^pg_' AND n.nspname <> 'information_schema') || ' columns, ' || (SELECT count(*) FROM pg_attrdef WHERE oid >= 16384) || ' defaults, ' || (SELECT count(*) FROM pg_proc WHERE oid >= 16384) || ' functions, ' || (SELECT count(*) FROM pg_class WHERE oid >= 16384 AND relkind = 'v') || ' views, ' || (SELECT count(*) FROM pg_namespace WHERE oid >= 16384) || ' schemas'")
  echo "bench: $shape, N=$N: measuring ($counts)" >&2
  measure "pg_dump" "$BIN/pg_dump" --schema-only -f /dev/null -d "$(url "$db")"
  DUMP_S=$MEDIAN_S DUMP_MB=$RSS_MB
  measure "bulk read" "${PSQL[@]}" -d "$(url "$db")" -o /dev/null -f bench/bulk_read.sql
  BULK_S=$MEDIAN_S
  measure "snapshot" "$PGDRIFT" snapshot --url "$(url "$db")" -o /dev/null
  SNAP_S=$MEDIAN_S SNAP_MB=$RSS_MB
  measure "diff" "$PGDRIFT" diff "$(url "$db")" "$(url "${db}_copy")" --format json
  DIFF_S=$MEDIAN_S DIFF_MB=$RSS_MB
  # The nightly check: the copy rescued with a baseline, checked once cold (the history
  # replayed into a shadow, its expected catalog stored), then warm.
  "$PGDRIFT" baseline --url "$(url "${db}_copy")" --migrations-dir "$TMP/m_$db" >/dev/null
  RUNS_SAVED=$RUNS RUNS=1
  measure "check cold" "$PGDRIFT" check --url "$(url "${db}_copy")" --migrations-dir "$TMP/m_$db" \
    --store "$TMP/store_$db.sqlite3" --report-dir ""
  RUNS=$RUNS_SAVED
  COLD_S=$MEDIAN_S COLD_MB=$RSS_MB
  measure "check warm" "$PGDRIFT" check --url "$(url "${db}_copy")" --migrations-dir "$TMP/m_$db" \
    --store "$TMP/store_$db.sqlite3" --report-dir ""
  WARM_S=$MEDIAN_S WARM_MB=$RSS_MB
  measure_deploy "${db}_copy" "$TMP/m_$db" "$TMP/store_$db.sqlite3"
  {
    echo
    echo "## $shape (N=$N): $counts"
    echo
    echo "| measure | pgdrift | peer | ratio |"
    echo "|---|---:|---:|---:|"
    echo "| snapshot vs \`pg_dump --schema-only\` | $(ms "$SNAP_S"), $SNAP_MB MB | $(ms "$DUMP_S"), $DUMP_MB MB | $(ratio "$SNAP_S" "$DUMP_S") |"
    echo "| snapshot vs bulk catalog read (psql) | $(ms "$SNAP_S") | $(ms "$BULK_S") | $(ratio "$SNAP_S" "$BULK_S") |"
    echo "| diff with an identical copy vs \`pg_dump --schema-only\` | $(ms "$DIFF_S"), $DIFF_MB MB | $(ms "$DUMP_S") | $(ratio "$DIFF_S" "$DUMP_S") |"
    echo "| check warm (cached history) vs \`pg_dump --schema-only\` | $(ms "$WARM_S"), $WARM_MB MB | $(ms "$DUMP_S") | $(ratio "$WARM_S" "$DUMP_S") |"
    echo "| check cold (one run: the history replayed) vs check warm | $(ms "$COLD_S"), $COLD_MB MB | $(ms "$WARM_S") | $(ratio "$COLD_S" "$WARM_S") |"
    echo "| check after a deploy (one new migration onto the kept shadow image, $IMAGE_MB MB) vs check warm | $(ms "$DEPLOY_S"), $DEPLOY_MB MB | $(ms "$WARM_S") | $(ratio "$DEPLOY_S" "$WARM_S") |"
  } >> "$REPORT"
  "${PSQL[@]}" -d "$(url postgres)" -c "DROP DATABASE $db" -c "DROP DATABASE ${db}_copy"
}

for SHAPE in $SHAPES; do
  [ "$SHAPE" = standard ] || [ -f "bench/shapes/$SHAPE.sql" ] ||
    { echo "bench: no shape $SHAPE (bench/shapes/*.sql)" >&2; exit 2; }
  for N in $SIZES; do
    if [ "$SHAPE" = standard ]; then measure_standard "$N"; else measure_shape "$SHAPE" "$N"; fi
  done
done

cat "$REPORT"
if [ "$WRITE" = 1 ]; then cp "$REPORT" bench/RESULTS.md; echo "bench: wrote bench/RESULTS.md" >&2; fi
