#!/usr/bin/python3
"""Regenerates task_cases.json: what Mistral 15's own spec code reads from
task and ad-hoc action definitions (input with inline parameters, action
or workflow name, with-items, join, keep-result, safe-rerun, requires,
base and base-input).

Usage: /usr/bin/python3 task_cases.py > task_cases.json
"""
import json

from mistral.lang import parser

TASKS = [
    'action: std.echo output="a b" x=1',
    'action: std.echo output=Hello',
    'action: std.echo output=1.5 y=[1, 2] z=null',
    'action: std.echo output=x\n  input:\n    output: y\n    other: 2',
    'action: \'std.echo d={"a": 1} e=[1]\'\n  input:\n    d: {b: 2}\n    e: {c: 3}',
    'workflow: sub a=<% $.x %> b="{{ _.y }}"',
    'workflow: sub\n  input: <% $.all %>',
    'action: <% $.name %> p=1',
    'description: just noop',
    'action: std.http url=http://x method=GET',
    "action: std.echo output='it''s'",
    'action: std.echo  output="two  spaces"',
    'with-items: x in [1, 2, 3]\n  action: std.noop',
    'with-items:\n    - x in [1, 2]\n    - y in <% $.ys %>\n    - x in [3]\n  action: std.noop',
    'with-items: "  item-1 in {{ _.items }}"\n  action: std.noop',
    'keep-result: false\n  safe-rerun: <% $.s %>\n  action: std.noop',
    'join: all\n  action: std.noop',
    'join: one\n  action: std.noop',
    'join: 2\n  action: std.noop',
    'target: <% $.host %>\n  action: std.noop',
]

ACTIONS = [
    'base: std.echo output="<% $.a %>"',
    'base: std.echo output=1\n  base-input:\n    output: 2\n    extra: 3',
    'base: std.http url=<% $.u %>\n  base-input:\n    headers: {a: 1}\n  input: [u, {v: 2}]\n  output: <% $.content %>',
    'base: my.base',
]


def main():
    out = []
    for i, body in enumerate(TASKS):
        text = "version: '2.0'\nwf:\n  tasks:\n    src:\n      action: std.noop\n      on-success: t\n    src2:\n      action: std.noop\n      on-success: t\n    t:\n      %s\n" % body.replace('\n', '\n    ')
        spec = parser.get_workflow_list_spec_from_yaml(text)[0]
        t = spec.get_tasks()['t']
        out.append({'kind': 'task', 'text': text, 'expect': {
            'action': t.get_action_name(), 'workflow': t.get_workflow_name(),
            'type': t.get_type(), 'input': t.get_input(),
            'with_items': t.get_with_items(), 'join': t.get_join(),
            'keep_result': t.get_keep_result(), 'safe_rerun': t.get_safe_rerun(),
            'target': t.get_target(), 'spec': t.to_dict()}})
    for body in ACTIONS:
        text = "version: '2.0'\nact:\n  %s\n" % body
        a = parser.get_action_list_spec_from_yaml(text)[0]
        out.append({'kind': 'action', 'text': text, 'expect': {
            'base': a.get_base(), 'base_input': a.get_base_input(),
            'input': list(a.get_input().keys()), 'output': a.get_output(),
            'spec': a.to_dict()}})
    text = ("version: '2.0'\nwf:\n  type: reverse\n  task-defaults:\n    requires: [a]\n"
            "  tasks:\n    a:\n      action: std.noop\n    b:\n      requires: a\n"
            "    c:\n      requires: [b, c]\n")
    spec = parser.get_workflow_list_spec_from_yaml(text)[0]
    out.append({'kind': 'reverse', 'text': text, 'expect': {
        t.get_name(): sorted(spec.get_task_requires(t)) for t in spec.get_tasks()}})
    print(json.dumps(out, indent=1))


main()
