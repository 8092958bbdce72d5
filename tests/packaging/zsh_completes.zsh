# zsh -f zsh_completes.zsh DIR TYPED EXPECTED
# Types TYPED and a TAB into an interactive zsh whose completions come from DIR (compinit,
# as a user's shell loads them) and succeeds when the line becomes EXPECTED; else prints
# what the terminal showed and fails. zsh's line editor needs a terminal: zsh/zpty is one.
zmodload zsh/zpty || exit 2
dir=$1 typed=$2 expected=$3
zpty shell zsh -f -i
zpty -w shell "PS1='ready> '; fpath=($dir \$fpath); autoload -U compinit; compinit -u -D"
zpty -w shell "function pgdrift { }; print -- compinit-done"
seen=""
read_until() {  # read_until TEXT: reads the terminal until TEXT shows, at most 10 s
  local chunk
  for _ in {1..100}; do
    while zpty -r -t shell chunk; do seen+=$chunk; done
    [[ $seen == *"$1"* ]] && return 0
    sleep 0.1
  done
  return 1
}
read_until $'\ncompinit-done' || { print -r -- "zsh did not start: $seen"; exit 1; }
seen=""
zpty -w -n shell "$typed"$'\t'
if read_until "$expected"; then
  zpty -d shell
  exit 0
fi
zpty -d shell
print -r -- "zsh completing '$typed' did not give '$expected'; the terminal showed: ${(V)seen}"
exit 1
