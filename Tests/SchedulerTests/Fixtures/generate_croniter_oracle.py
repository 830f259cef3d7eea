#!/usr/bin/env python3
"""Generate croniter-oracle.json, the reference fire times CronSchedule is tested against.

croniter is the agreed oracle for `nextDate(after:in:)`. Regenerate with:

    pip install croniter
    python3 Tests/SchedulerTests/Fixtures/generate_croniter_oracle.py

The Swift tests only read the JSON, so they need neither Python nor croniter.
croniter runs with its defaults (day_or=True, implement_cron_bug=False) and
zoneinfo time zones. Where that disagrees with Vixie cron, croniter wins; the
affected expressions are marked "croniter, not Vixie" below.
"""

import importlib.metadata
import json
import pathlib
import platform
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from croniter import croniter
from croniter.croniter import CroniterBadDateError

FIRES_PER_CASE = 5

# Expressions that are interesting anywhere: syntax, names, steps, day rules.
GENERAL_EXPRESSIONS = [
    "* * * * *",
    "*/15 * * * *",
    "5/15 * * * *",
    "1-10/2 * * * *",
    "0 * * * *",
    "30 * * * *",
    "0 */2 * * *",
    "0 0 * * *",
    "30 2 * * *",
    "0 9 * * MON-FRI",
    "30 9 * * mon-fri",
    "0 0 1 * *",
    "0 0 31 * *",
    "0 0 30 * *",
    "0 0 29 2 *",
    "0 12 29 FEB *",
    "0 0 1,15 * MON",       # OR rule: the 1st, the 15th and every Monday
    "0 0 13 * FRI",         # OR rule: every 13th and every Friday
    "0 0 */2 * MON",        # croniter, not Vixie: OR (Vixie ANDs because day-of-month starts with '*')
    "0 0 1-31 * MON",       # croniter, not Vixie: OR with a full day-of-month list, so every day
    "0 0 * * 0",
    "0 0 * * 7",            # Sunday as 7
    "0 0 * * SUN",
    "0 6 * * 5-7",          # Friday through Sunday, Sunday written as 7
    "0 0 * * SAT-SUN",      # croniter, not Vixie: a wrapping range (Vixie rejects 6-0)
    "0 8 * * FRI-MON",      # croniter, not Vixie: a wrapping range
    "0 22-2 * * *",         # croniter, not Vixie: a wrapping range
    "0 22-2/3 * * *",       # croniter, not Vixie: wrapping step gives 22 and 2
    "0 5-5 * * *",          # croniter, not Vixie: an equal range means the whole field
    "0 0 1 JAN-MAR,OCT *",
    "0 0 1 */3 *",
    "0 0,12 1 */2 *",
    "59 23 31 12 *",
    "0 0 * * 1-7/2",
    "*/30 0-4 * * *",
    "0 0 1 * 0,7",
    "15 10 * jan,Jul sat",
    "@hourly",
    "@daily",
    "@midnight",
    "@weekly",
    "@monthly",
    "@yearly",
    "@annually",
    "0 0 30 2 *",           # never fires: croniter gives up, so the case expects no fire times
]

# Expressions whose fire times move when the wall clock jumps or repeats.
DST_EXPRESSIONS = [
    "* * * * *",
    "*/15 * * * *",
    "*/20 * * * *",
    "0 * * * *",
    "30 * * * *",
    "0 */2 * * *",
    "0 2 * * *",
    "30 2 * * *",
    "15 1 * * *",
    "45 2,3 * * *",
    "*/20 2 * * *",
    "0 1-3 * * *",
    "30 2 * * SUN",
    "0 3 * * 0",
    "@daily",
    "@hourly",
]

GENERAL_ZONES = ["UTC", "Europe/Berlin", "America/New_York", "Australia/Sydney", "Asia/Kolkata"]
GENERAL_STARTS = [  # local wall-clock starts, resolved in each zone
    datetime(2025, 1, 1, 0, 0),
    datetime(2026, 2, 27, 23, 59, 30),
    datetime(2027, 12, 31, 23, 30),
]

