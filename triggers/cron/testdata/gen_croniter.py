#!/usr/bin/python3
"""Records what Python croniter (the version Mistral 15 runs) answers for
hand-picked and generated cron patterns: whether it accepts each one, and
the next five times after a start time. Go's cron tests replay the file.

    /usr/bin/python3 triggers/cron/testdata/gen_croniter.py > triggers/cron/testdata/croniter.jsonl
"""
import datetime
import json
import random
import sys

import croniter

HAND = [
    "* * * * *", "0 0 1 1 *", "0 0 30 2 0", "*/5 * * * *", "*/7 * * * *",
    "0 0 31 4 *", "0 0 29 2 *", "0 0 L * *", "0 0 l 2 *", "0 0 1,L * *",
    "0 0 * * 5#2", "0 0 * * L5", "0 0 * * l0", "0 0 * * 0#5", "0 0 15 * 5#2",
    "0 0 8 * 5#2", "0 0 * * mon#2,wed#3", "0 0 * * 1#2,1#4", "0 0 * * 1#2,3",
    "0 0 * * *,1#2", "0 0 * * 1#6", "0 0 * * 5#2xyz", "*/15 * * * * 30",
    "* * * * * *", "0 0 0 * * 0", "0 0 * * 7 0", "0 0 1 jan mon", "0 0 1 * 1",
    "0 0 * * sun-tue", "0 0 * * sat-sun", "0 0 * * 5-0", "0 0 * * 0-7",
    "0 0 * * 7", "0 0 * * 7-7", "0 0 * * */2", "0 0 * * 1-5/2", "0 0 ? * *",
    "H * * * *", "h(0-5) * * * *", "1-59/0 * * * *", "*/0 * * * *", "* * * *",
    "* * * * * * *", "60 * * * *", "0 24 * * *", "0 0 32 * *", "0 0 0 * *",
    "0 0 1 0 *", "0 0 1 13 *", "0 0 * * 8", "0-59/a * * * *", "5-2 * * * *",
    "1,2,,3 * * * *", "-1 * * * *", "0 0 1W * *", "@daily", "@hourly",
    "@weekly", "@monthly", "@yearly", "@annually", "@midnight", "@reboot",
    "0 0 1 1 * 2030", " 1  2 * * * ", "0 12 * * 1,3-5", "0 0 1-31/10 * *",
    "0 0 * 2-11/3 *", "3-3 * * * *", "1-5/2,7 * * * *", "0 0 5,* * 1",
    "0 0 1-30,l * 1", "0 0 2-31,l * *", "0 0 1,30 * *", "0 0 1,31 * *",
    "0 0 2,31 * *", "0 0 1,30 * 3", "10/5 * * * *", "jan/2 * * * *",
    "0 0 1 jan/2 *", "0 0 1 */4 *", "0 0 1-l * *", "0 0 l-5 * *",
    "0 0 * JAN-MAR MON-FRI", "0 0 * * MON#1", "30 2 * * * */10", "0 0 31 * *",
    "0 0 30 * *", "0 0 29,30,31 * 1", "0 0 * feb 6#5", "0 0 * * 2#5",
    "59 23 31 12 *", "0 0 29 2 1", "0 0 31 2,3 0", "1/2/3 * * * *",
    "*/x * * * *", "*/ * * * *", "5/ * * * *", "/5 * * * *", "5#2 * * * *",
    "0 0 * * mon-fri/2", "0 0 * * 1-7", "0 0 * * 0-6", "0 0 1-31 * 1",
    "0 0 * * 1,1#2", "0 0 00005 * *", "0 0 1 1 1#1", "0 */3 * * *",
]

FIELDS = [
    (0, 59, []),
    (0, 23, []),
    (1, 31, ["l"]),
    (1, 12, ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]),
    (0, 7, ["sun", "mon", "tue", "wed", "thu", "fri", "sat"]),
    (0, 59, []),
]


def atom(rnd, i):
    lo, hi, names = FIELDS[i]
    k = rnd.random()
    if k < 0.25:
        return "*"
    if k < 0.45:
        return str(rnd.randint(lo, hi))
    if k < 0.55 and names:
        return rnd.choice(names)
    if k < 0.75:
        a = rnd.randint(lo, hi)
        b = rnd.randint(a, hi)
        if rnd.random() < 0.5:
            return "%d-%d/%d" % (a, b, rnd.randint(1, 12))
        return "%d-%d" % (a, b)
    if k < 0.85:
        return "*/%d" % rnd.randint(1, 15)
    if i == 4 and k < 0.93:
        if rnd.random() < 0.7:
            return "%d#%d" % (rnd.randint(0, 6), rnd.randint(1, 5))
        return "l%d" % rnd.randint(0, 6)
    if i == 2 and k < 0.93:
        return "l"
    # occasionally out of range
    return str(rnd.randint(lo, hi + 2))


def field(rnd, i):
    n = 1 if rnd.random() < 0.7 else rnd.randint(2, 3)
    return ",".join(atom(rnd, i) for _ in range(n))


def gen(rnd):
    nf = 6 if rnd.random() < 0.1 else 5
    fs = [field(rnd, i) for i in range(nf)]
    # Sparse minutes and hours keep the cases short and varied.
    if rnd.random() < 0.6:
        fs[0] = str(rnd.randint(0, 59))
    if rnd.random() < 0.5:
        fs[1] = str(rnd.randint(0, 23))
    return " ".join(fs)


def record(pattern, start):
    out = {"p": pattern, "start": start.strftime("%Y-%m-%d %H:%M:%S")}
    try:
        it = croniter.croniter(pattern, start)
    except Exception as e:  # noqa: BLE001 - any rejection counts
        out["valid"] = False
        out["why"] = type(e).__name__
        return out
    out["valid"] = True
    nxt = []
    try:
        for _ in range(5):
            nxt.append(str(it.get_next(datetime.datetime)))
    except croniter.CroniterBadDateError:
        out["nodate"] = True
    out["next"] = nxt
    return out


def main():
    rnd = random.Random(15)
    starts = [datetime.datetime(2026, 1, 1, 0, 0, 30), datetime.datetime(2026, 2, 10, 0, 0, 0),
              datetime.datetime(2026, 4, 10, 12, 34, 56), datetime.datetime(2027, 12, 31, 23, 59, 59)]
    for p in HAND:
        for s in starts:
            print(json.dumps(record(p, s)))
    for _ in range(1500):
        start = datetime.datetime(2020, 1, 1) + datetime.timedelta(seconds=rnd.randint(0, 15 * 365 * 86400))
        print(json.dumps(record(gen(rnd), start)))


if __name__ == "__main__":
    sys.exit(main())
