#!/usr/bin/python3
"""Record golden workflow outcomes from the real Mistral 15.

Re-run (from the repository root, against the shared oracle):

    /usr/bin/python3 e2e/golden/record.py                 # every case
    /usr/bin/python3 e2e/golden/record.py 0 1             # cases whose name starts with 0 or 1
    /usr/bin/python3 e2e/golden/record.py --url http://127.0.0.1:8989 009_subwf

For each case file e2e/golden/cases/NNN_name.yaml it uploads the
definitions (namespace golden_NNN), starts the execution, performs the
operator steps, waits for the end, and writes the normalised outcome to
e2e/golden/recordings/NNN_name.json. The Go comparer in this folder replays
the same cases on mistrald and compares; both follow README.md. Standard
library only. Use /usr/bin/python3 (any python3 works, nothing is imported
from OpenStack).
"""

import argparse
import json
import os
import re
import sys
import time
import urllib.error
import urllib.parse
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
TERMINAL = ("SUCCESS", "ERROR", "CANCELLED")
POLL = 0.1

# --------------------------------------------------------------------------
# Case files: a YAML subset (see README.md) read without a YAML library.

KEY_RE = re.compile(r"^([A-Za-z_][A-Za-z0-9_]*):(?: (.*))?$")
DOC_RE = re.compile(r"^(default_)?(workflows|workbook|actions)\d*$")


def parse_case(text):
    """Returns (description, [(key, value)]) of a case file."""
    lines = text.split("\n")
    desc, items, i, seen_key = [], [], 0, False
    while i < len(lines):
        line = lines[i]
        if not line.strip():
            i += 1
            continue
        if line.startswith("#"):
            if not seen_key:
                desc.append(line[1:].strip())
            i += 1
            continue
        m = KEY_RE.match(line)
        if not m:
            raise ValueError("line %d: expected 'key: value'" % (i + 1))
        seen_key = True
        key, rest = m.group(1), (m.group(2) or "").strip()
        i += 1
        body = []
        while i < len(lines) and (not lines[i].strip() or
                                  lines[i].startswith(" ")):
            body.append(lines[i])
            i += 1
        while body and not body[-1].strip():
            body.pop()
        if rest in ("|", "|-"):
            ind = min(len(b) - len(b.lstrip(" ")) for b in body if b.strip())
            val = "\n".join(b[ind:] for b in body)
            if rest == "|":
                val += "\n"
        elif rest == "":
            val, cur = [], None
            for b in body:
                s = b.strip()
                if s.startswith("#") or not s:
                    continue
                if s.startswith("- "):
                    if cur is not None:
                        val.append(json.loads(cur))
                    cur = s[2:]
                elif cur is None:
                    raise ValueError("key %s: list item expected" % key)
                else:
                    cur += "\n" + s
            if cur is not None:
                val.append(json.loads(cur))
        else:
            val = json.loads("\n".join([rest] + [b.strip() for b in body]))
        items.append((key, val))
    return "\n".join(desc).strip(), items


def load_case(path):
    with open(path, encoding="utf-8") as f:
        text = f.read()
    desc, items = parse_case(text)
    try:  # the subset must mean the same to a real YAML parser
        import yaml
        y = yaml.safe_load(text)
        if y != dict(items):
            raise ValueError("%s: YAML reading differs from the subset" % path)
    except ImportError:
        pass
    name = os.path.basename(path)[:-len(".yaml")]
    case = {"name": name, "description": desc, "docs": []}
    for k, v in items:
        if DOC_RE.match(k):
            case["docs"].append((k, v))
        else:
            case[k] = v
    return case


# --------------------------------------------------------------------------
# HTTP


