# bash completion of smartservice (doc/cli.md "Help"): commands, sub-commands, options and their
# values, case and customer ids from the database of --db or SMARTSERVICE_DB. The candidates
# come from the tool itself (smartservice help --complete WORDS), so they follow its options.
_smartservice() {
  local cur=${COMP_WORDS[COMP_CWORD]} line
  local -a words=("${COMP_WORDS[@]:1:COMP_CWORD}")
  COMPREPLY=()
  while IFS= read -r line; do
    if [[ $line == :file ]]; then
      compopt -o filenames 2>/dev/null
      while IFS= read -r line; do COMPREPLY+=("$line"); done < <(compgen -f -- "$cur")
      return 0
    fi
    COMPREPLY+=("$line")
  done < <("${COMP_WORDS[0]}" help --complete -- "${words[@]}" 2>/dev/null)
  return 0
}
complete -F _smartservice smartservice
