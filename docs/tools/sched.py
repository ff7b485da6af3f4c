#!/usr/bin/env python3
"""Time on a CPU and time waiting for one, from the kernel's per-thread scheduler counters
(/proc/<pid>/task/*/schedstat). Linux only (docs/PERFORMANCE.md, session 13).

  python3 docs/tools/sched.py threads <pid> [seconds]   per thread group of one process over an interval (default
                                                        15 s), with context switches
  python3 docs/tools/sched.py processes [interval]      every Java process, a line per interval (default 0.25 s),
                                                        until Ctrl-C

Percentages are of one core; "waiting" is time runnable but queued. Thread groups are the names the kernel keeps
(15 characters) with digits folded, so that pools show as one line. Java processes are told apart by the
benchmarks' command lines: broker (kafka.Kafka), sim (the provider simulator), pipe (llm-router run), bench (the
benchmark's own JVM), reg (the schema registry).
"""
import collections
import datetime
import os
import re
import sys
import time


def threads(pid):
    """(name, on CPU ns, waiting ns, voluntary switches, involuntary switches) by thread id."""
    found = {}
    for tid in os.listdir(f"/proc/{pid}/task"):
        try:
            name = open(f"/proc/{pid}/task/{tid}/comm").read().strip()
            on_cpu, waiting, _ = map(int, open(f"/proc/{pid}/task/{tid}/schedstat").read().split())
            status = open(f"/proc/{pid}/task/{tid}/status").read()
            voluntary = int(re.search(r"^voluntary_ctxt_switches:\s+(\d+)", status, re.M).group(1))
            involuntary = int(re.search(r"^nonvoluntary_ctxt_switches:\s+(\d+)", status, re.M).group(1))
        except (OSError, AttributeError, ValueError):
            continue  # the thread ended between listing and reading
        found[tid] = (name, on_cpu, waiting, voluntary, involuntary)
    return found


def by_thread_group(pid, seconds):
    before = threads(pid)
    time.sleep(seconds)
    groups = collections.defaultdict(lambda: [0, 0, 0, 0, 0])
    for tid, (name, *counts) in threads(pid).items():
        if tid in before:
            group = groups[re.sub(r"\d+", "N", name)]
            for i, (now, then) in enumerate(zip(counts, before[tid][1:])):
                group[i] += now - then
            group[4] += 1
    print(f"{'thread group':16s} {'threads':>7s} {'on CPU %':>8s} {'waiting %':>9s} {'vol/s':>8s} {'invol/s':>8s}")
    for name, (on_cpu, waiting, voluntary, involuntary, count) in sorted(groups.items(), key=lambda g: -g[1][0]):
        print(f"{name:16s} {count:7d} {100 * on_cpu / seconds / 1e9:8.1f} {100 * waiting / seconds / 1e9:9.1f} "
              f"{voluntary / seconds:8.0f} {involuntary / seconds:8.0f}")
    waiting = sum(group[1] for group in groups.values())
    print(f"threads waiting for a CPU, on average: {waiting / seconds / 1e9:.1f}")


def role(cmdline):
    for marker, name in (("\0kafka.Kafka\0", "broker"), ("\0simulator\0--port", "sim"), ("\0run\0--config", "pipe"),
                         ("\0bench\0", "bench"), ("runner", "reg")):
        if marker in cmdline:
            return name
    return "java"


def java_processes():
    """(role, on CPU ns, waiting ns) by process id, summed over each process's threads."""
    found = {}
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            cmdline = open(f"/proc/{pid}/cmdline").read()
            if "java" in cmdline.split("\0")[0]:
                counts = threads(pid).values()
                found[pid] = (role(cmdline), sum(c[1] for c in counts), sum(c[2] for c in counts))
        except OSError:
            continue  # the process ended
    return found


def by_process(interval):
    before, then = java_processes(), time.monotonic()
    while True:
        time.sleep(interval)
        now, at = java_processes(), time.monotonic()
        nanos = (at - then) * 1e9
        parts = []
        for pid, (name, on_cpu, waiting) in sorted(now.items(), key=lambda p: p[1][0]):
            if pid in before:
                # A thread that ended in the interval takes its counts with it; skip a process whose sums fell.
                run, wait = on_cpu - before[pid][1], waiting - before[pid][2]
                if run >= 0 and wait >= 0:
                    parts.append(f"{name}={run / nanos:.2f}/{wait / nanos:.2f}")
        print(datetime.datetime.now().strftime("%H:%M:%S.%f")[:-4], " ".join(parts), flush=True)
        before, then = now, at


if __name__ == "__main__":
    args = sys.argv[1:]
    try:
        if args[:1] == ["threads"] and len(args) >= 2:
            by_thread_group(args[1], float(args[2]) if len(args) > 2 else 15.0)
        elif args[:1] == ["processes"]:
            by_process(float(args[1]) if len(args) > 1 else 0.25)
        else:
            sys.exit(__doc__)
    except KeyboardInterrupt:
        pass
