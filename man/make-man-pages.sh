#!/bin/sh
# Writes pgdrift(1) and pgdrift-COMMAND(1) for every command `pgdrift --help` lists, with
# help2man from the program's own --help, so the pages say what the program says; the
# sections --help does not have come from INCLUDE. Gzipped, as Debian installs them.
#
#   man/make-man-pages.sh PGDRIFT OUTDIR INCLUDE
set -eu
pgdrift=$1 out=$2 include=$3
rm -rf "$out"
mkdir -p "$out"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

commands=$("$pgdrift" --help | sed -n '/^Subcommands:/,/^$/p' | awk 'NR > 1 && NF { print $1 }')
[ -n "$commands" ] || { echo "make-man-pages: $pgdrift --help lists no command" >&2; exit 1; }

# Every page ends with the others.
see_also="pgdrift(1)"
for cmd in $commands; do see_also="$see_also, pgdrift-$cmd(1)"; done
{ cat "$include"; printf '[SEE ALSO]\n%s\n' "$see_also"; } > "$work/include.h2m"

# page NAME PROGRAM DESCRIPTION
page() {
  help2man --no-info --section 1 --name "$3" --include "$work/include.h2m" \
    --output "$out/$1.1" "$2"
  gzip -9n -f "$out/$1.1"
}

page pgdrift "$pgdrift" "find and fix PostgreSQL schema drift"
for cmd in $commands; do
  # help2man runs PROGRAM --help and --version (which names the page): a command's own,
  # through a wrapper named after its page.
  wrapper="$work/pgdrift-$cmd"
  printf '#!/bin/sh\nif [ "$1" = --version ]; then "%s" --version | sed "s/^pgdrift/pgdrift-%s/"; exit; fi\nexec "%s" %s "$@"\n' \
    "$pgdrift" "$cmd" "$pgdrift" "$cmd" > "$wrapper"
  chmod +x "$wrapper"
  # The command's description up to its first colon or full stop, as the page's name.
  description=$("$pgdrift" "$cmd" --help | head -1 | sed 's/[:.] .*//; s/\.$//')
  page "pgdrift-$cmd" "$wrapper" "$description"
done
