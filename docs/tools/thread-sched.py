#!/usr/bin/env python3
"""Per-thread CPU time, time spent waiting for a CPU, and context switches of one process over an interval.

Usage: python3 docs/tools/thread-sched.py <pid> [seconds]

Reads /proc/<pid>/task/*/schedstat (time on a CPU, time runnable but waiting in the run queue) and the voluntary and
involuntary context-switch counts, twice, and prints them per thread group: thread names as the kernel keeps them
(15 characters), digits folded, so that pools show as one line. Percentages are of one core over the interval; a
group of many threads can exceed 100. Linux only (docs/PERFORMANCE.md, ingress, session 13).
"""
import collections
import os
import re
import sys
import time


def snapshot(pid):
    threads = {}
    for tid in os.listdir(f"/proc/{pid}/task"):
        try:
            name = open(f"/proc/{pid}/task/{tid}/comm").read().strip()
            on_cpu, waiting, _ = map(int, open(f"/proc/{pid}/task/{tid}/schedstat").read().split())
            status = open(f"/proc/{pid}/task/{tid}/status").read()
            voluntary = int(re.search(r"^voluntary_ctxt_switches:\s+(\d+)", status, re.M).group(1))
            involuntary = int(re.search(r"^nonvoluntary_ctxt_switches:\s+(\d+)", status, re.M).group(1))
        except (OSError, AttributeError, ValueError):
            continue  # the thread ended between listing and reading
        threads[tid] = (name, on_cpu, waiting, voluntary, involuntary)
    return threads


def main():
    pid = sys.argv[1]
    seconds = float(sys.argv[2]) if len(sys.argv) > 2 else 15.0
    before = snapshot(pid)
    time.sleep(seconds)
    after = snapshot(pid)
    groups = collections.defaultdict(lambda: [0, 0, 0, 0, 0])
    for tid, (name, on_cpu, waiting, voluntary, involuntary) in after.items():
        if tid not in before:
            continue
        group = groups[re.sub(r"\d+", "N", name)]
        _, on_cpu0, waiting0, voluntary0, involuntary0 = before[tid]
        group[0] += on_cpu - on_cpu0
        group[1] += waiting - waiting0
        group[2] += voluntary - voluntary0
        group[3] += involuntary - involuntary0
        group[4] += 1
    print(f"{'thread group':16s} {'threads':>7s} {'on CPU %':>8s} {'waiting %':>9s} {'vol/s':>8s} {'invol/s':>8s}")
    total_waiting = 0
    for name, (on_cpu, waiting, voluntary, involuntary, count) in sorted(groups.items(), key=lambda g: -g[1][0]):
        total_waiting += waiting
        print(f"{name:16s} {count:7d} {100 * on_cpu / seconds / 1e9:8.1f} {100 * waiting / seconds / 1e9:9.1f} "
              f"{voluntary / seconds:8.0f} {involuntary / seconds:8.0f}")
    print(f"threads waiting for a CPU, on average: {total_waiting / seconds / 1e9:.1f}")


if __name__ == "__main__":
    main()