class Api:
    def __init__(self, url):
        self.url = url.rstrip("/") + "/v2"

    def call(self, method, path, body=None, text=None):
        data, headers = None, {"Accept": "application/json"}
        if body is not None:
            data = json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
        if text is not None:
            data = text.encode()
            headers = {"Content-Type": "text/plain"}
        req = urllib.request.Request(self.url + path, data=data,
                                     headers=headers, method=method)
        try:
            with urllib.request.urlopen(req, timeout=30) as r:
                raw, status = r.read(), r.status
        except urllib.error.HTTPError as e:
            raw, status = e.read(), e.code
        try:
            doc = json.loads(raw) if raw else None
        except ValueError:
            doc = raw.decode("utf-8", "replace")
        return status, doc

    def get(self, path):
        status, doc = self.call("GET", path)
        if status != 200:
            raise RuntimeError("GET %s: %s %s" % (path, status, doc))
        return doc


def fault(doc):
    """The error text of a failed response."""
    if isinstance(doc, dict):
        for k in ("faultstring", "description", "title"):
            if doc.get(k):
                return doc[k]
        return json.dumps(doc, sort_keys=True)
    return str(doc)


def outcome(status, doc):
    r = {"status": status}
    if status >= 400:
        r["error"] = fault(doc)
    return r


def q(**kw):
    return "?" + urllib.parse.urlencode(kw)


# --------------------------------------------------------------------------
# Definitions and clean-up

PATHS = {"workflows": "/workflows", "workbook": "/workbooks",
         "actions": "/actions"}


def top_names(text):
    """Item names of a workflow/action list document (column-0 keys)."""
    out = []
    for line in text.split("\n"):
        m = re.match(r"^([^\s#:][^:]*):", line)
        if m and m.group(1).strip("'\"") != "version":
            out.append(m.group(1).strip("'\""))
    return out


def cleanup(api, case, ns):
    """Deletes everything a case may have left behind (ignores 404)."""
    wf_ids = []
    for path, key in (("/workflows", "workflows"),):
        for w in api.get(path + q(namespace=ns)).get(key, []):
            wf_ids.append(w["id"])
    for k, text in case["docs"]:
        if k.startswith("default_") and "workflows" in k:
            for n in top_names(text):
                st, doc = api.call("GET", "/workflows/" + urllib.parse.quote(n))
                if st == 200:
                    wf_ids.append(doc["id"])
    for wid in wf_ids:
        for ex in api.get("/executions" + q(workflow_id=wid)).get(
                "executions", []):
            if not ex.get("task_execution_id"):
                api.call("DELETE", "/executions/%s?force=true" % ex["id"])
    for wb in api.get("/workbooks" + q(namespace=ns)).get("workbooks", []):
        api.call("DELETE", "/workbooks/%s%s" % (wb["name"], q(namespace=ns)))
    for wid in wf_ids:
        api.call("DELETE", "/workflows/" + wid)
    for a in api.get("/actions" + q(namespace=ns)).get("actions", []):
        if a.get("namespace") == ns:
            api.call("DELETE", "/actions/%s%s" % (a["name"], q(namespace=ns)))
    for k, text in case["docs"]:
        if k.startswith("default_"):
            kind = DOC_RE.match(k).group(2)
            for n in top_names(text):
                if kind == "actions":
                    api.call("DELETE", "/actions/" + urllib.parse.quote(n))
                elif kind == "workbook":
                    api.call("DELETE", "/workbooks/" + urllib.parse.quote(n))
    for env in case.get("environments", []):
        api.call("DELETE", "/environments/" + env["name"])


# --------------------------------------------------------------------------
# The execution tree


def tree(api, ex_id):
    """Raw execution {ex, tasks: [{task, actions, executions}]} with children."""
    ex = api.get("/executions/" + ex_id)
    tasks = []
    for t in api.get("/executions/%s/tasks" % ex_id).get("tasks", []):
        node = {"task": t, "actions": [], "executions": []}
        if t["type"] == "ACTION":
            node["actions"] = api.get(
                "/action_executions" +
                q(task_execution_id=t["id"], include_output="true")
            ).get("action_executions", [])
        else:
            for c in api.get("/executions" + q(task_execution_id=t["id"])).get(
                    "executions", []):
                node["executions"].append(tree(api, c["id"]))
        tasks.append(node)
    return {"ex": ex, "tasks": tasks}


