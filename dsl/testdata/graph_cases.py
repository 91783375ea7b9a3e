#!/usr/bin/python3
"""Regenerates graph_cases.json: for direct workflows mixing task-defaults
and task clauses and policies, what Mistral 15's own spec code computes:
each task's effective clauses, start tasks, inbound tasks and policies.

Usage: /usr/bin/python3 graph_cases.py > graph_cases.json
"""
import itertools
import json
import random

from mistral.engine import policies
from mistral.lang import parser

random.seed(7)
CLAUSES = [None, 't2', '[t3, fail msg="x"]', '[{t2: <% $.a %>}, t3 p=1]',
           '{t2: <% $.x %>}', '{next: [t1, {t3: <% $.b %>}], publish: {branch: {x: 1}}}',
           'noop', '[succeed, pause]']
POLICIES = [None, 'wait-before: 0', 'wait-before: 3', 'timeout: <% $.t %>',
            'retry: count=1 delay=2', 'pause-before: true', 'concurrency: 0',
            'fail-on: <% $.f %>', 'wait-after: 5']


def clause_text(key, v):
    return '%s: %s\n' % (key, v) if v else ''


def build():
    lines = ["version: '2.0'", 'wf:', '  task-defaults:']
    td = ''
    for key in ('on-error', 'on-success', 'on-complete'):
        v = random.choice(CLAUSES)
        td += clause_text(key, v)
    td += (random.choice(POLICIES) or '') + '\n'
    td += (random.choice(POLICIES) or '') + '\n'
    body = [l for l in td.split('\n') if l.strip()]
    if not body:
        body = ['safe-rerun: true']
    text = "version: '2.0'\nwf:\n  task-defaults:\n"
    text += ''.join('    %s\n' % l for l in body)
    text += '  tasks:\n'
    for name in ('t1', 't2', 't3'):
        text += '    %s:\n      action: std.noop\n' % name
        for key in ('on-error', 'on-success', 'on-complete'):
            if random.random() < 0.3:
                v = random.choice(CLAUSES)
                if v:
                    text += '      ' + clause_text(key, v)
        for _ in range(2):
            pol = random.choice(POLICIES)
            if pol and pol.split(':')[0] + ':' not in text.split('    %s:' % name)[-1]:
                text += '      %s\n' % pol
    return text


def main():
    out = []
    while len(out) < 60:
        text = build()
        try:
            spec = parser.get_workflow_list_spec_from_yaml(text)[0]
        except Exception as e:
            out.append({'text': text, 'error': str(e).split('\n')[0]})
            continue
        tasks = {}
        for t in spec.get_tasks():
            n = t.get_name()
            pols = policies.build_policies(t.get_policies(), spec)
            tasks[n] = {
                'on-error': [list(x) for x in spec.get_on_error_clause(n)],
                'on-success': [list(x) for x in spec.get_on_success_clause(n)],
                'on-complete': [list(x) for x in spec.get_on_complete_clause(n)],
                'inbound': [x.get_name() for x in spec.find_inbound_task_specs(t)],
                'policies': sorted(type(p).__name__ for p in pols),
            }
        out.append({'text': text, 'tasks': tasks,
                    'start': [t.get_name() for t in spec.find_start_tasks()]})
    print(json.dumps(out, indent=1))


main()
