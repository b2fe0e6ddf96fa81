#!/usr/bin/env python3
"""Runs one step of a CLI story (examples/cli/stories/*.story; format in doc/testing.md).

    cli_story.py --cli SMARTSERVICE --tests EXPECTED_DIR --source SOURCE_DIR STORY [STEP]
    cli_story.py --list STORY
    cli_story.py ... --db-url postgresql://... STORY    (the whole story on another database)

A story is a list of steps, each one command of the smartservice tool with what a user relies
on: its standard output (a file in EXPECTED_DIR, byte for byte), its exit status, a regular
expression its standard error must match, and values stated with where they come from. Every
step is its own test. The story runs in a new, empty directory: in a "sequence" story the steps
before STEP run first (each checked, so that a step fails where the story goes wrong), in an
"independent" story STEP runs alone. So each test passes alone and in any order.

Exit status: 0 when the step (and the steps before it) did what the story says, 1 when not, 2 for
a malformed story (named with file:line).
"""
import argparse
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile

KEYS = ("run", "stdin", "stdout", "exit", "stderr", "value", "absent", "compare")


class StoryError(Exception):
    pass


def parse(path):
    """The story's mode and its steps: [(name, line, {key: value or [values]})]."""
    mode, steps = None, []
    with open(path, encoding="utf-8") as f:
        for no, raw in enumerate(f, 1):
            line = raw.rstrip("\n")
            where = "%s:%d" % (path, no)
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            if line.startswith("mode:"):
                mode = line.split(":", 1)[1].strip()
                if mode not in ("sequence", "independent"):
                    raise StoryError("%s: mode must be sequence or independent (got '%s')"
                                     % (where, mode))
            elif line.startswith("step "):
                name = line[5:].strip()
                if not re.fullmatch(r"[A-Za-z0-9._-]+", name):
                    raise StoryError("%s: bad step name '%s'" % (where, name))
                if any(s[0] == name for s in steps):
                    raise StoryError("%s: step '%s' given twice" % (where, name))
                steps.append((name, where, {"value": [], "absent": []}))
            elif line.startswith("  ") and ":" in line and steps:
                key, val = line.strip().split(":", 1)
                val = val.strip()
                if key not in KEYS:
                    raise StoryError("%s: unknown key '%s' (known: %s)" % (where, key,
                                                                          ", ".join(KEYS)))
                if key in ("value", "absent"):
                    text, sep, why = val.partition(" -- ")
                    if not sep or not why.strip() or not text.strip():
                        raise StoryError("%s: a %s needs its source: '%s: TEXT -- where it "
                                         "comes from'" % (where, key, key))
                    text = text.strip().replace("\\t", "\t")  # a tab written as \t
                    steps[-1][2][key].append((text, why.strip(), where))
                elif key in steps[-1][2]:
                    raise StoryError("%s: '%s' given twice in step %s" % (where, key,
                                                                          steps[-1][0]))
                else:
                    steps[-1][2][key] = val
            else:
                raise StoryError("%s: expected 'mode:', 'step NAME' or an indented 'key: value'"
                                 % where)
    if mode is None:
        raise StoryError("%s: no 'mode:' line" % path)
    for name, where, s in steps:
        if "run" not in s and "compare" not in s:
            raise StoryError("%s: step %s has neither run nor compare" % (where, name))
    return mode, steps


def expand(word, env):
    for var in ("TESTS", "SOURCE"):
        word = word.replace("$" + var, env[var])
    return word


