#!/usr/bin/env bash
# The Debian package, as a user gets it: cpack builds it from the build folder, dpkg
# installs it into a scratch root, and what it holds works there: the program runs, man
# finds a page for it and for every command it lists, the completions complete, its
# Depends were computed; dpkg -r then leaves nothing behind.
#
#   tests/packaging/package_test.sh BUILD_DIR
set -euo pipefail
build=$(cd "$1" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "package test: $*" >&2; exit 1; }

(cd "$work" && cpack --config "$build/CPackConfig.cmake" -G DEB -B "$work/out") \
  >"$work/cpack.log" 2>&1 || { cat "$work/cpack.log" >&2; fail "cpack failed"; }
deb=$(ls "$work"/out/pgdrift_*.deb 2>/dev/null | head -1)
[ -n "$deb" ] || fail "cpack wrote no .deb"
depends=$(dpkg-deb -f "$deb" Depends)
for lib in libpq5 libsqlite3-0 libc6; do
  [[ $depends == *"$lib"* ]] || fail "Depends lacks $lib: $depends"
done

# Installed by dpkg itself into a scratch root with a database of its own (the machine's
# is not touched; the dependencies are this machine's, hence --force-depends).
root="$work/root"
mkdir -p "$root/var/lib/dpkg/info" "$root/var/lib/dpkg/updates"
touch "$root/var/lib/dpkg/status" "$root/var/lib/dpkg/available"
scratch_dpkg() {
  dpkg --instdir="$root" --admindir="$root/var/lib/dpkg" --force-depends --force-not-root \
    --force-script-chrootless "$@" >"$work/dpkg.log" 2>&1 || { cat "$work/dpkg.log" >&2; return 1; }
}
scratch_dpkg -i "$deb" || fail "dpkg -i into a scratch root failed"
[ "$("$root/usr/bin/pgdrift" --version)" = "pgdrift $(dpkg-deb -f "$deb" Version)" ] ||
  fail "the packaged program says $("$root/usr/bin/pgdrift" --version)"
export MANPATH="$root/usr/share/man"
man -w pgdrift >/dev/null || fail "no man page pgdrift(1)"
commands=$("$root/usr/bin/pgdrift" --help | sed -n '/^Subcommands:/,/^$/p' | awk 'NR > 1 && NF { print $1 }')
for cmd in $commands; do
  man -w "pgdrift-$cmd" >/dev/null || fail "no man page pgdrift-$cmd(1)"
done
# The pages hold what --help does not.
page=$(man -l "$(man -w pgdrift-check)" 2>/dev/null | col -b)
for section in "EXIT STATUS" ENVIRONMENT FILES EXAMPLES "SEE ALSO"; do
  grep -q "^$section" <<<"$page" || fail "pgdrift-check(1) has no $section section"
done
grep -q -- "--report-dir" <<<"$page" || fail "pgdrift-check(1) lacks the command's options"
[ -f "$root/usr/share/doc/pgdrift/README.md" ] || fail "the package holds no README"

# Completions: bash's driven as bash-completion drives it; fish's and zsh's as they ask.
for file in bash-completion/completions/pgdrift zsh/vendor-completions/_pgdrift \
            fish/vendor_completions.d/pgdrift.fish; do
  [ -s "$root/usr/share/$file" ] || fail "no completion file $file"
done
# complete WORD... : what bash completion offers for the last word.
complete_words() {
  bash -c 'source "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); _pgdrift
           printf "%s\n" "${COMPREPLY[@]}"' _ "$root/usr/share/bash-completion/completions/pgdrift" "$@"
}
offers() {  # offers "EXPECTED..." WORD...: completing the last WORD offers each EXPECTED
  local expected=$1 got
  shift
  got=$(complete_words "$@")
  for word in $expected; do
    grep -qx -- "$word" <<<"$got" || fail "completing '$*' does not offer $word (offers: $got)"
  done
}
offers check pgdrift ch
offers --format pgdrift check --for
offers "sql dbmate json" pgdrift -v plan --format ""
offers --migrations-table pgdrift gate --migrations-t
[ -z "$(complete_words pgdrift check --url "")" ] || fail "a URL is completed with something"
# fish, asked as it asks itself on a TAB.
fish_offers() {  # fish_offers EXPECTED COMMAND_LINE
  local got
  got=$(fish -c "source '$root/usr/share/fish/vendor_completions.d/pgdrift.fish'; complete -C '$2'" |
        cut -f1)
  grep -qx -- "$1" <<<"$got" || fail "fish completing '$2' does not offer $1 (offers: $got)"
}
fish_offers check "pgdrift ch"
fish_offers --format "pgdrift check --for"
fish_offers dbmate "pgdrift plan --format "
# zsh, typed into its line editor with a TAB (compinit loads the file on that first TAB).
zsh_completes() {  # zsh_completes TYPED EXPECTED
  zsh -f "$(dirname "$0")/zsh_completes.zsh" "$root/usr/share/zsh/vendor-completions" "$1" "$2" ||
    fail "zsh does not complete '$1' to '$2'"
}
zsh_completes "pgdrift ch" "pgdrift check"
zsh_completes "pgdrift check --for" "pgdrift check --format"
zsh_completes "pgdrift history --format h" "pgdrift history --format html"
# Removed, it leaves nothing behind but dpkg's own database.
scratch_dpkg -r pgdrift || fail "dpkg -r failed"
left=$(cd "$root" && find . -mindepth 1 -not -path './var' -not -path './var/lib' \
         -not -path './var/lib/dpkg' -not -path './var/lib/dpkg/*')
[ -z "$left" ] || fail "dpkg -r left behind: $(tr '\n' ' ' <<<"$left")"
echo "package test: $(basename "$deb") ($(wc -w <<<"$commands") command pages, Depends: $depends)"