def walk(node):
    """Yields every execution node of a tree, root first."""
    yield node
    for t in node["tasks"]:
        for c in t["executions"]:
            for n in walk(c):
                yield n


def scope(node, sel):
    """Execution nodes selected by sel.get('workflow') (default: the root)."""
    wf = sel.get("workflow")
    if wf is None:
        return [node]
    return [n for n in walk(node) if n["ex"]["workflow_name"] == wf and
            n is not node]


def matches(node, sel):
    """Objects (dicts) matching a wait/put selector, oldest first."""
    out = []
    if "execution" in sel:
        st = sel["execution"]
        for n in scope(node, sel):
            if st in (None, "", n["ex"]["state"]):
                out.append(n["ex"])
    elif "task" in sel:
        for n in scope(node, sel):
            for t in n["tasks"]:
                if t["task"]["name"] == sel["task"] and \
                        sel.get("state") in (None, t["task"]["state"]):
                    out.append(t["task"])
    elif "action" in sel:
        nodes = walk(node) if "workflow" not in sel else scope(node, sel)
        for n in nodes:
            for t in n["tasks"]:
                for a in t["actions"]:
                    if a["name"] == sel["action"] and \
                            sel.get("state") in (None, a["state"]):
                        out.append(a)
    else:
        raise ValueError("selector needs execution, task or action: %r" % sel)
    out.sort(key=lambda o: (o.get("created_at") or "", o["id"]))
    return out


# --------------------------------------------------------------------------
# Normalisation (mirrored in normalise.go)

UUID_RE = re.compile(
    r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-"
    r"[0-9a-fA-F]{12}")
TS_RE = re.compile(r"\d{4}-\d\d-\d\d[ T]\d\d:\d\d:\d\d(?:\.\d+)?")
IDX_RE = re.compile(r", idx=\d+\]")
TB_HEAD = "Traceback (most recent call last):"


def strip_tracebacks(s):
    """Removes Python tracebacks (and chained ones) from a message."""
    while True:
        i = s.find(TB_HEAD)
        if i < 0:
            return s
        lines = s[i:].split("\n")
        j = 1
        while True:
            while j < len(lines) and (lines[j].startswith(" ") or
                                      lines[j].startswith("\t")):
                j += 1
            j += 1  # the exception line
            # chained exceptions
            if j + 3 < len(lines) and lines[j] == "" and \
                    lines[j + 1].startswith(("During handling", "The above")) \
                    and lines[j + 3] == TB_HEAD:
                j += 4
                continue
            break
        head = s[:i]
        if head.endswith(":\n"):
            head = head[:-2]
        elif head.endswith("\n"):
            head = head[:-1]
        tail = "\n".join(lines[j:])
        s = head + ("\n" + tail if tail else "")


def strip_data(s):
    """Removes the ', data=<context dump>' of Mistral 15 expression errors."""
    while True:
        i = s.find(", data=")
        if i < 0:
            return s
        j, depth, quote = i + len(", data="), 0, None
        while j < len(s):
            c = s[j]
            if quote:
                if c == "\\":
                    j += 1
                elif c == quote:
                    quote = None
            elif c in "'\"":
                quote = c
            elif c in "[{(":
                depth += 1
            elif c in "]})":
                if depth == 0:
                    break
                depth -= 1
            j += 1
        s = s[:i] + s[j:]


def norm_str(s):
    s = strip_tracebacks(s)
    s = strip_data(s)
    s = UUID_RE.sub("<uuid>", s)
    # The idx of a failure message is the position in an unordered list.
    s = IDX_RE.sub(", idx=<n>]", s)
    return TS_RE.sub("<timestamp>", s)


def norm(v):
    if isinstance(v, str):
        return norm_str(v)
    if isinstance(v, list):
        return [norm(x) for x in v]
    if isinstance(v, dict):
        return {norm_str(k): norm(x) for k, x in v.items()}
    return v


def js(v):
    """Decodes a JSON-in-string field."""
    if isinstance(v, str):
        try:
            return json.loads(v)
        except ValueError:
            return v
    return v