def run_step(name, where, s, args, workdir):
    """Runs one step in workdir; returns a list of what went wrong (empty when all held)."""
    env = {"TESTS": args.tests, "SOURCE": args.source}
    failures = []
    if "compare" in s:
        got, want = [os.path.join(workdir, expand(w, env)) if not expand(w, env).startswith("/")
                     else expand(w, env) for w in shlex.split(s["compare"])]
        if not os.path.exists(got):
            return ["%s: %s was not written" % (where, got)]
        with open(got, "rb") as a, open(want, "rb") as b:
            if a.read() != b.read():
                failures.append("%s: %s differs from %s" % (where, got, want))
        if "run" not in s:
            return failures
    words = [expand(w, env) for w in shlex.split(s["run"])]
    # Hermetic: the developer's SMARTSERVICE_* settings and configuration file are not seen
    # (doc/cli.md "Configuration"); a step sets its own before the command.
    environ = {k: v for k, v in os.environ.items() if not k.startswith("SMARTSERVICE_")}
    environ["HOME"] = workdir
    environ["XDG_CONFIG_HOME"] = os.path.join(workdir, "no-config")
    while words and re.fullmatch(r"[A-Z_][A-Z0-9_]*=.*", words[0]):
        k, v = words.pop(0).split("=", 1)
        if args.db_url and k == "SMARTSERVICE_DB" and v.endswith(".db"):
            v = args.db_url
        environ[k] = v
    if not words or words[0] != "smartservice":
        raise StoryError("%s: step %s must run smartservice" % (where, name))
    words[0] = args.cli
    if args.db_url:  # the same story on another database: every --db FILE.db names it instead
        words = [args.db_url if i and words[i - 1] == "--db" and w.endswith(".db") else w
                 for i, w in enumerate(words)]
    stdin = open(os.path.join(args.tests, s["stdin"]), "rb") if "stdin" in s else subprocess.DEVNULL
    try:
        p = subprocess.run(words, cwd=workdir, env=environ, stdin=stdin, capture_output=True,
                           timeout=120)
    finally:
        if stdin is not subprocess.DEVNULL:
            stdin.close()
    out, err = p.stdout, p.stderr.decode("utf-8", "replace")
    want_exit = int(s.get("exit", "0"))
    if p.returncode != want_exit:
        failures.append("exit status %d, expected %d" % (p.returncode, want_exit))
    expect = s.get("stdout")
    if expect != "any":
        want = b""
        if expect:
            with open(os.path.join(args.tests, expect), "rb") as f:
                want = f.read()
        if out != want and expect and os.environ.get("SSVC_STORY_UPDATE") == "1":
            # A developer's tool (doc/testing.md): write what the step printed as its expected
            # output, to be read in `git diff` before it is committed. Never set in CI.
            with open(os.path.join(args.tests, expect), "wb") as f:
                f.write(out)
        elif out != want:
            failures.append("standard output differs from %s\n--- got ---\n%s--- expected ---\n%s"
                            % (expect or "(empty)", out.decode("utf-8", "replace"),
                               want.decode("utf-8", "replace")))
    if "stderr" in s and not re.search(s["stderr"], err):
        failures.append("standard error does not match '%s'" % s["stderr"])
    # The tool speaks the agent's words (doc/cli.md "Exit status"): the library's function names
    # stay in its log, neither expected nor printed on standard error.
    if "ssvc_" in s.get("stderr", ""):
        failures.append("%s: the expected standard error names a library function (ssvc_...)"
                        % where)
    if "ssvc_" in err:
        failures.append("standard error names a library function (ssvc_...)")
    text = out.decode("utf-8", "replace")
    for value, why, vwhere in s["value"]:
        if not re.search(r"(?<![\w.])" + re.escape(value) + r"(?![\w])", text):
            failures.append("%s: the output lacks '%s' (%s)" % (vwhere, value, why))
    for value, why, vwhere in s["absent"]:
        if value in text or value in err:
            failures.append("%s: the output holds '%s', which it must not (%s)" % (vwhere, value,
                                                                                  why))
    if failures:
        failures.insert(0, "%s: %s\n$ %s" % (where, name, s["run"]))
        failures.append("--- stderr ---\n" + err)
    return failures


def main():
    ap = argparse.ArgumentParser(description="Runs a step of a CLI story.")
    ap.add_argument("--cli")
    ap.add_argument("--tests", help="the directory of the expected output files")
    ap.add_argument("--source", help="the source tree (for $SOURCE in commands)")
    ap.add_argument("--list", action="store_true", help="print the story's step names")
    ap.add_argument("--db-url", help="run the story on this database (a postgresql:// URI) "
                    "instead of the SQLite files its steps name")
    ap.add_argument("story")
    ap.add_argument("step", nargs="?")
    args = ap.parse_args()
    try:
        mode, steps = parse(args.story)
        if args.list:
            print("\n".join(s[0] for s in steps))
            return 0
        if not args.cli or not args.tests or not args.source:
            ap.error("--cli, --tests and --source are required to run a step")
        names = [s[0] for s in steps]
        if args.step and args.step not in names:
            raise StoryError("%s: no step '%s'" % (args.story, args.step))
        upto = names.index(args.step) if args.step else len(steps) - 1
        todo = steps[:upto + 1] if mode == "sequence" else [steps[upto]] if args.step else steps
        workdir = tempfile.mkdtemp(prefix="story-", dir=os.getcwd())
        failures = []
        for name, where, s in todo:
            failures = run_step(name, where, s, args, workdir if mode == "sequence" else
                                tempfile.mkdtemp(dir=workdir))
            if failures:
                if name != todo[-1][0]:
                    failures.insert(0, "an earlier step of the story failed:")
                break
        if failures:
            print("\n".join(failures))
            print("(the story's directory is kept: %s)" % workdir)
            return 1
        shutil.rmtree(workdir, ignore_errors=True)
        return 0
    except StoryError as e:
        print("cli_story: %s" % e, file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
