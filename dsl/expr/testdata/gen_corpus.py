#!/usr/bin/python3
"""Generate corpus.json: expression cases for dsl/expr, with the results
the real Mistral 15 expression layer gives.

Re-run from the repository root on a machine with Debian's python3-mistral
(Mistral 15, with python3-jinja2 3.1 and python3-yaql 2.0 as Debian ships
them):

    /usr/bin/python3 dsl/expr/testdata/gen_corpus.py

Every case goes through mistral.expressions exactly as the engine uses it:
validate() (upload-time checks) then evaluate_recursively() with the case's
data context. Mistral's functions that read the database (execution(),
task(), tasks(), executions(), global()) are served by a fake engine whose
data is written to the corpus too, so the Go test can serve the same data
through an expr.Functions implementation. Results are stored as Mistral
stores them (mistral.utils.to_json_str); errors as their message with the
", data=..." context dump removed (mistral-go never echoes the context).

Case fields: "expr" (a string, or a structure of strings), "ctx" (a name
in "contexts"), then "json" (the result as Mistral stores it: the text of
Python's json.dumps), or "error" with "phase" ("compile": rejected
by validate(); "eval": failed to evaluate; "store": evaluated to an object
Mistral cannot store). "check": "uuid" or "type" marks random results,
compared by shape only; "check": "error" compares only that evaluation
fails (YAML syntax errors, which mistral-go words its own way).
"""
import copy
import datetime
import json
import os
import sys
import warnings

warnings.filterwarnings("ignore")

from mistral import config  # noqa: E402,F401  (registers options)
from mistral import utils  # noqa: E402
from mistral.expressions import evaluate_recursively, validate  # noqa: E402
from mistral.expressions import std_functions as sf  # noqa: E402

# ---------------------------------------------------------------- engine
EXEC_ID = "8a9c7f9e-0b5e-4c1a-9d2e-000000000001"
SUB_ID = "8a9c7f9e-0b5e-4c1a-9d2e-000000000002"
OTHER_ID = "8a9c7f9e-0b5e-4c1a-9d2e-000000000003"


def task(tid, name, state, result, wf=EXEC_ID, published=None, typ="ACTION"):
    return {
        "id": tid, "name": name,
        "spec": {"action": "std.echo output=%s" % json.dumps(result),
                 "name": name, "type": "direct", "version": "2.0"},
        "state": state, "state_info": None, "result": result,
        "published": published or {}, "type": typ,
        "workflow_execution_id": wf,
        "created_at": "2026-11-23 18:10:47",
        "updated_at": "2026-11-23 18:10:48",
    }


ENGINE = {
    "env": {"url": "http://example.org", "retries": 3, "creds": {"user": "u"}},
    "execution": {
        "id": EXEC_ID, "name": "expr_wf",
        "spec": {"name": "expr_wf", "version": "2.0", "type": "direct",
                 "tasks": {"t1": {"action": "std.noop"}}},
        "input": {"n": 2}, "params": {"env": {"url": "http://example.org"}},
        "created_at": "2026-11-23 18:10:40",
        "updated_at": "2026-11-23 18:10:50",
        "root_execution_id": None,
    },
    "current_task": "t-3",
    "tasks": [
        task("t-1", "create_vm", "SUCCESS", {"id": "vm-1", "ip": "10.0.0.5"}),
        task("t-2", "list", "SUCCESS", [1, 2, 3], published={"count": 3}),
        task("t-3", "check", "RUNNING", None),
        task("t-4", "retry_me", "ERROR", "boom"),
        task("t-5", "retry_me", "SUCCESS", "ok"),
        task("t-6", "sub_task", "SUCCESS", 42, wf=SUB_ID),
    ],
    "executions": [
        {"id": EXEC_ID, "name": "expr_wf", "state": "RUNNING",
         "root_execution_id": None, "created_at": "2026-11-23 18:10:40"},
        {"id": SUB_ID, "name": "expr_sub", "state": "SUCCESS",
         "root_execution_id": EXEC_ID, "created_at": "2026-11-23 18:10:45"},
        {"id": OTHER_ID, "name": "other", "state": "ERROR",
         "root_execution_id": None, "created_at": "2026-11-22 09:00:00"},
    ],
    "globals": {"counter": 7, "region": "eu", "flags": [True, False]},
}


class Row(object):
    def __init__(self, d):
        self.__dict__.update(d)
        self.dict = d


def _dt(s):
    return datetime.datetime.strptime(s, "%Y-%m-%d %H:%M:%S")


def get_workflow_execution(id):
    ex = dict(ENGINE["execution"])
    ex["created_at"] = _dt(ex["created_at"])
    ex["updated_at"] = _dt(ex["updated_at"])
    ex["context"] = ENGINE["globals"]
    return Row(ex)


def get_task_execution(id):
    return Row([t for t in ENGINE["tasks"] if t["id"] == id][0])


def get_task_executions(workflow_execution_id=None, name=None, **kw):
    return [Row(t) for t in ENGINE["tasks"]
            if t["workflow_execution_id"] == workflow_execution_id
            and t["name"] == name]


def get_workflow_executions(**filters):
    out = []
    for e in ENGINE["executions"]:
        ok = True
        for col, f in filters.items():
            (op, v), = f.items()
            x = e[col]
            if op == "eq":
                ok = ok and x == v
            elif op == "gte":
                ok = ok and x is not None and x >= v
            else:
                ok = ok and x is not None and x < v
        if ok:
            out.append(dict(e))
    return out


def get_tasks_from_db(workflow_execution_id=None, recursive=False,
                      state=None, flat=False):
    return [Row(t) for t in ENGINE["tasks"]
            if (not workflow_execution_id or
                t["workflow_execution_id"] == workflow_execution_id)
            and (not state or t["state"] == state)]


sf.db_api.get_workflow_execution = get_workflow_execution
sf.db_api.get_task_execution = get_task_execution
sf.db_api.get_task_executions = get_task_executions
sf.db_api.get_workflow_executions = get_workflow_executions
sf._get_tasks_from_db = get_tasks_from_db
sf._convert_to_user_model = lambda t: t.dict

# -------------------------------------------------------------- contexts
STD = {
    "a": 1, "b": [1, 2, 3], "c": {"x": "y", "n": 2}, "s": "Hello World",
    "f": 2.5, "t": True, "n": None, "e": [], "m": {}, "z": 0,
    "name": "mistral", "html": "<b>&'\"</b>", "u": "h\u00e9llo \u4e16\u754c",
    "words": ["pear", "Apple", "fig", "banana"],
    "nums": [3, 1, 4, 1, 5, 9, 2, 6],
    "floats": [1.5, 0.25, 10.0],
    "users": [
        {"name": "alice", "age": 30, "active": True, "role": "admin"},
        {"name": "bob", "age": 25, "active": False, "role": "user"},
        {"name": "carol", "age": 35, "active": True, "role": "user"},
    ],
    "vms": [{"id": "vm-1", "status": "ACTIVE", "ip": "10.0.0.1"},
            {"id": "vm-2", "status": "ERROR", "ip": None},
            {"id": "vm-3", "status": "ACTIVE", "ip": "10.0.0.3"}],
    "nested": {"l1": {"l2": {"l3": "deep"}}, "list": [{"k": 1}, {"k": 2}]},
    "items": [{"x": True, "y": "a"}, {"x": False, "y": "b"},
              {"x": 1, "y": "c"}],
    "json_text": "{\"k\": [1, 2.5, null, true], \"s\": \"\\u00e9\"}",
    "yaml_text": "a: 1\nb: [x, yes, ~, 1.5]\nc:\n  d: on\n",
    "multiline": "line1\nline2\n",
    "num_str": "42", "float_str": "3.75", "spaces": "  padded  ",
    "tags": ["b", "a", "c", "a"],
    "mixed_keys": {"b": 2, "a": 1, "C": 3},
}

