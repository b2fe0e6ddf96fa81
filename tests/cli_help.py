#!/usr/bin/env python3
"""The help of the smartservice tool against its man page, doc/cli.md and its bash completion
(doc/cli.md "Help").

    cli_help.py man --cli SMARTSERVICE --man smartservice.1
        the man page renders (man -l) and holds every command, sub-command and option
    cli_help.py doc --cli SMARTSERVICE --doc doc/cli.md
        every command's options in --help are those of its rows in doc/cli.md, and back; the
        global options are described above the table
    cli_help.py complete --cli SMARTSERVICE --script smartservice.bash
        the completion script, sourced in bash, completes commands, options and ids

The commands and their options are read from the tool (help --complete, which runs each command
with --help: the option tables the commands parse with). Exit 0 when all agree, 1 naming each
difference, 77 when a program the test needs (man, bash) is missing.
"""
import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile


def complete(cli, words, env=None):
    out = subprocess.run([cli, "help", "--complete", "--"] + words, capture_output=True,
                         text=True, check=True, env=env).stdout
    return [w for w in out.split("\n") if w]


def tree(cli):
    """{path: set of options} for every command and sub-command the tool has."""
    paths = {}

    def visit(path):
        paths[" ".join(path)] = {w[2:] for w in complete(cli, path + ["--"]) if w != "--help"}
        if path == ["help"]:
            return
        for sub in complete(cli, path + [""]):
            if not sub.startswith(":") and not sub.startswith("-"):
                visit(path + [sub])

    for cmd in complete(cli, [""]):
        visit([cmd])
    return paths


def check_man(args):
    if not shutil.which("man"):
        print("cli_help: man is not installed; skipped")
        return 77
    env = dict(os.environ, MANWIDTH="250", LC_ALL="C", MAN_KEEP_FORMATTING="")
    r = subprocess.run(["man", "-l", "-P", "cat", args.man], capture_output=True, text=True,
                       env=env)
    if r.returncode != 0:
        print("cli_help: man -l %s failed: %s" % (args.man, r.stderr.strip()))
        return 1
    text = re.sub(".\b", "", r.stdout)
    lines = text.split("\n")
    heads = [i for i, l in enumerate(lines) if l and not l.startswith("       ")
             and l.strip() == l.strip().lstrip("-") and not l.startswith("    ")]
    bad = 0
    for path, opts in sorted(tree(args.cli).items()):
        at = [i for i in heads if lines[i].strip() == path]
        if not at:
            print("cli_help: the man page has no section '%s'" % path)
            bad += 1
            continue
        end = min([i for i in heads if i > at[0]] + [len(lines)])
        section = "\n".join(lines[at[0]:end])
        for o in sorted(opts):
            if not re.search(r"(^|\s)--%s(\s|$)" % re.escape(o), section, re.M):
                print("cli_help: man page section '%s' lacks --%s" % (path, o))
                bad += 1
    for needed in ("NAME", "SYNOPSIS", "GLOBAL OPTIONS", "EXIT STATUS"):
        if needed not in lines:
            print("cli_help: the man page has no %s" % needed)
            bad += 1
    return 1 if bad else 0


def doc_rows(path):
    """{command path: set of options} from the synopses in doc/cli.md's command table."""
    rows = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            if not line.startswith("| `smartservice"):
                continue
            first = line.split(" | ")[0]
            for syn in re.findall(r"`([^`]*)`", first):
                syn = syn.replace("\\|", "|")
                words = syn.split()
                if words and words[0] == "smartservice":
                    words = words[1:]
                while words and words[0] in ("--db", "[--db"):
                    words = words[2:]
                path_words = []
                for w in words:
                    if not re.fullmatch(r"[a-z][a-z-]*(\|[a-z][a-z-]*)*", w):
                        break
                    path_words.append(w)
                opts = set(re.findall(r"--([a-z][a-z0-9-]*)", " ".join(words[len(path_words):])))
                # "case note|label" and "swap return|repaired|..." name several sub-commands
                heads = [path_words[:-1] + [alt] for alt in path_words[-1].split("|")] \
                    if path_words else []
                for h in heads:
                    rows.setdefault(" ".join(h), set()).update(opts)
    return rows


