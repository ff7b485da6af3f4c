#!/usr/bin/env python3
"""Every Java process's time on a CPU and time waiting for one, as a time series.

Usage: python3 docs/tools/process-sched.py [interval-seconds]    (default 0.25; stop it with Ctrl-C)

Each line: the time, then for each Java process <role>=<cores on a CPU>/<threads waiting for a CPU>, averaged over the
interval, from the kernel's per-thread scheduler counters (/proc/<pid>/task/*/schedstat). Roles are told apart by
the benchmarks' command lines: broker (kafka.Kafka), sim (the provider simulator), pipe (llm-router run), bench (the
benchmark's own JVM), reg (the schema registry). Linux only (docs/PERFORMANCE.md, session 13).
"""
import datetime
import os
import sys
import time


def role(cmdline):
    if "\0kafka.Kafka\0" in cmdline:
        return "broker"
    if "\0simulator\0--port" in cmdline:
        return "sim"
    if "\0run\0--config" in cmdline:
        return "pipe"
    if "\0bench\0" in cmdline:
        return "bench"
    if "runner" in cmdline:
        return "reg"
    return "java"


def snapshot():
    processes = {}
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            cmdline = open(f"/proc/{pid}/cmdline").read()
            if "java" not in cmdline.split("\0")[0]:
                continue
            on_cpu = waiting = 0
            for tid in os.listdir(f"/proc/{pid}/task"):
                try:
                    run, wait, _ = open(f"/proc/{pid}/task/{tid}/schedstat").read().split()
                except OSError:
                    continue  # the thread ended between listing and reading
                on_cpu += int(run)
                waiting += int(wait)
            processes[pid] = (role(cmdline), on_cpu, waiting)
        except OSError:
            continue  # the process ended
    return processes


def main():
    interval = float(sys.argv[1]) if len(sys.argv) > 1 else 0.25
    before, then = snapshot(), time.monotonic()
    while True:
        time.sleep(interval)
        now, at = snapshot(), time.monotonic()
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
    try:
        main()
    except KeyboardInterrupt:
        pass