FN = dict(STD)
FN.update({
    "__env": ENGINE["env"],
    "__execution": {"id": EXEC_ID},
    "__task_execution": {"id": "t-3", "name": "check"},
})

CONTEXTS = {
    "std": STD,
    "fn": FN,
    "empty": {},
    "list": [1, 2, 3],
    "small": {"x": 5, "y": "five", "l": [1, "x", None, True, 2.5],
              "d": {"k": "v", "b": 2}},
}

CASES = []


def add(expr, ctx="std", check=None):
    CASES.append((expr, ctx, check))


def many(exprs, ctx="std", check=None):
    for e in exprs:
        add(e, ctx, check)


# ------------------------------------------------- recognition and typing
many([
    "plain text", "", "no {{ here", "{ {1} }", "{{", "}}", "<% unclosed",
    "%> backwards <%", "{{ _.a }}", "{{_.a}}", " {{ _.a }}", "{{ _.a }} ",
    "x{{ _.a }}", "{{ _.a }}{{ _.a }}", "{{ _.a }} and {{ _.b }}",
    "{{ _.b }}", "{{ _.c }}", "{{ _.s }}", "{{ _.f }}", "{{ _.t }}",
    "{{ _.n }}", "{{ _.e }}", "{{ _.m }}", "x {{ _.n }}", "x {{ _.t }}",
    "x {{ _.f }}", "x {{ _.b }}", "x {{ _.c }}", "x {{ _.u }}",
    "x {{ _.users[0] }}", "x {{ _.nested }}", "{{ 1.0 }}", "x {{ 1.0 }}",
    "{{ 1e20 }}", "x {{ 1e20 }}", "x {{ 1e16 }}", "x {{ 1e-5 }}",
    "x {{ 0.1 + 0.2 }}", "{{ 0.1 + 0.2 }}", "{{ 10 / 4 }}", "{{ 7 // 2 }}",
    "{{ -7 // 2 }}", "{{ 2 ** 10 }}", "{{ 2 ** -1 }}", "{{ 7 % 3 }}",
    "{{ -7 % 3 }}", "{{ 7.5 % 2 }}", "{{ 'a' ~ 1 ~ none }}",
    "{{ {'a': {'b': 1}} }}", "{{ {'a': 1} }}", "{{ [1, {'k': (1, 2)}] }}",
    "{{ (1, 2) }}", "x {{ (1, 2) }}", "x {{ (1,) }}", "{{ () }}",
    "{% if _.a %}yes{% endif %}", "{% for x in _.b %}{{ x }}{% endfor %}",
    "{% set y = 3 %}{{ y }}", "{{ _.a }}\n{{ _.a }}", "{{ _.a\n}}",
    "line1\n{{ _.a }}\nline3", "{{ '}}' }}", "{{ \"{{\" }}",
    "{# comment #}{{ _.a }}", "{# only comment #}",
    "<% $.a %>", "<%$.a%>", "  <% $.a %>  ", "<% $.a %> <% $.a %>",
    "<% $.b %>", "<% $.c %>", "x <% $.b %>", "x <% $.c %>",
    "x <% $.n %> <% $.t %> <% $.f %>", "<% $.n %>", "<% 2.50 %>",
    "x <% 2.50 %>", "<% $.s %>!", "<% $.a %><% $.f %>",
    "<% $.a %>-<% $.a %>-<% $.a %>", "a <% $.u %> b", "<%\n$.a %>",
    "x <% $.a\n%> y", "<% $.a %>\n<% $.f %>", "%<% $.a %>%",
    "<%% $.a %%>", "<% $.users.select($.name) %>",
    "names: <% $.users.select($.name) %>",
    "<% $.c.x %> and <% $.c.n * 10 %>",
    "<% $.vms.where($.status = 'ACTIVE').select($.id) %>",
    "<% $.nested.l1.l2 %>", "x <% $.nested.l1 %>",
    "<% len($.words) %> words", "<% $.users[0].name %>",
    "{{ _.users | map(attribute='name') | list }}",
    "{{ _.vms | selectattr('status', 'equalto', 'ACTIVE') | map(attribute='id') | list }}",
])
many(["{{ _ }}", "<% $ %>", "x {{ _ }}", "x <% $ %>"], "small")
# whitespace control marks inside a lone {{ }} become part of the
# expression Mistral evaluates
many(["{{- _.a }}", "{{ _.a -}}", "{{+ _.a }}", "{{ _.a +}}", "{{- _.a -}}", "x {{- _.a -}} y"])
many(["{{ _ }}", "{{ _.x }}", "<% $ %>", "plain"], "empty")
many(["{{ _ }}", "{{ _[0] }}", "<% $ %>", "<% $[1] %>", "x {{ _ }}"], "list")
# structures: only values are evaluated, recursively; keys never
many([
    {"k": "{{ _.a }}", "l": ["<% $.b %>", 3, None, True, "x {{ _.f }}"]},
    {"{{ _.a }}": "<% $.a %>"},
    ["{{ _.a }}", {"deep": ["<% $.s %>", {"deeper": "{{ _.c.x }}"}]}],
    {"n": 1, "f": 1.5, "b": False, "s": "plain"},
    [],
    {},
])
add({"k": "{{ _.a }}"}, "empty")