def canon(v):
    return json.dumps(v, sort_keys=True, ensure_ascii=False)


RC_KEYS = ("triggered_by", "with_items", "concurrency", "retry_task_policy")


def rec_tree(api, node, names):
    ex = node["ex"]
    r = {"workflow_name": ex["workflow_name"],
         "description": ex.get("description"),
         "state": ex["state"], "state_info": ex["state_info"],
         "input": js(ex.get("input")), "params": js(ex.get("params")),
         "output": js(ex.get("output"))}
    if "published_global" in ex:
        r["published_global"] = js(ex["published_global"])
    tasks = []
    for t in node["tasks"]:
        full = api.get("/tasks/" + t["task"]["id"])
        rc = js(full.get("runtime_context")) or {}
        keep = {}
        for k in RC_KEYS:
            if k in rc:
                keep[k] = rc[k]
        if "triggered_by" in keep:
            keep["triggered_by"] = [
                {"task": names.get(x.get("task_id"), x.get("task_id")),
                 "event": x.get("event")} for x in keep["triggered_by"]]
            keep["triggered_by"].sort(key=canon)
        tr = {"name": full["name"], "type": full["type"],
              "state": full["state"], "state_info": full["state_info"],
              "processed": full.get("processed"),
              "published": js(full.get("published")),
              "result": js(full.get("result")),
              "runtime_context": keep}
        if "published_global" in full:
            tr["published_global"] = js(full["published_global"])
        acts = [{"name": a["name"], "state": a["state"],
                 "accepted": a["accepted"], "input": js(a.get("input")),
                 "output": js(a.get("output"))} for a in t["actions"]]
        tr["actions"] = sorted(norm(acts), key=canon)
        subs = [rec_tree(api, c, names) for c in t["executions"]]
        tr["executions"] = sorted(subs, key=canon)
        tasks.append(norm(tr))
    r = norm(r)
    r["tasks"] = sorted(tasks, key=lambda t: (t["name"], canon(t)))
    return r


def snapshot(api, ex_id):
    node = tree(api, ex_id)
    names = {}
    for n in walk(node):
        for t in n["tasks"]:
            names[t["task"]["id"]] = t["task"]["name"]
    return rec_tree(api, node, names)


# --------------------------------------------------------------------------
# Running a case


def wait_for(api, root, sel, timeout):
    """Polls until sel matches; returns (met, newest match)."""
    deadline = time.time() + timeout
    want = sel.get("count", 1)
    while True:
        m = matches(tree(api, root), sel)
        if len(m) >= want:
            return True, m[-1]
        if time.time() > deadline:
            return False, m[-1] if m else None
        time.sleep(POLL)


def incomplete(node):
    for n in walk(node):
        if n["ex"]["state"] not in TERMINAL + ("PAUSED",):
            return True
        for t in n["tasks"]:
            if t["task"]["state"] not in TERMINAL:
                return True
    return False


def put_target(api, root, sel):
    node = tree(api, root)
    if "execution" in sel and not sel.get("workflow"):
        return [("/executions/", node["ex"])]
    s = dict(sel)
    if "execution" in s:
        s["execution"] = s.get("state")
    found = matches(node, s)
    if "action" in sel and "state" not in sel:
        live = [a for a in found if a["state"] not in TERMINAL]
        found = live or found
    if not found:
        return []
    kind = ("/executions/" if "execution" in sel else
            "/tasks/" if "task" in sel else "/action_executions/")
    objs = found if sel.get("all") else [found[-1]]
    return [(kind, o) for o in objs]


