#!/usr/bin/env python3
"""Soak gwsh: many requests through each kind of app, in `gwsh run` and in pipe
mode, while watching its memory, descriptors, children and state folder.

Run through Soak/run.sh (which builds the release gwsh first); see there for the
options. Each case writes a session file of N requests to a fresh folder and runs
gwsh on it with HOME, XDG_STATE_HOME and TMPDIR inside that folder. Ten times in a
run (after each tenth of the requests) the file sends a request to a CGI program
mounted at /soak-pause, which waits until this script has looked: so each
checkpoint sees gwsh at the same point of the same kind of exchange, and the
descriptors and children it counts there must be the same every time.

This script makes itself a child subreaper (prctl PR_SET_CHILD_SUBREAPER): a
process gwsh started and left behind when it ended becomes our child, and is
reported, instead of disappearing under init.
"""

import argparse
import ctypes
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
PR_SET_CHILD_SUBREAPER = 36
MIB = 1024 * 1024

# Memory that grows from the second checkpoint to the last by more than both of these is growth: a
# few MiB are allocator caches and the largest body's buffers settling; what is kept for every
# request shows as bytes a request, whatever N is (run at least 100,000 requests for a clear figure).
RSS_SLACK = 8 * MIB
RSS_PER_REQUEST = 32


def make_subreaper():
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) != 0:
        sys.exit("soak: prctl(PR_SET_CHILD_SUBREAPER) failed: %s" % os.strerror(ctypes.get_errno()))


def status_field(pid, name):
    """A field of /proc/PID/status in bytes (VmRSS, VmHWM), or None once the process is gone."""
    try:
        with open("/proc/%d/status" % pid) as status:
            for line in status:
                if line.startswith(name + ":"):
                    return int(line.split()[1]) * 1024
    except (FileNotFoundError, ProcessLookupError):
        return None
    return None


def descriptor_count(pid):
    try:
        return len(os.listdir("/proc/%d/fd" % pid))
    except (FileNotFoundError, ProcessLookupError):
        return None


def processes():
    """Every process as pid -> (parent pid, state, name)."""
    table = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open("/proc/%s/stat" % entry) as stat:
                text = stat.read()
        except (FileNotFoundError, ProcessLookupError):
            continue
        name = text[text.index("(") + 1 : text.rindex(")")]
        fields = text[text.rindex(")") + 2 :].split()
        table[int(entry)] = (int(fields[1]), fields[0], name)
    return table


def descendants(pid):
    """The names of the processes below `pid`, sorted, zombies marked. The checkpoint program's
    own children (its `sleep`, its subshells) come and go as it polls: they are not counted."""
    table = processes()
    below, frontier = [], [pid]
    while frontier:
        parent = frontier.pop()
        for child, (ppid, state, name) in table.items():
            if ppid == parent:
                below.append(name + ("(zombie)" if state == "Z" else ""))
                if name != "pause.cgi":
                    frontier.append(child)
    return sorted(below)


def files_under(folder):
    found = []
    for root, _, names in os.walk(folder):
        for name in names:
            found.append(os.path.relpath(os.path.join(root, name), folder))
    return sorted(found)