# ------------------------------------------------------ Jinja expressions
many([
    "{{ 1 + 2 * 3 }}", "{{ (1 + 2) * 3 }}", "{{ 'ab' * 3 }}",
    "{{ [1, 2] * 2 }}", "{{ [1] + [2, 3] }}", "{{ 'a' + 'b' }}",
    "{{ 10 - 2.5 }}", "{{ -_.a }}", "{{ +_.f }}", "{{ not _.a }}",
    "{{ _.a and _.b }}", "{{ _.z or 'default' }}", "{{ _.z and 1 }}",
    "{{ 1 < 2 < 3 }}", "{{ 3 > 2 > 2 }}", "{{ 1 == 1.0 }}", "{{ 1 != 2 }}",
    "{{ 'a' < 'b' }}", "{{ [1, 2] < [1, 3] }}", "{{ 2 in _.b }}",
    "{{ 'x' in _.c }}", "{{ 'ell' in _.s }}", "{{ 5 not in _.b }}",
    "{{ 1 if _.t else 2 }}", "{{ 1 if _.z else 2 }}",
    "{{ 'yes' if _.b | length > 2 else 'no' }}", "{{ true }}", "{{ True }}",
    "{{ none }}", "{{ None }}", "{{ false }}", "{{ 0x1F }}", "{{ 0o17 }}",
    "{{ 0b101 }}", "{{ 1_000_000 }}", "{{ 1.5e3 }}", "{{ .5 if true }}",
    "{{ 'it''s' }}", "{{ 'a' 'b' }}", "{{ \"tab\\there\" }}",
    "{{ 'caf\\u00e9' }}", "{{ '\\x41' }}", "{{ 'no\\qescape' }}",
    "{{ _['a'] }}", "{{ _.c['x'] }}", "{{ _.b[0] }}", "{{ _.b[-1] }}",
    "{{ _.b.1 }}", "{{ _.b[1:] }}", "{{ _.b[:2] }}", "{{ _.b[::-1] }}",
    "{{ _.s[0:5] }}", "{{ _.s[::2] }}", "{{ _.u[1] }}", "{{ _.users[1].name }}",
    "{{ _.users[1]['age'] }}", "{{ _.nested.l1.l2.l3 }}",
    "{{ _.nested['list'][1].k }}", "{{ _.c.get('x') }}",
    "{{ _.c.get('q', 'dflt') }}", "{{ _.c.keys() | list }}",
    "{{ _.c.values() | list }}", "{{ _.c.items() | list }}",
    "{{ _.c.keys() }}", "{{ _.c.items() }}", "x {{ _.c.keys() }}",
    "x {{ _.c.items() }}", "{{ _.c.copy() }}", "{{ 'x' in _.c.keys() }}",
    "{{ _.s.upper() }}", "{{ _.s.lower() }}", "{{ _.s.split() }}",
    "{{ _.s.split('o') }}", "{{ _.s.split('o', 1) }}", "{{ 'a,b,,c'.split(',') }}",
    "{{ _.s.rsplit(' ', 1) }}", "{{ _.spaces.strip() }}", "{{ _.spaces.lstrip() }}",
    "{{ 'xxhixx'.strip('x') }}", "{{ _.s.replace('o', '0') }}",
    "{{ _.s.replace('o', '0', 1) }}", "{{ _.s.startswith('Hell') }}",
    "{{ _.s.endswith(('x', 'ld')) }}", "{{ _.s.find('o') }}",
    "{{ _.s.rfind('o') }}", "{{ _.s.find('zz') }}", "{{ _.s.count('l') }}",
    "{{ '-'.join(_.words) }}", "{{ _.s.title() }}", "{{ 'hello world'.capitalize() }}",
    "{{ _.name.center(13, '*') }}", "{{ _.name.ljust(10) ~ '|' }}",
    "{{ _.name.rjust(10, '.') }}", "{{ '42'.zfill(5) }}", "{{ '-42'.zfill(6) }}",
    "{{ _.num_str.isdigit() }}", "{{ _.s.isalpha() }}", "{{ 'abc'.islower() }}",
    "{{ _.multiline.splitlines() }}", "{{ 'a=b=c'.partition('=') }}",
    "{{ '{} and {}'.format(1, 'two') }}", "{{ '{0}{1}{0}'.format('a', 'b') }}",
    "{{ '{x}-{y}'.format(x=1, y=2) }}", "{{ '{:>6}|{:<4}|{:^5}'.format('a', 'b', 'c') }}",
    "{{ '{:.2f}'.format(3.14159) }}", "{{ '{:05d}'.format(42) }}",
    "{{ '{:,}'.format(1234567) }}", "{{ '{!r}'.format('x') }}",
    "{{ '{0[1]}'.format(_.b) }}", "{{ '%s-%d' % ('a', 3) }}",
    "{{ '%05.1f' % 3.14159 }}", "{{ '%(k)s!' % {'k': 'v'} }}",
    "{{ '%x %o %e' % (255, 8, 12345.678) }}", "{{ '%r' % 'q' }}",
    "{{ _.b.index(2) }}", "{{ _.nums.count(1) }}", "{{ (1, 2, 2).count(2) }}",
    "{{ range(5) | list }}", "{{ range(2, 10, 3) | list }}", "{{ range(3) }}",
    "{{ range(5, 0, -2) | list }}", "{{ dict(a=1, b=2) }}",
    "{{ dict([('a', 1)]) }}", "{{ namespace(a=1).a }}",
    "{{ 5 .real }}", "{{ 2.5.is_integer() }}", "{{ (255).bit_length() }}",
    "{{ _.b | length }}", "{{ _.s | length }}", "{{ _.c | length }}",
    "{{ _.u | length }}", "{{ _.b | count }}",
])

# --------------------------------------------------------------- filters
many([
    "{{ -5 | abs }}", "{{ -2.5 | abs }}", "{{ _.users | map(attribute='name') | join(', ') }}",
    "{{ _.users | map(attribute='age') | sum }}", "{{ _.users | sum(attribute='age') }}",
    "{{ _.nums | sum }}", "{{ _.floats | sum }}", "{{ _.nums | sum(start=10) }}",
    "{{ _.nums | max }}", "{{ _.nums | min }}", "{{ _.words | max }}",
    "{{ _.words | min(case_sensitive=true) }}", "{{ _.users | max(attribute='age') }}",
    "{{ _.nums | sort }}", "{{ _.nums | sort(reverse=true) }}", "{{ _.words | sort }}",
    "{{ _.words | sort(case_sensitive=true) }}", "{{ _.users | sort(attribute='age') | map(attribute='name') | list }}",
    "{{ _.users | sort(attribute='role,name') | map(attribute='name') | list }}",
    "{{ _.nums | unique | list }}", "{{ _.tags | unique | list }}",
    "{{ ['A', 'a', 'b'] | unique | list }}", "{{ ['A', 'a'] | unique(case_sensitive=true) | list }}",
    "{{ _.nums | reverse | list }}", "{{ _.s | reverse }}", "{{ _.b | first }}",
    "{{ _.b | last }}", "{{ _.s | first }}", "{{ _.c | first }}", "{{ _.b | list }}",
    "{{ _.s | list }}", "{{ _.c | list }}", "{{ _.c | items | list }}", "{{ _.c | dictsort }}",
    "{{ _.mixed_keys | dictsort }}", "{{ _.mixed_keys | dictsort(case_sensitive=true) }}",
    "{{ _.mixed_keys | dictsort(by='value', reverse=true) }}",
    "{{ _.s | upper }}", "{{ _.s | lower }}", "{{ 'hello wORLD' | capitalize }}",
    "{{ 'hello wORLD-foo (bar)' | title }}", "{{ _.spaces | trim }}",
    "{{ 'xxhixx' | trim('x') }}", "{{ _.s | replace('l', 'L') }}",
    "{{ _.s | replace('l', 'L', 2) }}", "{{ _.name | center(11) }}",
    "{{ _.b | join }}", "{{ _.b | join('-') }}", "{{ _.users | join(',', attribute='name') }}",
    "{{ _.num_str | int }}", "{{ _.float_str | int }}", "{{ 'abc' | int }}",
    "{{ 'abc' | int(7) }}", "{{ '0x1A' | int(0, 16) }}", "{{ '11' | int(base=2) }}",
    "{{ 3.99 | int }}", "{{ none | int }}", "{{ true | int }}", "{{ _.num_str | float }}",
    "{{ 'x' | float }}", "{{ 'x' | float(1.5) }}", "{{ 3 | float }}", "{{ '1e3' | float }}",
    "{{ 3.14159 | round }}", "{{ 3.14159 | round(2) }}", "{{ 2.5 | round }}",
    "{{ 3.5 | round }}", "{{ 2.675 | round(2) }}", "{{ 3.14159 | round(1, 'floor') }}",
    "{{ 3.01 | round(method='ceil') }}", "{{ 42 | round }}", "{{ 1234 | round(-2) }}",
    "{{ _.b | string }}", "{{ 42 | string }}", "{{ none | string }}", "{{ _.c | string }}",
    "{{ _.html | e }}", "{{ _.html | escape }}", "{{ _.html | safe }}",
    "{{ _.html | forceescape }}", "x {{ _.html | e }}", "{{ _.c | tojson }}",
    "{{ _.mixed_keys | tojson }}", "{{ _.html | tojson }}", "{{ _.u | tojson }}",
    "{{ _.b | tojson(2) }}", "{{ _.users[0] | tojson(indent=2) }}", "x {{ _.c | tojson }}",
    "{{ none | tojson }}", "{{ [1.5, true, none] | tojson }}",
    "{{ _.nums | batch(3) | list }}", "{{ _.nums | batch(3, 0) | list }}",
    "{{ _.nums | slice(3) | list }}", "{{ _.nums | slice(3, 'x') | list }}",
    "{{ _.users | groupby('role') }}", "{{ _.users | groupby('role') | map('first') | list }}",
    "{% for g in _.users | groupby('role') %}{{ g.grouper }}:{{ g.list | map(attribute='name') | join('+') }};{% endfor %}",
    "{{ _.users | selectattr('active') | map(attribute='name') | list }}",
    "{{ _.users | rejectattr('active') | map(attribute='name') | list }}",
    "{{ _.users | selectattr('age', 'gt', 28) | map(attribute='name') | list }}",
    "{{ _.users | selectattr('role', 'equalto', 'user') | list | length }}",
    "{{ _.nums | select('odd') | list }}", "{{ _.nums | reject('odd') | list }}",
    "{{ _.nums | select('gt', 3) | list }}", "{{ _.nums | select('in', [1, 9]) | list }}",
    "{{ [0, 1, '', 'a', none] | select | list }}", "{{ _.words | map('upper') | list }}",
    "{{ _.words | map('length') | list }}", "{{ _.words | map('replace', 'a', '4') | list }}",
    "{{ _.users | map(attribute='missing', default='?') | list }}",
    "{{ _.items | selectattr('x') | map(attribute='y') | join(',') }}",
    "{{ _.b | map('string') | join('') }}", "{{ _.s | wordcount }}",
    "{{ 'a long sentence here' | truncate(9) }}", "{{ 'a long sentence here' | truncate(9, true) }}",
    "{{ 'a long sentence here' | truncate(12, false, '..', 0) }}", "{{ 'short' | truncate(255) }}",
    "{{ 'one two three four' | wordwrap(9) }}", "{{ 'x\\ny' | indent(2) }}",
    "{{ 'x\\ny\\n\\nz' | indent(2, true) }}", "{{ 'x\\n\\ny' | indent('>', blank=true) }}",
    "{{ 1000 | filesizeformat }}", "{{ 1536 | filesizeformat(true) }}",
    "{{ 1 | filesizeformat }}", "{{ 123456789 | filesizeformat }}",
    "{{ '<p>hi <b>there</b></p>' | striptags }}", "{{ 'a b&c' | urlencode }}",
    "{{ {'q': 'a b', 'n': 1} | urlencode }}", "{{ 'x' | default('d') }}",
    "{{ _.missing | default('d') }}", "{{ _.missing | d('d') }}", "{{ _.n | default('d') }}",
    "{{ _.z | default('d', true) }}", "{{ '' | default('d', boolean=true) }}",
    "{{ '%s=%s' | format('k', 'v') }}", "{{ '%(a)s' | format(a=1) }}",
    "{{ _.c | pprint }}", "{{ _.mixed_keys | pprint }}", "{{ _.users[0] | attr('name') }}",
    "{{ {'class': 'x', 'id': 'y', 'n': none} | xmlattr }}", "{{ _.nums | map('abs') | max }}",
])
many(["{{ _.b | random }}", "{{ range(10) | random }}"], check="type")