def run_step(api, root, step, timeout):
    r = {}
    if "note" in step:
        r["note"] = step["note"]
    if "sleep" in step:
        time.sleep(step["sleep"])
    if "wait" in step:
        met, obj = wait_for(api, root, step["wait"],
                            step.get("timeout", timeout))
        r["wait"] = step["wait"]
        r["met"] = met
        if obj is not None:
            r["observed"] = norm({"state": obj["state"],
                                  "state_info": obj.get("state_info")})
    if step.get("observe_tasks"):
        r["tasks"] = sorted([t["task"]["name"], t["task"]["state"]]
                            for t in tree(api, root)["tasks"])
    if "put" in step:
        r["put"] = step["put"]
        r["body"] = step.get("body")
        results = []
        targets = put_target(api, root, step["put"])
        if not targets:
            results.append({"status": 0, "error": "no target found"})
        for kind, obj in targets:
            st, doc = api.call("PUT", kind + obj["id"], body=step["body"])
            o = outcome(st, doc)
            if st < 400 and isinstance(doc, dict):
                o["state"] = doc.get("state")
            results.append(norm(o))
        r["responses"] = results
    return r


def run_case(api, case):
    ns = "golden_" + case["name"].split("_")[0]
    rec = {"case": case["name"], "uploads": []}
    cleanup(api, case, ns)
    try:
        for k, text in case["docs"]:
            m = DOC_RE.match(k)
            path = PATHS[m.group(2)]
            if not m.group(1):
                path += q(namespace=ns)
            st, doc = api.call("POST", path, text=text)
            rec["uploads"].append(norm(dict(outcome(st, doc), doc=k)))
        for env in case.get("environments", []):
            body = dict(env)
            body["variables"] = json.dumps(env.get("variables", {}))
            st, doc = api.call("POST", "/environments", body=body)
            rec["uploads"].append(norm(dict(outcome(st, doc),
                                            doc="env " + env["name"])))
        ex = case.get("execution")
        if not ex:
            return rec
        body = {"workflow_name": ex["workflow"],
                "workflow_namespace": ex.get("namespace", ns)}
        if "input" in ex:
            body["input"] = json.dumps(ex["input"])
        if "params" in ex:
            body["params"] = json.dumps(ex["params"])
        if "description" in ex:
            body["description"] = ex["description"]
        st, doc = api.call("POST", "/executions", body=body)
        rec["start"] = norm(outcome(st, doc))
        if st >= 400:
            return rec
        root = doc["id"]
        timeout = case.get("timeout", 60)
        rec["steps"] = [run_step(api, root, s, timeout)
                        for s in case.get("steps", [])]
        end = case.get("end", list(TERMINAL))
        deadline = time.time() + timeout
        while True:
            node = tree(api, root)
            if node["ex"]["state"] in end:
                break
            if time.time() > deadline:
                rec["end_timeout"] = True
                break
            time.sleep(POLL)
        dflt = 10 if node["ex"]["state"] in TERMINAL else 0
        settle = time.time() + case.get("settle", dflt)
        while incomplete(node) and time.time() < settle:
            time.sleep(POLL)
            node = tree(api, root)
        rec["execution"] = snapshot(api, root)
        return rec
    finally:
        cleanup(api, case, ns)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--url", default="http://127.0.0.1:8989")
    ap.add_argument("--cases", default=os.path.join(HERE, "cases"))
    ap.add_argument("--out", default=os.path.join(HERE, "recordings"))
    ap.add_argument("only", nargs="*", help="case name prefixes")
    a = ap.parse_args()
    api = Api(a.url)
    os.makedirs(a.out, exist_ok=True)
    names = sorted(f for f in os.listdir(a.cases) if f.endswith(".yaml"))
    for f in names:
        if a.only and not any(f.startswith(p) for p in a.only):
            continue
        case = load_case(os.path.join(a.cases, f))
        t0 = time.time()
        try:
            rec = run_case(api, case)
        except Exception as e:  # report and go on with the next case
            print("%-40s FAILED: %s" % (case["name"], e))
            continue
        out = os.path.join(a.out, case["name"] + ".json")
        with open(out, "w", encoding="utf-8") as fh:
            json.dump(rec, fh, indent=1, ensure_ascii=False)
            fh.write("\n")
        ex = rec.get("execution", {})
        print("%-40s %-9s %5.1fs%s" % (
            case["name"], ex.get("state", rec.get("start", {}).get("status")),
            time.time() - t0, " TIMEOUT" if rec.get("end_timeout") else ""))
        sys.stdout.flush()


if __name__ == "__main__":
    main()
