#!/usr/bin/env bash
# Writes shell completions for pgdrift from its own --help (every command `pgdrift --help`
# lists, every option `pgdrift COMMAND --help` lists, the choices CLI11 prints as
# TYPE:{a,b}, files for FILE and directories for DIR), so they never disagree with it:
# OUTDIR/pgdrift.bash (bash-completion), OUTDIR/_pgdrift (zsh), OUTDIR/pgdrift.fish.
#
#   completions/make-completions.sh PGDRIFT OUTDIR
set -euo pipefail
pgdrift=$1 out=$2
mkdir -p "$out"

commands=$("$pgdrift" --help | sed -n '/^Subcommands:/,/^$/p' | awk 'NR > 1 && NF { print $1 }')
[ -n "$commands" ] || { echo "make-completions: $pgdrift --help lists no command" >&2; exit 1; }

# options HELP_TEXT: one line per option: "NAMES TYPE CHOICES", NAMES comma-separated
# (-o,--output), TYPE "-" for a flag, CHOICES space-separated or "-".
options() {
  awk '
    /^  +-/ {
      line = $0
      sub(/^ +/, "", line)
      split(line, parts, /  +/)         # names [type] | description
      head = parts[1]
      n = split(head, words, " ")
      names = words[1]; type = "-"; choices = "-"
      if (n > 1) {
        type = words[2]
        if (match(type, /:\{[^}]*\}/)) {
          choices = substr(type, RSTART + 2, RLENGTH - 3)
          gsub(/,/, " ", choices)
          type = substr(type, 1, RSTART - 1)
        }
      }
      print names "\t" type "\t" choices
    }'
}

description() { "$pgdrift" "$1" --help | sed -n '1{s/[:.] .*//; s/\.$//; p}'; }

# --- bash -------------------------------------------------------------------------
{
  echo "# bash completion for pgdrift: written by completions/make-completions.sh from"
  echo "# pgdrift --help; do not edit."
  echo "_pgdrift() {"
  echo '  local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]} cmd="" i'
  echo '  for ((i = 1; i < COMP_CWORD; i++)); do'
  echo '    case ${COMP_WORDS[i]} in -*) ;; *) cmd=${COMP_WORDS[i]}; break ;; esac'
  echo '  done'
  echo '  local words="" values=""'
  echo '  case $cmd in'
  globals=$("$pgdrift" --help | options | cut -f1 | tr ',' ' ' | tr '\n' ' ')
  echo "    \"\") words=\"$(echo $commands) $globals\" ;;"
  for cmd in $commands; do
    opts=$("$pgdrift" "$cmd" --help | options)
    echo "    $cmd)"
    echo "      words=\"$(cut -f1 <<<"$opts" | tr ',' ' ' | tr '\n' ' ')\""
    echo '      case $prev in'
    while IFS=$'\t' read -r names type choices; do
      [ "$type" = - ] && continue
      pattern=${names//,/|}
      if [ "$choices" != - ]; then
        echo "        $pattern) values=\"w:$choices\" ;;"
      elif [ "$type" = FILE ]; then
        echo "        $pattern) values=f ;;"
      elif [ "$type" = DIR ]; then
        echo "        $pattern) values=d ;;"
      else
        echo "        $pattern) values=none ;;"
      fi
    done <<<"$opts"
    echo '      esac ;;'
  done
  echo '  esac'
  echo '  case $values in'
  echo '    w:*) COMPREPLY=($(compgen -W "${values#w:}" -- "$cur")); return ;;'
  echo '    f) COMPREPLY=($(compgen -f -- "$cur")); return ;;'
  echo '    d) COMPREPLY=($(compgen -d -- "$cur")); return ;;'
  echo '    none) COMPREPLY=(); return ;;'
  echo '  esac'
  echo '  COMPREPLY=($(compgen -W "$words" -- "$cur"))'
  echo '  # A command'"'"'s own arguments (diff'"'"'s and plan'"'"'s sources) may be files.'
  echo '  if [[ -n $cmd && $cur != -* ]]; then COMPREPLY+=($(compgen -f -- "$cur")); fi'
  echo '}'
  echo 'complete -F _pgdrift pgdrift'
} > "$out/pgdrift.bash"

# --- zsh: the same function, through zsh's bash completion layer --------------------
{
  echo "#compdef pgdrift"
  echo "# zsh completion for pgdrift: written by completions/make-completions.sh; do not edit."
  echo "autoload -U +X bashcompinit && bashcompinit"
  sed '1,2d' "$out/pgdrift.bash"
  # compinit loads this file on the first TAB after `pgdrift`: that TAB is answered too
  # (else only the second one completes).
  echo '[[ -n ${compstate[context]-} ]] && _bash_complete -F _pgdrift'
} > "$out/_pgdrift"

# --- fish -------------------------------------------------------------------------
{
  echo "# fish completion for pgdrift: written by completions/make-completions.sh; do not edit."
  echo "complete -c pgdrift -f"
  # A command's own arguments (diff's and plan's sources) may be files.
  echo "complete -c pgdrift -n 'not __fish_use_subcommand' -F"
  for cmd in $commands; do
    desc=$(description "$cmd" | sed "s/'/\\\\'/g")
    echo "complete -c pgdrift -n __fish_use_subcommand -a $cmd -d '$desc'"
  done
  for cmd in $commands; do
    while IFS=$'\t' read -r names type choices; do
      args=""
      for name in ${names//,/ }; do
        case $name in
          --*) args="$args -l ${name#--}" ;;
          -*) args="$args -s ${name#-}" ;;
        esac
      done
      if [ "$choices" != - ]; then
        args="$args -x -a '$choices'"
      elif [ "$type" = FILE ] || [ "$type" = DIR ]; then
        args="$args -r -F"
      elif [ "$type" != - ]; then
        args="$args -x"
      fi
      echo "complete -c pgdrift -n '__fish_seen_subcommand_from $cmd'$args"
    done < <("$pgdrift" "$cmd" --help | options)
  done
} > "$out/pgdrift.fish"