# ----------------------------------------------------------------- tests
many([
    "{{ _.a is defined }}", "{{ _.missing is defined }}", "{{ _.missing is undefined }}",
    "{{ _.n is none }}", "{{ _.a is number }}", "{{ _.f is float }}", "{{ _.a is integer }}",
    "{{ _.t is boolean }}", "{{ _.t is true }}", "{{ _.z is false }}", "{{ _.s is string }}",
    "{{ _.c is mapping }}", "{{ _.b is sequence }}", "{{ _.b is iterable }}",
    "{{ 5 is iterable }}", "{{ _.a is odd }}", "{{ 4 is even }}", "{{ 9 is divisibleby 3 }}",
    "{{ 9 is divisibleby(4) }}", "{{ 'abc' is lower }}", "{{ 'ABC' is upper }}",
    "{{ 2 is in _.b }}", "{{ 3 is eq 3 }}", "{{ 3 is equalto 3 }}", "{{ 3 is ne 4 }}",
    "{{ 3 is gt 2 }}", "{{ 3 is ge 3 }}", "{{ 3 is lt 2 }}", "{{ 3 is le 3 }}",
    "{{ 3 is == 3 }}", "{{ 3 is != 3 }}", "{{ 3 is > 4 }}", "{{ 'upper' is filter }}",
    "{{ 'nope' is filter }}", "{{ 'odd' is test }}", "{{ none is sameas none }}",
    "{{ range is callable }}", "{{ _.a is callable }}", "{{ _.html | e is escaped }}",
    "{{ _.a is not none }}", "{{ _.missing is not defined }}", "{{ _.missing is none }}",
    "{{ _.missing is string }}", "{{ _.missing is sequence }}", "{{ _.missing is callable }}",
    "{{ _.a is number and _.a is odd }}",
])

# ------------------------------------------------------ Jinja templates
many([
    "{% if _.a == 1 %}one{% elif _.a == 2 %}two{% else %}many{% endif %}",
    "{% if _.z %}zero{% else %}nonzero{% endif %}",
    "{% if _.missing is defined %}d{% else %}u{% endif %}",
    "{% for u in _.users %}{{ loop.index }}:{{ u.name }}{% if not loop.last %},{% endif %}{% endfor %}",
    "{% for u in _.users %}{{ loop.index0 }}{{ loop.revindex }}{{ loop.revindex0 }}{{ loop.first }}{{ loop.length }} {% endfor %}",
    "{% for x in _.nums if x > 3 %}{{ x }}{{ loop.length }} {% endfor %}",
    "{% for x in _.e %}{{ x }}{% else %}empty{% endfor %}",
    "{% for k, v in _.c.items() %}{{ k }}={{ v }};{% endfor %}",
    "{% for k in _.c %}{{ k }} {% endfor %}", "{% for ch in 'abc' %}[{{ ch }}]{% endfor %}",
    "{% for x in _.b %}{{ loop.cycle('odd', 'even') }} {% endfor %}",
    "{% for x in [1, 1, 2] %}{% if loop.changed(x) %}{{ x }}{% endif %}{% endfor %}",
    "{% for x in _.b %}{{ loop.previtem is defined }}{{ loop.nextitem | default('-') }} {% endfor %}",
    "{% for row in [[1, 2], [3]] %}{% for c in row %}{{ loop.depth }}{{ c }}{% endfor %}|{% endfor %}",
    "{% for x in [[1, [2]], [3]] recursive %}<{% if x is iterable %}{{ loop(x) }}{% else %}{{ x }}{% endif %}>{% endfor %}",
    "{% set total = _.nums | sum %}{{ total }}", "{% set a, b = 1, 2 %}{{ a }}-{{ b }}",
    "{% set ns = namespace(n=0) %}{% for x in _.b %}{% set ns.n = ns.n + x %}{% endfor %}{{ ns.n }}",
    "{% set y = 5 %}{% for x in _.b %}{% set y = x %}{% endfor %}{{ y }}",
    "{% set block %}captured {{ _.a }}{% endset %}[{{ block }}]",
    "{% set up | upper %}shout {{ _.name }}{% endset %}{{ up }}",
    "{% macro greet(who, punct='!') %}Hi {{ who }}{{ punct }}{% endmacro %}{{ greet('a') }} {{ greet('b', '?') }}",
    "{% macro m() %}{{ varargs }}{{ kwargs }}{% endmacro %}{{ m(1, 2, k=3) }}",
    "{% macro wrap() %}<{{ caller() }}>{% endmacro %}{% call wrap() %}inner{% endcall %}",
    "{% macro f(n) %}{% if n > 0 %}{{ n }}{{ f(n - 1) }}{% endif %}{% endmacro %}{{ f(3) }}",
    "{% filter upper %}hello {{ _.name }}{% endfilter %}",
    "{% with x = 5, y = 6 %}{{ x * y }}{% endwith %}", "{% raw %}{{ not rendered }}{% endraw %}",
    "a\n{% if true %}\nb\n{% endif %}\nc", "a\n  {% if true %}\n  b\n  {% endif %}\nc",
    "a  {%- if true %} b {% endif -%}  c", "a {{- ' b ' -}} c", "a\n{# c #}\nb",
    "{% if true %}x{% endif %}\n", "{{ _.a }}\n", "text\r\nmore {{ _.a }}",
    "{%+ if true %}x{% endif %}", "  {% raw %}r{% endraw %}",
    "{% print _.a, _.s %}", "{{ cycler('a', 'b').next() }}",
    "{% set c = cycler('a', 'b') %}{{ c.next() }}{{ c.next() }}{{ c.next() }}{{ c.current }}",
    "{% set j = joiner('|') %}{% for x in _.b %}{{ j() }}{{ x }}{% endfor %}",
    "{% for x in range(3) %}{{ x }}{% endfor %}{{ x is defined }}",
    "{% if _.a %}{{ 1 if false }}done{% endif %}",
])