def session_lines(kind, spec, requests, work, big_every):
    """The session file: N requests, a checkpoint after each tenth."""
    yield "# soak: %d requests through %s" % (requests, kind)
    yield "load %s as app" % spec
    yield "load cgi:%s as pause at /soak-pause" % os.path.join(work, "pause.cgi")
    yield "header X-Soak: yes"
    marks = {requests * k // 10: k for k in range(1, 11)}
    for i in range(1, requests + 1):
        if big_every and i % big_every == big_every // 2:
            # Larger than the shell's in-memory head: the answer spills to the state folder. Halfway
            # between checkpoints, so none sees a spill the next exchange has not yet replaced.
            yield "POST /soak/%d @%s" % (i, os.path.join(work, "big.bin"))
            yield "expect status 200"
        elif i % 10 == 0:
            yield "POST /soak/%d <<END" % i
            yield "a small body for request %d" % i
            yield "END"
        elif i % 100 == 1:
            yield "GET /soak/%d?i=%d" % (i, i)
            yield "expect status 200"
            yield "expect body ~ /soak/%d" % i
        else:
            yield "GET /soak/%d?i=%d" % (i, i)
        if i in marks:
            yield "GET /soak-pause/%d" % marks[i]
            yield "expect status 200"


PAUSE_CGI = """#!/bin/sh
# Says it has reached a checkpoint, then waits until the soak has looked.
mark="${PATH_INFO#/}"
: > "%(control)s/at-$mark"
while [ ! -e "%(control)s/go-$mark" ]; do sleep 0.02; done
printf 'Content-Type: text/plain\\r\\n\\r\\ncheckpoint %%s\\n' "$mark"
"""


def run_case(gwsh, kind, mode, requests, args):
    work = tempfile.mkdtemp(prefix="gwsh-soak-%s-%s-" % (kind, mode), dir=args.work)
    control = os.path.join(work, "control")
    state = os.path.join(work, "state")
    tmp = os.path.join(work, "tmp")
    home = os.path.join(work, "home")
    for folder in (control, state, tmp, home):
        os.makedirs(folder)
    with open(os.path.join(work, "pause.cgi"), "w") as pause:
        pause.write(PAUSE_CGI % {"control": control})
    os.chmod(os.path.join(work, "pause.cgi"), 0o755)
    with open(os.path.join(work, "big.bin"), "wb") as big:
        big.write(b"0123456789abcdef" * (args.big_kib * 64))
    shutil.copy(os.path.join(HERE, "apps", "soak_app.py"), work)
    spec = {
        "native": "echo",
        "cgi": "cgi:" + os.path.join(HERE, "apps", "soak.cgi"),
        "python": "python:soak_app:app",
    }[kind]
    session = os.path.join(work, "soak.gws")
    with open(session, "w") as file:
        for line in session_lines(kind, spec, requests, work, args.big_every):
            file.write(line + "\n")

    environment = dict(os.environ, HOME=home, XDG_STATE_HOME=state, TMPDIR=tmp)
    environment.pop("GWSH_NO_SPIN", None)
    output = open(os.path.join(work, "stdout"), "wb")
    errors = open(os.path.join(work, "stderr"), "wb")
    started = time.monotonic()
    if mode == "run":
        command = [gwsh, "run", session]
        stdin = subprocess.DEVNULL
    else:
        command = [gwsh]
        stdin = open(session, "rb")
        # Pipe mode prints every response; the rendering runs, the bytes go nowhere.
        output.close()
        output = subprocess.DEVNULL
    process = subprocess.Popen(command, stdin=stdin, stdout=output, stderr=errors, cwd=work, env=environment)
    checkpoints = []
    peak_sampled = 0
    next_mark = 1
    while process.poll() is None:
        rss = status_field(process.pid, "VmRSS")
        if rss:
            peak_sampled = max(peak_sampled, rss)
        if args.max_rss_mib and rss and rss > args.max_rss_mib * MIB:
            process.kill()
            print("soak: %s %s: RSS passed %d MiB; stopped" % (kind, mode, args.max_rss_mib), file=sys.stderr)
            break
        at = os.path.join(control, "at-%d" % next_mark)
        if os.path.exists(at):
            bodies = os.path.join(state, "gwsh", "bodies")
            checkpoints.append(
                {
                    "mark": next_mark,
                    "seconds": time.monotonic() - started,
                    "rss": status_field(process.pid, "VmRSS"),
                    "hwm": status_field(process.pid, "VmHWM"),
                    "fds": descriptor_count(process.pid),
                    "children": descendants(process.pid),
                    "spills": len(os.listdir(bodies)) if os.path.isdir(bodies) else 0,
                    "tmp": len(files_under(tmp)),
                }
            )
            open(os.path.join(control, "go-%d" % next_mark), "w").close()
            next_mark += 1
            continue
        time.sleep(0.05)
    status = process.wait()
    elapsed = time.monotonic() - started
    if stdin is not subprocess.DEVNULL:
        stdin.close()
    if output is not subprocess.DEVNULL:
        output.close()
    errors.close()

    # What gwsh left: its orphans are ours now (subreaper); give them a moment to be reparented.
    time.sleep(0.5)
    me = os.getpid()
    left = [(pid, name) for pid, (ppid, state_, name) in processes().items() if ppid == me and state_ != "Z"]
    for pid, _ in left:
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    while True:
        try:
            if os.waitpid(-1, os.WNOHANG) == (0, 0):
                break
        except ChildProcessError:
            break
    state_files = files_under(state)
    journals = [name for name in state_files if name.startswith("gwsh/journal/") and name.endswith(".gws")]
    stray_files = [name for name in state_files if name not in journals and name != "gwsh/history"]
    stray_files += ["TMPDIR/" + name for name in files_under(tmp)]
    journal_bytes = sum(os.path.getsize(os.path.join(state, name)) for name in journals)

    result = {
        "kind": kind,
        "mode": mode,
        "requests": requests,
        "status": status,
        "seconds": elapsed,
        "checkpoints": checkpoints,
        "peak_sampled": peak_sampled,
        "left_processes": left,
        "stray_files": stray_files,
        "journal_bytes": journal_bytes,
        "work": work,
    }
    judge(result)
    if not result["problems"] and not args.keep:
        shutil.rmtree(work, ignore_errors=True)
    return result


def judge(result):
    problems = []
    marks = result["checkpoints"]
    if result["status"] != 0:
        problems.append("gwsh exited with status %d" % result["status"])
    if len(marks) < 10:
        problems.append("only %d of 10 checkpoints reached" % len(marks))
    if len(marks) >= 2:
        first, last = marks[0], marks[-1]
        if last["fds"] is None or first["fds"] is None or last["fds"] > first["fds"]:
            problems.append("descriptors %s at 10%%, %s at the end" % (first["fds"], last["fds"]))
        if last["children"] != first["children"]:
            problems.append("children %s at 10%%, %s at the end" % (first["children"], last["children"]))
        growth = (last["rss"] or 0) - (marks[1]["rss"] or 0)
        result["growth"] = growth
        if growth > RSS_SLACK and growth / (result["requests"] * 0.8) > RSS_PER_REQUEST:
            problems.append(
                "memory grew %.1f MiB from 20%% to the end (%.0f bytes a request)"
                % (growth / MIB, growth / (result["requests"] * 0.8))
            )
        if any(mark["spills"] for mark in marks) or any(mark["tmp"] for mark in marks):
            problems.append("files in the bodies folder or TMPDIR at a checkpoint")
    if result["left_processes"]:
        problems.append("processes left after gwsh ended: %s" % result["left_processes"])
    if result["stray_files"]:
        problems.append("files left: %s" % result["stray_files"][:5])
    result["problems"] = problems


def mib(value):
    return "-" if value is None else "%.1f" % (value / MIB)


def print_table(results):
    header = (
        "kind",
        "mode",
        "requests",
        "seconds",
        "req/s",
        "RSS 10% MiB",
        "RSS end MiB",
        "peak MiB",
        "fds 10%/end",
        "children at checkpoints",
        "left after exit",
        "grown a request",
        "verdict",
    )
    rows = []
    for result in results:
        marks = result["checkpoints"]
        first = marks[0] if marks else {}
        last = marks[-1] if marks else {}
        left = "%d processes, %d files" % (len(result["left_processes"]), len(result["stray_files"]))
        rows.append(
            (
                result["kind"],
                result["mode"],
                "{:,}".format(result["requests"]),
                "%.0f" % result["seconds"],
                "%.0f" % (result["requests"] / result["seconds"]),
                mib(first.get("rss")),
                mib(last.get("rss")),
                mib(last.get("hwm")),
                "%s/%s" % (first.get("fds", "-"), last.get("fds", "-")),
                ", ".join(last.get("children", [])) or "none",
                left,
                "%.0f B" % (result.get("growth", 0) / (result["requests"] * 0.8)),
                "ok" if not result["problems"] else "LEAK: " + "; ".join(result["problems"]),
            )
        )
    widths = [max(len(str(row[i])) for row in rows + [header]) for i in range(len(header))]
    print("| " + " | ".join(h.ljust(w) for h, w in zip(header, widths)) + " |")
    print("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    for row in rows:
        print("| " + " | ".join(str(c).ljust(w) for c, w in zip(row, widths)) + " |")


def main():
    parser = argparse.ArgumentParser(description="Soak gwsh (run it through Soak/run.sh).")
    parser.add_argument("--gwsh", required=True)
    parser.add_argument("--requests", type=int, default=1_000_000)
    parser.add_argument("--cgi-requests", type=int)
    parser.add_argument("--kinds", default="native,cgi,python")
    parser.add_argument("--modes", default="run,pipe")
    parser.add_argument("--big-every", type=int, default=5000)
    parser.add_argument("--big-kib", type=int, default=2048)
    parser.add_argument("--max-rss-mib", type=int, default=8192)
    parser.add_argument("--work", default=None)
    parser.add_argument("--keep", action="store_true")
    args = parser.parse_args()
    make_subreaper()
    results = []
    for kind in args.kinds.split(","):
        for mode in args.modes.split(","):
            requests = args.cgi_requests if kind == "cgi" and args.cgi_requests else args.requests
            print("soak: %s in %s mode, %d requests" % (kind, mode, requests), file=sys.stderr, flush=True)
            result = run_case(os.path.abspath(args.gwsh), kind, mode, requests, args)
            for problem in result["problems"]:
                print("soak:   %s (kept in %s)" % (problem, result["work"]), file=sys.stderr, flush=True)
            for mark in result["checkpoints"]:
                print(
                    "soak:   %3d%%  %6.0f s  RSS %s MiB  fds %s  children %s"
                    % (mark["mark"] * 10, mark["seconds"], mib(mark["rss"]), mark["fds"], ",".join(mark["children"])),
                    file=sys.stderr,
                    flush=True,
                )
            results.append(result)
    print_table(results)
    sys.exit(1 if any(result["problems"] for result in results) else 0)


if __name__ == "__main__":
    main()