def check_doc(args):
    helped, documented = tree(args.cli), doc_rows(args.doc)
    bad = 0
    for path, opts in sorted(helped.items()):
        has_children = any(p.startswith(path + " ") for p in helped)
        if path not in documented:
            if not has_children:
                print("cli_help: doc/cli.md has no row for 'smartservice %s'" % path)
                bad += 1
            elif opts:
                print("cli_help: doc/cli.md has no row for the options of 'smartservice %s'"
                      % path)
                bad += 1
            continue
        for o in sorted(opts - documented[path]):
            print("cli_help: '%s --help' has --%s; its rows in doc/cli.md do not" % (path, o))
            bad += 1
        for o in sorted(documented[path] - opts):
            print("cli_help: doc/cli.md gives '%s' the option --%s; its --help does not" % (path, o))
            bad += 1
    # the global options (main.c's table) are described above the command table
    with open(args.doc, encoding="utf-8") as f:
        intro = f.read().split("\n| command |")[0]
    for g in complete(args.cli, ["--"]):
        if g != "--help" and not re.search(re.escape(g) + r"\b", intro):
            print("cli_help: doc/cli.md does not describe the global option %s above its table" % g)
            bad += 1
    for path in sorted(set(documented) - set(helped)):
        print("cli_help: doc/cli.md has a row for 'smartservice %s', which the tool does not have"
              % path)
        bad += 1
    return 1 if bad else 0


def bash_complete(script, cli_dir, line, env):
    """The candidates bash offers for LINE (the word under the cursor is the last one)."""
    words = line.split(" ")
    prog = """source %s
COMP_WORDS=(%s)
COMP_CWORD=%d
_smartservice
printf '%%s\\n' "${COMPREPLY[@]}"
""" % (script, " ".join("'%s'" % w for w in words), len(words) - 1)
    env = dict(env, PATH=cli_dir + os.pathsep + env.get("PATH", ""))
    r = subprocess.run(["bash", "--norc", "-c", prog], capture_output=True, text=True, env=env)
    return [w for w in r.stdout.split("\n") if w]


def check_complete(args):
    if not shutil.which("bash"):
        return 77
    cli_dir = os.path.dirname(os.path.abspath(args.cli))
    bad = 0
    with tempfile.TemporaryDirectory() as tmp:
        db = os.path.join(tmp, "c.db")
        env = dict(os.environ, SSVC_NOW="1772442000")
        run = lambda *a: subprocess.run([args.cli, "--db", db] + list(a), check=True,
                                        capture_output=True, env=env)
        run("agreement", "new", "--customer", "ACME", "--name", "Acme AB", "--tier", "PROF",
            "--fleet", "10")
        run("agreement", "new", "--customer", "ACTA", "--name", "Acta AB", "--tier", "BAS",
            "--fleet", "5")
        run("case", "new", "--customer", "ACME", "--name", "Karin Holm", "--imei",
            "353918112200015", "--model", "iPhone 15")
        env_db = dict(os.environ, SMARTSERVICE_DB=db)
        cases = [
            ("smartservice ca", os.environ, ["calendar", "case"]),
            ("smartservice case es", os.environ,
             ["estimate", "estimate-accept", "estimate-decline"]),
            ("smartservice case new --mo", os.environ, ["--model"]),
            ("smartservice tiers --lang ", os.environ, ["sv", "en"]),
            ("smartservice --db %s case show SC" % db, os.environ, ["SC-2026-000001"]),
            ("smartservice case list --customer AC", env_db, ["ACME", "ACTA"]),
            ("smartservice --db %s agreement show ACM" % db, os.environ, ["ACME"]),
            ("smartservice help report targets ", os.environ, ["set", "show"]),
            ("smartservice --d", os.environ, ["--db"]),
            ("smartservice case event SC-2026-000001 --to clo", os.environ, ["closed"]),
            ("smartservice case event SC-2026-000001 --outcome w", os.environ, ["workshop"]),
        ]
        for line, e, want in cases:
            got = bash_complete(args.script, cli_dir, line, e)
            if sorted(got) != sorted(want):
                print("cli_help: completing '%s' gave %s, expected %s" % (line, got, want))
                bad += 1
        xml = os.path.join(tmp, "cases.xml")
        open(xml, "w").close()
        got = bash_complete(args.script, cli_dir, "smartservice import %s/cas" % tmp, os.environ)
        if got != [xml]:
            print("cli_help: completing a file for import gave %s, expected %s" % (got, [xml]))
            bad += 1
    return 1 if bad else 0


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("what", choices=("man", "doc", "complete"))
    ap.add_argument("--cli", required=True)
    ap.add_argument("--man")
    ap.add_argument("--doc")
    ap.add_argument("--script")
    args = ap.parse_args()
    return {"man": check_man, "doc": check_doc, "complete": check_complete}[args.what](args)


if __name__ == "__main__":
    sys.exit(main())