# ------------------------------------------------------ errors (Jinja)
many([
    "{{ _.missing }}", "x {{ _.missing }}", "{{ _.c.missing }}", "{{ _.missing.deeper }}",
    "{{ _.b[10] }}", "{{ _.s[100] }}", "{{ _.n.x }}", "{{ undefined_name }}",
    "{{ _.c['missing'] }}", "{{ _.c[1] }}", "{{ 1 + 'a' }}", "{{ 'a' + 1 }}",
    "{{ [1] + 1 }}", "{{ 1 < 'a' }}", "{{ 1 / 0 }}", "{{ 1 // 0 }}", "{{ 1 % 0 }}",
    "{{ 1.5 // 0 }}", "{{ 2.0 ** 10000 }}", "{{ _.missing + 1 }}", "{{ _.missing | length }}",
    "{{ _.missing | upper }}", "{{ _.missing | tojson }}", "{{ _.b | nosuchfilter }}",
    "{{ 1 is nosuchtest }}", "{% if false %}{{ 1 | nosuchfilter }}{% endif %}ok",
    "{% if true %}{{ 1 | nosuchfilter }}{% endif %}", "{{ _.__class__ }}",
    "{{ _.s.__class__ }}", "{{ 1 if false }}", "{{ _.b | join(1, 2, 3) }}",
    "{{ _.c.get() }}", "{{ _.c.get(1, 2, 3) }}", "{{ 'a'.upper(1) }}", "{{ 5 | abs(1) }}",
    "{{ range(1, 2, 3, 4) }}", "{{ range(200000) | list }}", "{{ range(0, 10, 0) }}",
    "{{ [] | first }}", "{{ [] | max }}", "{{ _.b | map | list }}", "{{ _.b | map('nope') | list }}",
    "{{ 5 | list }}", "{{ none | length }}", "{{ 'a' | int(1, 2, 3) }}",
    "{% for a, b in _.b %}{% endfor %}", "{% for x in 5 %}{% endfor %}",
    "{% include 'other' %}", "{% extends 'base' %}", "{% import 'm' as m %}{{ 1 }}",
    "{% macro m(a) %}{{ a }}{% endmacro %}{{ m(1, 2) }}", "{% macro m(a) %}{{ a }}{% endmacro %}{{ m(b=1) }}",
    "{% macro m(a) %}[{{ a }}]{% endmacro %}{{ m() }}", "{% set x = 5 %}{% set x.y = 1 %}",
    "{{ '{0}'.format() }}", "{{ '%d' % 'x' }}", "{{ '%s %s' % (1,) }}", "{{ 'abc' | truncate(1) }}",
    "{{ _.users | sort(attribute='missing') }}", "{{ [1, 'a'] | sort }}", "{{ [{'a': 1}] | unique | list }}",
    "{{ {} | dictsort(by='x') }}", "{{ _.c() }}", "{{ 'x' | round }}",
    "{{ [1, 2] | sum(start='') }}", "{{ _.users | selectattr('zzz') | list }}",
    "{% if true %}{% for x in _.b %}{{ x | undefinedfilter }}{% endfor %}{% endif %}",
])
many(["{{ __env }}", "{{ __execution }}", "{{ _.missing }}"], "empty")

# ----------------------------------------------------- syntax errors
many([
    "{{ }}", "{{ 1 + }}", "{{ (1 }}", "{{ [1, 2 }}", "{{ 1 ) }}", "{{ 'abc }}", "{{ \"x }}",
    "{{ 1 2 }}", "{{ 01 }}", "{{ _.a | }}", "{{ _.a is }}", "{{ x.1y }}", "{{ _.. }}",
    "{{ a ! b }}", "{{ a = 1 }}", "{{ '\\x4' }}", "{{ '\\u12' }}", "{{ 1 is defined is defined }}",
    "{{ f(x=1, 2) }}", "{{ f(**a, *b) }}", "{% if %}x{% endif %}", "{% if true %}x",
    "{% if true %}x{% endfor %}", "{% for %}{% endfor %}", "{% for x %}{% endfor %}",
    "{% for x in %}{% endfor %}", "{% endif %}", "{% break %}", "{% unknown %}",
    "{% set %}", "{% set 1 = 2 %}", "{% set true = 1 %}", "{% macro %}{% endmacro %}",
    "{% macro m(a=1, b) %}{% endmacro %}", "{% raw %}never closed", "{# never closed",
    "{% %}", "{% if true %}{% else %}{% else %}{% endif %}", "{{ {1: } }}", "{{ [1,, 2] }}",
    "{% block a-b %}{% endblock %}", "{{ 1 if }}", "{{ 'x' ~ }}", "{{ 1 ** }}",
    "{% for x in y %}{% endfor", "{{ x }", "{% call m %}{% endcall %}",
    "{% with x %}{% endwith %}", "{% filter %}x{% endfilter %}", "{{ x[ }}",
    "{{ 1, 2 }}", "{{ x | f(, ) }}", "{{ 'a' is string 1 }}",
])

# --------------------------------------------- mixing and YAQL (through expr)
many([
    "{{ _.a }} <% $.a %>", "<% $.a %> {{ _.a }}", "{% if true %}<% $.a %>{% endif %}",
    "{{ _.a + }} <% $.a %>", "<% $.a + %>", "<% * %>", "<% $.a %> <% 1 + %>",
    "<% $.a : 1 %>", "<% %>", "<%%>", "x <% ( %> y", "<% $.missing %>",
    "x <% $.missing %>", "<% 1 / 0 %>", "<% $.a + 'b' %>", "<% nofunc() %>",
    "<% $.c.x %> <% $.c.missing %>", "<% $.b.foo() %>", "<% [].first() %>",
])