DST_ZONES = ["Europe/Berlin", "America/New_York", "Australia/Sydney"]
# Offsets from each transition instant: well before, the last second before,
# the first instant after, and inside the repeated (or just after the skipped) hour.
DST_START_OFFSETS = [
    timedelta(hours=-3),
    timedelta(seconds=-1),
    timedelta(seconds=0),
    timedelta(minutes=30),
]


def transitions(zone_name, years):
    """UTC instants in `years` where the zone's UTC offset changes, found by scanning."""
    zone = ZoneInfo(zone_name)
    found = []
    for year in years:
        t = datetime(year, 1, 1, tzinfo=timezone.utc)
        end = datetime(year + 1, 1, 1, tzinfo=timezone.utc)
        step = timedelta(hours=1)
        while t < end:
            if t.astimezone(zone).utcoffset() != (t + step).astimezone(zone).utcoffset():
                lo, hi = t, t + step
                while hi - lo > timedelta(minutes=1):
                    mid = lo + (hi - lo) / 2
                    if mid.astimezone(zone).utcoffset() == lo.astimezone(zone).utcoffset():
                        lo = mid
                    else:
                        hi = mid
                found.append(hi.replace(second=0, microsecond=0))
            t += step
    return found


def iso(dt):
    return dt.isoformat(timespec="seconds")


def fire_times(expression, start):
    it = croniter(expression, start)
    out = []
    for _ in range(FIRES_PER_CASE):
        try:
            out.append(iso(it.get_next(datetime)))
        except CroniterBadDateError:
            break
    return out


def case(expression, zone_name, start):
    return {
        "expression": expression,
        "timeZone": zone_name,
        "start": iso(start),
        "next": fire_times(expression, start),
    }


def tzdata_version():
    """The IANA release zoneinfo read, when the system says which one it is."""
    for root in ("/usr/share/zoneinfo", "/usr/lib/zoneinfo"):
        path = pathlib.Path(root, "tzdata.zi")
        if path.exists():
            first = path.read_text().splitlines()[0]
            return first.removeprefix("# version ").strip()
    try:
        return importlib.metadata.version("tzdata")
    except importlib.metadata.PackageNotFoundError:
        return "unknown"


def main():
    cases = []
    for zone_name in GENERAL_ZONES:
        zone = ZoneInfo(zone_name)
        for naive in GENERAL_STARTS:
            start = naive.replace(tzinfo=zone)
            for expression in GENERAL_EXPRESSIONS:
                cases.append(case(expression, zone_name, start))

    for zone_name in DST_ZONES:
        zone = ZoneInfo(zone_name)
        for instant in transitions(zone_name, [2025, 2026, 2027]):
            for delta in DST_START_OFFSETS:
                start = (instant + delta).astimezone(zone)
                for expression in DST_EXPRESSIONS:
                    cases.append(case(expression, zone_name, start))

    oracle = {
        "generator": "Tests/SchedulerTests/Fixtures/generate_croniter_oracle.py",
        "croniter": importlib.metadata.version("croniter"),
        "python": platform.python_version(),
        "timeZoneBackend": "zoneinfo",
        "tzdata": tzdata_version(),
        "firesPerCase": FIRES_PER_CASE,
        "cases": cases,
    }
    # One case per line keeps the file reviewable and its diffs small.
    header = {key: value for key, value in oracle.items() if key != "cases"}
    lines = [json.dumps(header)[:-1] + ', "cases": [']
    lines += [" " + json.dumps(c) + "," for c in cases]
    lines[-1] = lines[-1].rstrip(",")
    lines.append("]}")
    path = pathlib.Path(__file__).with_name("croniter-oracle.json")
    path.write_text("\n".join(lines) + "\n")
    print(f"wrote {len(cases)} cases to {path}")


if __name__ == "__main__":
    main()
