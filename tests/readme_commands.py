#!/usr/bin/env python3
"""Runs the README's smartservice examples as written, with SMARTSERVICE_DB set instead of --db.

    readme_commands.py SMARTSERVICE README.md

Every command of the README's "The smartservice tool" block runs in a new directory, in order,
with "--db sc.db" taken out and SMARTSERVICE_DB=sc.db in the environment (doc/cli.md
"Configuration"); each must exit 0. The interactive diagnose example is skipped (it waits for
answers). The developer's own settings are hidden: HOME is the directory, XDG_CONFIG_HOME an
empty one. The clock is fixed (SSVC_NOW) so the months the examples name are the past and present.
"""
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile


def commands(readme):
    text = open(readme, encoding="utf-8").read()
    block = text.split("## The smartservice tool", 1)[1].split("```sh\n", 1)[1].split("```", 1)[0]
    block = re.sub(r"\\\n\s*", " ", block)  # continuation lines
    for line in block.splitlines():
        line = line.strip()
        if line.startswith("smartservice "):
            yield line


def main():
    cli, readme = sys.argv[1], sys.argv[2]
    work = tempfile.mkdtemp(prefix="readme-", dir=os.getcwd())
    env = {k: v for k, v in os.environ.items() if not k.startswith("SMARTSERVICE_")}
    env.update(HOME=work, XDG_CONFIG_HOME=os.path.join(work, "no-config"),
               SMARTSERVICE_DB="sc.db", SSVC_NOW="1796205600")  # 2026-12-02T10:00:00Z
    failed, ran = 0, 0
    for line in commands(readme):
        # "[--lang sv]" marks an optional part: it runs as given
        words = shlex.split(line.replace("[", "").replace("]", ""), comments=True)
        if "interactively" in line:
            continue
        if "--db" in words:
            i = words.index("--db")
            del words[i:i + 2]
        p = subprocess.run([cli] + words[1:], cwd=work, env=env, stdin=subprocess.DEVNULL,
                           capture_output=True, timeout=300)
        ran += 1
        if p.returncode != 0:
            failed += 1
            print("FAILED (exit %d): SMARTSERVICE_DB=sc.db %s\n%s" % (
                p.returncode, " ".join(shlex.quote(w) for w in words),
                p.stderr.decode("utf-8", "replace")))
    if not ran:
        print("no smartservice examples found in %s" % readme)
        return 1
    if failed:
        print("(the directory is kept: %s)" % work)
        return 1
    shutil.rmtree(work, ignore_errors=True)
    print("%d README examples ran with SMARTSERVICE_DB" % ran)
    return 0


if __name__ == "__main__":
    sys.exit(main())