# ------------------------------------------------- Mistral functions
many([
    "<% env() %>", "<% env().url %>", "{{ env() }}", "{{ env().creds.user }}",
    "{{ _ | env }}", "x <% env().retries %>", "<% execution() %>", "<% execution().id %>",
    "{{ execution().name }}", "{{ execution().input }}", "<% execution().created_at %>",
    "<% task() %>", "<% task().name %>", "<% task(create_vm).result.id %>",
    "<% task('create_vm').result %>", "<% task(taskName => create_vm).state %>",
    "<% task(check).state %>", "<% task(nope) %>", "<% task(retry_me).result %>",
    "<% task(sub_task) %>", "{{ task('create_vm').result.ip }}", "{{ task().state }}",
    "{{ task(task_name='list').published }}", "{{ task('nope') }}",
    "{{ _ | task('list') | attr('result') }}", "{{ task('nope').result }}",
    "<% task(nope).result %>", "<% tasks().len() %>", "<% tasks().select($.name) %>",
    "<% tasks(execution().id).select($.name) %>", "<% tasks(execution().id, true, SUCCESS).select($.id) %>",
    "<% tasks(state => ERROR).select($.name) %>",
    "<% tasks(workflowExecutionId => execution().id, state => SUCCESS).len() %>",
    "{{ tasks() | length }}", "{{ tasks(state='ERROR') | map(attribute='result') | list }}",
    "{{ tasks(workflow_execution_id=execution().id, recursive=true) | map(attribute='id') | list }}",
    "<% executions().select($.id) %>", "<% executions(state => ERROR).select($.name) %>",
    "<% executions(rootExecutionId => execution().id).select($.name) %>",
    "<% executions(fromTime => '2026-11-23 00:00:00').len() %>",
    "<% executions(toTime => '2026-11-23 00:00:00').select($.name) %>",
    "{{ executions(id=execution().id) | map(attribute='state') | list }}",
    "{{ executions(root_execution_id=none) | length }}", "<% global(counter) %>",
    "<% global('flags') %>", "<% global(nope) %>", "{{ global('region') }}",
    "x <% global(counter) %> <% global(region) %>", "{{ _ | global('counter') }}",
    "<% tasks(1, 2, 3, 4, 5) %>", "<% task(1, 2) %>", "<% task(name => x) %>",
    "<% env(1) %>", "<% global() %>", "{{ task('a', 'b') }}", "{{ task(name='x') }}",
    "{{ tasks(1, 2, 3, 4, 5) }}", "{{ global() }}", "{{ env(1) }}", "{{ execution(context=1) }}",
    "{{ __env.url }}", "{{ __execution.id }}", "{{ __task_execution.name }}",
], "fn")
many(["<% uuid() %>", "{{ uuid() }}", "x <% uuid() %>", "<% uuid() %> <% uuid() %>",
      "{{ _ | uuid }}"], "fn", check="uuid")
many(["<% uuid(1) %>", "{{ uuid(1, 2) }}"], "fn")
# YAML syntax errors: mistral-go reports them in its own words (PyYAML's
# messages quote its internal scanner states); only the failure is compared
many(["<% yaml_parse('a: [1, 2') %>", "<% yaml_parse('a: b: c') %>",
      "<% yaml_parse('- a\\n b: c') %>", "{{ yaml_parse('[') }}"], check="error")
add("<% yaml_parse('a: 1\\n---\\nb: 2') %>")

# --------------------------------------------- json_* and yaml_* functions
many([
    "<% json_dump($.c) %>", "<% json_dump($.users[0]) %>", "<% json_dump([]) %>",
    "<% json_dump({}) %>", "<% json_dump($.u) %>", "<% json_dump($.nested) %>",
    "<% json_dump(1.5) %>", "<% json_dump(null) %>", "<% json_dump('a\"b') %>",
    "{{ json_dump(_.b) }}", "{{ json_dump(data=_.c) }}", "{{ _ | json_dump(_.c) }}",
    "{{ _.b | json_dump }}", "<% json_dump(1, 2) %>", "<% json_dump(data => 1) %>",
    "{{ json_dump(1, 2) }}", "{{ json_dump(x=1) }}", "<% json_parse($.json_text) %>",
    "<% json_parse($.json_text).k %>", "{{ json_parse(_.json_text).s }}",
    "<% json_parse('[1, 2.0, \"x\", {\"a\": null}]') %>", "<% json_parse('  {\"b\": 1, \"a\": 2, \"b\": 3} ') %>",
    "<% json_parse('1e3') %>", "<% json_parse('-0') %>", "<% json_parse('\"\\\\u00e9\\\\n\"') %>",
    "<% json_parse('[1,') %>", "<% json_parse('{a: 1}') %>", "<% json_parse('') %>",
    "<% json_parse('[1] x') %>", "<% json_parse('\"abc') %>", "<% json_parse('{\"a\" 1}') %>",
    "<% json_parse('[1 2]') %>", "<% json_parse('\"\\\\q\"') %>", "<% json_parse(1) %>",
    "<% json_parse(null) %>", "{{ json_parse('[1') }}",
    "<% json_pp($.c) %>", "<% json_pp('a\\nb ') %>", "<% json_pp() %>", "{{ json_pp(_.b) }}",
    "{{ json_pp() }}",
    "<% yaml_dump($.c) %>", "<% yaml_dump($.users) %>", "<% yaml_dump($.nested) %>",
    "<% yaml_dump($.b) %>", "<% yaml_dump('text') %>", "<% yaml_dump(1) %>", "<% yaml_dump(null) %>",
    "<% yaml_dump([]) %>", "<% yaml_dump({}) %>", "<% yaml_dump($.u) %>", "<% yaml_dump($.html) %>",
    "<% yaml_dump($.multiline) %>", "<% yaml_dump({k => $.multiline}) %>",
    "<% yaml_dump(['yes', 'no', 'null', '1', '1.5', '', ' x', 'a: b', '- x', '#c', 'true', 'on']) %>",
    "<% yaml_dump({'a b' => 1, '1' => 2, 'z' => [], 'y' => {}}) %>",
    "<% yaml_dump([[1, 2], [3, [4]], {a => [5]}]) %>", "<% yaml_dump(1.5) %>",
    "<% yaml_dump(1e20) %>", "<% yaml_dump([true, false, 0.1]) %>",
    "<% yaml_dump(concat('word ', 'word ', 'word ', 'word ', 'word ', 'word ', 'word ', 'word ', 'word ', 'word ', 'word ', 'word ', 'word ', 'word ', 'word ', 'word ', 'word ', 'word')) %>",
    "{{ yaml_dump(_.mixed_keys) }}", "{{ yaml_dump(_.floats) }}",
    "<% yaml_parse($.yaml_text) %>", "<% yaml_parse('a: [1, yes, 1.5e3, 0x10, 010, ~, 1:30, 0b11, 1_000.5, .5]') %>",
    "<% yaml_parse('- a\\n- {b: c}\\n- [d, e]') %>", "<% yaml_parse('just text') %>",
    "<% yaml_parse('') %>", "<% yaml_parse('x: \"quoted\"\\ny: |\\n  block\\n  text\\n') %>",
    "<% yaml_parse('a: &x 1\\nb: *x') %>", "<% yaml_parse(1) %>",
    "<% yaml_parse('base: &b {x: 1, y: 2}\\nd:\\n  <<: *b\\n  y: 3') %>",
    "<% yaml_parse('!!str 12') %>", "<% yaml_parse('\\'12\\'') %>", "<% yaml_parse('? [1]\\n: x') %>",
    "{{ yaml_parse('k: v').k }}", "<% yaml_parse('n: .inf\\nm: -.Inf\\no: 1_000\\np: +12') %>",
    "<% yaml_parse('on: off\\nNo: Yes') %>", "<% yaml_parse('a: 1\\na: 2') %>",
])

# ------------------------------------------------ more Jinja behaviour
many([
    "{{ _.s | replace(' ', '') | lower | reverse }}", "{{ _.words | sort | first }}",
    "{{ _.words | map('lower') | sort | join(' ') }}", "{{ _.users | map(attribute='name') | map('upper') | list }}",
    "{{ _.nums | sort | unique | list | length }}", "{{ (_.nums | sum) / (_.nums | length) }}",
    "{{ _.nums | max - _.nums | min }}", "{{ _.floats | map('round') | list }}",
    "{{ _.floats | map('int') | list }}", "{{ _.nums | select('divisibleby', 3) | list }}",
    "{{ _.users | selectattr('name', 'in', ['bob', 'carol']) | map(attribute='age') | list }}",
    "{{ _.users | rejectattr('role', 'eq', 'user') | first }}", "{{ _.vms | map(attribute='ip') | select | list }}",
    "{{ _.vms | map(attribute='ip') | reject('none') | list }}", "{{ _.c | dictsort(reverse=true) | first }}",
    "{{ _.users | groupby('active') | map('list') | list }}", "{{ _.users | groupby('age') | length }}",
    "{{ _.nested | tojson | length }}", "{{ _.u | upper }}", "{{ _.u | length }}", "{{ _.u[::-1] }}",
"{{ 'ß'.upper() }}", "{{ 'ǅ' | lower }}", "{{ _.u | title }}",
    "{{ '  x  y  ' | trim | replace('  ', ' ') }}", "{{ 'a-b_c d' | title }}", "{{ \"it's\" | capitalize }}",
    "{{ 'abc' | center(8) }}|", "{{ 'abc' | center(7) }}|", "{{ 'x'.center(4, '-') }}",
    "{{ '%5s|%-5s|' % ('ab', 'cd') }}", "{{ '%+d %+d' % (5, -5) }}", "{{ '%.3s' % 'abcdef' }}",
    "{{ '%c%c' % (72, 'i') }}", "{{ '%%' % () }}", "{{ '%(a)s %(a)r' % {'a': 'x'} }}",
    "{{ '%e' % 0.000123 }}", "{{ '%g %g %g' % (0.0001, 123456789.0, 1.5) }}", "{{ '%G' % 1e-10 }}",
    "{{ '%#x %#o' % (255, 8) }}", "{{ '%05d|%-5d|' % (-42, 42) }}", "{{ '%i' % 3.9 }}",
    "{{ '{:+.1%}'.format(0.256) }}", "{{ '{:e}'.format(12345.6789) }}", "{{ '{:g}'.format(0.00001234) }}",
    "{{ '{:x}{:X}{:o}{:b}'.format(255, 255, 8, 5) }}", "{{ '{:#x}'.format(255) }}", "{{ '{:,.2f}'.format(1234567.891) }}",
    "{{ '{:_d}'.format(1000000) }}", "{{ '{:=+8d}'.format(42) }}", "{{ '{:*<8}'.format('ab') }}",
    "{{ '{0.real}'.format(5) }}", "{{ '{0[k]}'.format(_.c | dict) }}", "{{ '{}'.format(none) }}",
    "{{ '{}'.format([1, 'a']) }}", "{{ '{!s:>5}'.format(1.5) }}", "{{ '{:.3}'.format(3.14159) }}",
    "{{ '{:.3}'.format(1234.5) }}", "{{ '{:10.3f}|'.format(-3.14159) }}", "{{ '{:d}'.format(true) }}",
    "{{ '{}'.format(true) }}", "{{ '{:5}|'.format(true) }}", "{{ '{:.2f}'.format(2) }}",
    "{{ _.f * 1e308 * 10 }}", "x {{ -_.f * 1e308 * 10 }}", "{{ [_.f * 1e308 * 10] | tojson }}",
    "{{ '\u00df' | title }}", "{{ '\ufb01x'.capitalize() }}", "{{ '\u0130'.lower() | length }}",
    "{{ [1, [2]] | tojson(indent='ab') }}", "{{ none * 'a' }}", "{{ [1] * [2] }}",
    "{{ 0.1 * 3 }}", "{{ 1 / 3 }}", "{{ 2 / 3 * 3 }}", "{{ 123456789012345678 }}", "{{ 1e15 + 0.3 }}",
    "{{ 9007199254740993 }}", "{{ -0.0 }}", "{{ 5 // -2 }}", "{{ 5 % -2 }}", "{{ -5.5 // 2 }}", "{{ -5.5 % 2 }}",
    "{{ 2 ** 0.5 }}", "{{ 10 ** -2 }}", "{{ (-8) ** 2 }}", "{{ 3 * 'ab' }}", "{{ 'ab' * 0 }}", "{{ [1] * -1 }}",
    "{{ 'a' < 'B' }}", "{{ 'abc' < 'abd' }}", "{{ (1, 2) < (1, 2, 0) }}", "{{ [1, 'a'] == [1, 'a'] }}",
    "{{ {'a': 1} == {'a': 1.0} }}", "{{ 1 == true }}", "{{ 0 == false }}", "{{ none == none }}",
    "{{ 1 in [1.0] }}", "{{ 'a' in ['a'] }}", "{{ (1, 2) in [[1, 2]] }}", "{{ [1, 2] in [(1, 2)] }}",
    "{{ not none }}", "{{ not '' }}", "{{ not [0] }}", "{{ none or 0 or '' or [] or 'last' }}",
    "{{ 1 and 2 and 3 }}", "{{ 'x' if none else 'y' }}", "{{ [] if [] else {} }}",
    "{{ _.c.x ~ _.c.n }}", "{{ _.b ~ _.c }}", "{{ 1 ~ 2.5 ~ true ~ none }}", "{{ ('a' ~ 'b') * 2 }}",
    "{{ range(3) | map('string') | join('-') }}", "{{ range(10) | batch(4) | map('sum') | list }}",
    "{{ range(10) | slice(3) | map('length') | list }}", "{{ dict(_.c, z=1) }}", "{{ dict(a=1) | items | list }}",
    "{{ _.c | list | sort }}", "{{ _.c | length is odd }}", "{{ [3, 1, 2] | sort(reverse=true) | join }}",
    "{{ [{'a': 2}, {'a': 1}] | sort(attribute='a') }}", "{{ [[2, 'b'], [1, 'a']] | sort(attribute='0') }}",
    "{{ ['b', 'A', 'c'] | max }}", "{{ ['b', 'A', 'c'] | max(case_sensitive=true) }}",
    "{{ [1, '1'] | unique | list }}", "{{ [1, 1.0, true] | unique | list }}", "{{ 'aAbB' | list | unique | join }}",
    "{{ _.users | map(attribute='age') | map('string') | join(':') }}", "{{ _.nums | map('pow', 2) | list }}",
    "{{ _.users | sum(attribute='age') / _.users | length }}", "{{ [[1], [2, 3]] | sum(start=[]) }}",
    "{{ _.html | length }}", "{{ _.html | e | length }}", "{{ (_.html | e) ~ '<' }}", "{{ (_.html | e) + '<' }}",
    "{{ '<' + (_.html | e) }}", "{{ _.html | e | upper }}", "{{ _.html | striptags }}", "{{ 'a &amp; b' | striptags }}",
    "{{ 'one\\ntwo' | indent(3, first=true) }}", "{{ 'abc def ghi' | truncate(5) }}", "{{ 'abcdefghij' | truncate(7, true, '!') }}",
    "{{ 'x' | filesizeformat }}", "{{ 5000000000 | filesizeformat(true) }}", "{{ 0 | filesizeformat }}",
    "{{ [1, 2, 3] | join(', ', attribute='missing') }}",
])
many([
    "{% for x in _.b %}{{ loop.index }}{% if loop.first %}F{% endif %}{% if loop.last %}L{% endif %}{% endfor %}",
    "{% for x in _.b|reverse %}{{ x }}{% endfor %}", "{% for x, y in [(1, 'a'), (2, 'b')] %}{{ x }}{{ y }}{% endfor %}",
    "{% for a, (b, c) in [(1, (2, 3))] %}{{ a + b + c }}{% endfor %}", "{% for x in _.users if x.active %}{{ x.name }} {% else %}none{% endfor %}",
    "{% for x in [] if x %}{% else %}empty{% endfor %}", "{% for x in _.c.values() %}[{{ x }}]{% endfor %}",
    "{% for x in range(2) %}{% for y in range(2) %}{{ loop.index }}{{ x }}{{ y }} {% endfor %}{% endfor %}",
    "{% set x = [1, 2] %}{% set y = x + [3] %}{{ y }}", "{% set d = {'a': 1} %}{{ d.a }}{{ d['a'] }}",
    "{% set ns = namespace() %}{% set ns.items = [] %}{{ ns.items }}", "{% set a = b = 1 %}",
    "{% if _.a is defined and _.a > 0 %}pos{% endif %}", "{% if _.b|length > 2 %}long{% else %}short{% endif %}",
    "{% if not _.e %}empty{% endif %}", "{% if _.missing is undefined %}u{% endif %}",
    "{%- if true -%}  x  {%- endif -%}", "  {%- for x in _.b %} {{ x }}{% endfor %}",
    "{% for x in _.b -%}\n  {{ x }}\n{%- endfor %}", "a {#- c -#} b", "{% raw -%}  r  {%- endraw %}",
    "{% macro m(x) -%}\n[{{ x }}]\n{%- endmacro %}{{ m(1) }}{{ m(2) }}",
    "{% macro m(a, b) %}{{ a }}{{ b }}{% endmacro %}{{ m(b=2, a=1) }}",
    "{% macro m(a, b=_.a) %}{{ b }}{% endmacro %}{{ m(0) }}", "{% macro m() %}{{ caller(5) }}{% endmacro %}{% call(x) m() %}<{{ x }}>{% endcall %}",
    "{% macro m() %}x{% endmacro %}{{ m() | length }}", "{% macro m() %}x{% endmacro %}{{ m is callable }}",
    "{% set t %}{% for x in _.b %}{{ x }}{% endfor %}{% endset %}{{ t | int + 1 }}",
    "{% with %}{% set q = 1 %}{{ q }}{% endwith %}{{ q is defined }}", "{% block b %}blk{% endblock %}",
    "{% filter replace('a', 'b') | upper %}banana{% endfilter %}", "{% autoescape true %}{{ _.html }}{% endautoescape %}",
    "{% for x in _.nums | batch(3) %}{{ x | join }};{% endfor %}", "{% for k, v in _.c | dictsort %}{{ k }}{{ v }}{% endfor %}",
    "{% for i in range(3) %}{{ loop.revindex }}{{ loop.cycle('a', 'b', 'c') }}{% endfor %}",
    "{% for u in _.users | sort(attribute='age', reverse=true) %}{{ u.name[0] }}{% endfor %}",
    "{% set x = 1 %}{% macro m() %}{{ x }}{% endmacro %}{% set x = 2 %}{{ m() }}",
    "{{ _.a }}{% set _ = 5 %}{{ _ }}", "{% for _ in [1] %}{{ _ }}{% endfor %}",
])
many([
    "{{ _.c.x.y }}", "{{ _.c.x[0] }}", "{{ _.c.x[5] }}", "{{ _.b['x'] }}", "{{ _.b.x }}", "{{ 1.x }}",
    "{{ _.s.nope() }}", "{{ _.nope() }}", "{{ _.b() }}", "{{ none() }}", "{{ 'a' - 'b' }}", "{{ [] - [] }}",
    "{{ {} + {} }}", "{{ -'a' }}", "{{ 'a' * 'b' }}", "{{ 'a' * 2.0 }}", "{{ 1 < none }}", "{{ none < none }}",
    "{{ [1] < ['a'] }}", "{{ {} < {} }}", "{{ 1 in 5 }}", "{{ 1 in 'abc' }}", "{{ [1] in {} }}", "{{ _.c[[1]] }}",
    "{% for x in none %}{% endfor %}", "{% for a, b in [(1, 2, 3)] %}{% endfor %}", "{% for a, b in [1] %}{% endfor %}",
    "{{ _.nums | sort(attribute='x') }}", "{{ _.users | sort }}", "{{ _.users | map('nope') | list }}",
    "{{ _.users | selectattr('name', 'nope') | list }}", "{{ _.b | sum(attribute='x') }}", "{{ 'abc' | sum }}",
    "{{ _.b | batch(0) | list }}", "{{ _.b | slice(0) | list }}", "{{ 1 | join }}", "{{ _.c | join }}",
    "{{ 'a' | indent(none) }}", "{{ 5 | indent }}", "{{ 5 | truncate }}", "{{ 5 | wordwrap }}",
    "{{ 'x' | center('a') }}", "{{ _.b | dictsort }}", "{{ 1 | items }}", "{{ _.b | attr('x') }}",
    "{{ 1 | tojson(indent='x') }}", "{{ 'x' | format(1) }}", "{{ '%s %s' | format(1) }}", "{{ '%d' | format('a') }}",
    "{{ range('a') }}", "{{ range(1.5) }}", "{{ dict(1) }}", "{{ dict([1]) }}", "{{ dict([[1, 2, 3]]) }}",
    "{{ cycler() }}", "{{ joiner(1, 2) }}", "{{ namespace(1) }}", "{{ 'abc'.split(1) }}", "{{ 'abc'.split('') }}",
    "{{ 'abc'.replace('a') }}", "{{ 'abc'.join(1) }}", "{{ ''.join([1, 2]) }}", "{{ 'abc'.index('z') }}",
    "{{ 'abc'.center() }}", "{{ 'abc'.zfill('x') }}", "{{ 'abc'.startswith(1) }}", "{{ _.b.index(9) }}",
    "{{ (1, 2).index(9) }}", "{{ _.b.count() }}", "{{ '{'.format(1) }}", "{{ '}'.format(1) }}",
    "{{ '{:d}'.format('x') }}", "{{ '{:s}'.format(1) }}", "{{ '{0} {}'.format(1, 2) }}", "{{ '{x}'.format(1) }}",
    "{{ '{0.nope}'.format(1) }}", "{{ '%z' % 1 }}", "{{ '%(a)s' % 1 }}", "{{ '%s' % {} }}", "{{ '%s %s' % [1, 2] }}",
])

# ------------------------------------------------------------- generate


def strip_data(msg, data):
    suffix = ", data=%s]" % (data,)
    if msg.endswith(suffix):
        return msg[: -len(suffix)] + "]"
    return msg


def run(expr, ctx_name, check):
    # a fresh copy: some Python methods mutate the context
    data = copy.deepcopy(CONTEXTS[ctx_name])
    case = {"expr": expr, "ctx": ctx_name}
    if check:
        case["check"] = check
    try:
        if isinstance(expr, str):
            validate(expr)
        else:
            def walk(v):
                if isinstance(v, dict):
                    for x in v.values():
                        walk(x)
                elif isinstance(v, list):
                    for x in v:
                        walk(x)
                else:
                    validate(v)
            walk(expr)
    except Exception as e:  # noqa: BLE001
        case["phase"] = "compile"
        case["error"] = str(e)
        return case
    try:
        r = evaluate_recursively(expr, data)
    except Exception as e:  # noqa: BLE001
        case["phase"] = "eval"
        case["error"] = strip_data(str(e), data)
        return case
    try:
        stored = utils.to_json_str(r)
        case["json"] = "null" if stored is None else stored
    except Exception as e:  # noqa: BLE001
        case["phase"] = "store"
        case["error"] = str(e)
    return case


def main():
    out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "corpus.json")
    cases = [run(*c) for c in CASES]
    doc = {
        "generator": "dsl/expr/testdata/gen_corpus.py",
        "mistral": "15 (Debian python3-mistral), jinja2 3.1, yaql 2.0",
        "engine": ENGINE,
        "contexts": CONTEXTS,
        "cases": cases,
    }
    with open(out, "w") as f:
        json.dump(doc, f, indent=1, ensure_ascii=False, allow_nan=False)
        f.write("\n")
    errs = sum(1 for c in cases if "error" in c)
    print("%d cases (%d errors) -> %s" % (len(cases), errs, out), file=sys.stderr)


if __name__ == "__main__":
    main()
