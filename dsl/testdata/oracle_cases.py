#!/usr/bin/python3
"""Regenerates validation_cases.json: each case's verdict and first error
line as given by the real Mistral 15 (POST /v2/<endpoint>/validate).

Usage: /usr/bin/python3 oracle_cases.py > validation_cases.json
"""
import json
import urllib.request

WF = 'version: "2.0"\ndsl_wf:\n'


def wf(body, typ=None):
    head = WF + ('  type: %s\n' % typ if typ else '')
    return head + body


T1 = '  tasks:\n    t1:\n      action: std.noop\n'


def task(extra, more=''):
    return wf('  tasks:\n    t1:\n      action: std.noop\n' + extra + more)


T2 = '    t2:\n      action: std.noop\n'

CASES = [
    # Documents and lists.
    ('empty body', 'workflows', ''),
    ('list without version', 'workflows', 'dsl_wf:\n' + T1),
    ('only version', 'workflows', 'version: "2.0"\n'),
    ('version empty string', 'workflows', 'version: ""\ndsl_wf:\n' + T1),
    ('version negative', 'workflows', 'version: -1\ndsl_wf:\n' + T1),
    ('version 3.0 in a list', 'workflows', 'version: "3.0"\ndsl_wf:\n' + T1),
    ('scalar document', 'workflows', 'hello'),
    ('list document', 'workflows', '[1, 2]'),
    ('item not a mapping', 'workflows', 'version: "2.0"\ndsl_wf: 5\n'),
    ('item empty mapping', 'workflows', 'version: "2.0"\ndsl_wf: {}\n'),
    ('item null', 'workflows', 'version: "2.0"\ndsl_wf:\n'),
    ('item with dashes', 'workflows', 'version: "2.0"\ndsl-wf.x:\n' + T1),
    ('workflow name uuid-like', 'workflows', 'version: "2.0"\n8b5a5b3c-6d63-4d0a-9f71-6cba2e1c1e4f:\n' + T1),
    ('workflow name uuid braces', 'workflows', 'version: "2.0"\n"{8B5A5B3C6D634D0A9F716CBA2E1C1E4F}":\n' + T1),
    ('workflow without tasks', 'workflows', wf('  description: x\n')),
    ('tasks empty', 'workflows', wf('  tasks: {}\n')),
    ('tasks not mapping', 'workflows', wf('  tasks: [t1]\n')),
    ('task empty', 'workflows', wf('  tasks:\n    t1: {}\n')),
    ('task null', 'workflows', wf('  tasks:\n    t1:\n')),
    ('task with dash empty', 'workflows', wf('  tasks:\n    t-1: {}\n')),
    ('unknown workflow key', 'workflows', wf('  foo: bar\n' + T1)),
    ('type unknown', 'workflows', wf(T1, 'foo')),
    ('type null', 'workflows', wf('  type:\n' + T1)),
    ('description number', 'workflows', wf('  description: 5\n' + T1)),
    ('input duplicate', 'workflows', wf('  input: [a, a]\n' + T1)),
    ('input two-key map', 'workflows', wf('  input:\n    - a: 1\n      b: 2\n' + T1)),
    ('input empty string', 'workflows', wf('  input: [""]\n' + T1)),
    ('input number', 'workflows', wf('  input: [5]\n' + T1)),
    ('input empty list', 'workflows', wf('  input: []\n' + T1)),
    ('input mapping', 'workflows', wf('  input: {a: 1}\n' + T1)),
    ('input date default', 'workflows', wf('  input:\n    - d: 2020-01-01\n' + T1)),
    ('input nested date', 'workflows', wf('  input:\n    - d: [2020-01-01]\n' + T1)),
    ('input bad key', 'workflows', wf('  input:\n    - a-b: 1\n' + T1)),
    ('output empty', 'workflows', wf('  output: {}\n' + T1)),
    ('output scalar', 'workflows', wf('  output: 5\n' + T1)),
    ('vars empty', 'workflows', wf('  vars: {}\n' + T1)),
    ('tags duplicate', 'workflows', wf('  tags: [a, a]\n' + T1)),
    ('tags empty string', 'workflows', wf('  tags: [""]\n' + T1)),
    ('tags string', 'workflows', wf('  tags: a\n' + T1)),
    ('output bad yaql', 'workflows', wf('  output:\n    x: <% $.a + %>\n' + T1)),
    ('vars bad jinja', 'workflows', wf('  vars:\n    x: "{{ _.a + }}"\n' + T1)),
    ('output nested bad yaql', 'workflows', wf('  output:\n    x:\n      y: <% $.a + %>\n' + T1)),
    # Tasks.
    ('unknown task key', 'workflows', task('      foo: 1\n')),
    ('two unknown task keys', 'workflows', task('      foo: 1\n      bar: 2\n')),
    ('action and workflow', 'workflows', task('      workflow: wf2\n')),
    ('action empty', 'workflows', wf('  tasks:\n    t1:\n      action: ""\n')),
    ('action number', 'workflows', wf('  tasks:\n    t1:\n      action: 5\n')),
    ('task without action', 'workflows', wf('  tasks:\n    t1:\n      description: noop\n')),
    ('task type reverse in direct', 'workflows', task('      type: reverse\n')),
    ('input scalar', 'workflows', task('      input: 5\n')),
    ('input empty string', 'workflows', task('      input: ""\n')),
    ('input empty mapping', 'workflows', task('      input: {}\n')),
    ('input expression', 'workflows', task('      input: <% $.x %>\n')),
    ('input bad key', 'workflows', task('      input:\n        a-b: 1\n')),
    ('input date', 'workflows', task('      input:\n        d: 2020-01-01\n')),
    ('publish empty', 'workflows', task('      publish: {}\n')),
    ('publish scalar', 'workflows', task('      publish: 5\n')),
    ('publish bad yaql', 'workflows', task('      publish:\n        x: <% $.a + %>\n')),
    ('publish bad jinja', 'workflows', task('      publish:\n        x: "{{ _.a + }}"\n')),
    ('publish mixed', 'workflows', task('      publish:\n        x: "{{ _.a }} <% $.b %>"\n')),
    ('publish-on-error bad', 'workflows', task('      publish-on-error:\n        x: <% $.a + %>\n')),
    ('inline param bad yaql', 'workflows', wf('  tasks:\n    t1:\n      action: std.echo output=<% $.a + %>\n')),
    ('inline params quoted', 'workflows', wf('  tasks:\n    t1:\n      action: std.echo output="a b" x=1\n')),
    ('action bad command', 'workflows', wf('  tasks:\n    t1:\n      action: "=x y"\n')),
    ('with-items number', 'workflows', task('      with-items: 5\n')),
    ('with-items empty list', 'workflows', task('      with-items: []\n')),
    ('with-items wrong format', 'workflows', task('      with-items: x in y\n')),
    ('with-items bad array', 'workflows', task('      with-items: x in [1, 2\n')),
    ('with-items bad json', 'workflows', task("      with-items: x in [1, 'a']\n")),
    ('with-items duplicate', 'workflows', task('      with-items: ["x in [1]", "x in [1]"]\n')),
    ('with-items ok', 'workflows', task('      with-items:\n        - x in [1, 2]\n        - y in <% $.ys %>\n      concurrency: 2\n')),
    ('with-items bad expr', 'workflows', task('      with-items: x in <% $.a + %>\n')),
    ('retry missing delay', 'workflows', task('      retry:\n        count: 1\n')),
    ('retry extra key', 'workflows', task('      retry:\n        count: 1\n        delay: 1\n        foo: 1\n')),
    ('retry one line without space', 'workflows', task('      retry: count=1\n')),
    ('retry one line', 'workflows', task('      retry: count=3 delay=1 break-on=<% $.x %>\n')),
    ('retry one line missing delay', 'workflows', task('      retry: count=3 break-on=<% $.x %>\n')),
    ('retry one line word', 'workflows', task('      retry: count=3 delay=x\n')),
    ('retry negative', 'workflows', task('      retry:\n        count: -1\n        delay: 1\n')),
    ('retry expressions', 'workflows', task('      retry:\n        count: <% $.n %>\n        delay: "{{ _.d }}"\n        continue-on: <% $.c %>\n')),
    ('retry break-on literal', 'workflows', task('      retry:\n        count: 1\n        delay: 1\n        break-on: true\n')),
    ('retry bad expression', 'workflows', task('      retry:\n        count: <% $.n + %>\n        delay: 1\n')),
    ('wait-before negative', 'workflows', task('      wait-before: -1\n')),
    ('wait-before float', 'workflows', task('      wait-before: 1.5\n')),
    ('wait-before integral float', 'workflows', task('      wait-before: 1.0\n')),
    ('wait-before string number', 'workflows', task('      wait-before: "1"\n')),
    ('wait-before bool', 'workflows', task('      wait-before: true\n')),
    ('wait-before expression', 'workflows', task('      wait-before: <% $.x %>\n')),
    ('wait-before bad expression', 'workflows', task('      wait-before: <% $.x + %>\n')),
    ('timeout text', 'workflows', task('      timeout: soon\n')),
    ('pause-before string', 'workflows', task('      pause-before: "False"\n')),
    ('pause-before yes', 'workflows', task('      pause-before: yes\n')),
    ('fail-on number', 'workflows', task('      fail-on: 1\n')),
    ('keep-result string', 'workflows', task('      keep-result: "no"\n')),
    ('keep-result bad expr', 'workflows', task('      keep-result: <% $.x + %>\n')),
    ('safe-rerun expr', 'workflows', task('      safe-rerun: <% $.x %>\n')),
    ('target empty', 'workflows', task('      target: ""\n')),
    ('concurrency expression mixed text', 'workflows', task('      concurrency: <% $.x %> items\n')),
    ('task name too long', 'workflows', wf('  tasks:\n    ' + 'a' * 256 + ':\n      action: std.noop\n')),
    ('task name 255', 'workflows', wf('  tasks:\n    ' + 'a' * 255 + ':\n      action: std.noop\n')),
    ('requires in direct', 'workflows', task('      requires: [t2]\n', T2)),
    # Transitions and graph.
    ('on-success unknown task', 'workflows', task('      on-success: t9\n')),
    ('on-error unknown in list', 'workflows', task('      on-error:\n        - t2\n        - t9\n', T2)),
    ('on-success empty string', 'workflows', task('      on-success: ""\n')),
    ('on-success number', 'workflows', task('      on-success: 5\n')),
    ('on-success duplicate', 'workflows', task('      on-success: [t2, t2]\n', T2)),
    ('on-success literal guard', 'workflows', task('      on-success:\n        - t2: true\n', T2)),
    ('on-success bad guard', 'workflows', task('      on-success:\n        - t2: <% $.a + %>\n', T2)),
    ('on-success word without params', 'workflows', task('      on-success: t2 x\n', T2)),
    ('on-success func form without space', 'workflows', task('      on-success: fail(msg=x)\n')),
    ('on-success func form with space', 'workflows', task('      on-success: fail(msg="x y")\n')),
    ('on-success fail msg', 'workflows', task("      on-success:\n        - fail msg='boom <% $.x %>'\n")),
    ('on-success fail bad msg expression', 'workflows', task('      on-success:\n        - fail msg=<% $.a + %>\n')),
    ('on-complete engine commands', 'workflows', task('      on-complete: [noop, succeed, pause]\n')),
    ('single conditional mapping', 'workflows', task('      on-success:\n        t2: <% $.ok %>\n', T2)),
    ('advanced plain publish', 'workflows', task('      on-success:\n        publish: {x: 1}\n')),
    ('advanced publish empty', 'workflows', task('      on-success:\n        publish: {}\n')),
    ('advanced publish branch empty', 'workflows', task('      on-success:\n        publish:\n          branch: {}\n')),
    ('advanced publish name only', 'workflows', task('      on-success:\n        publish:\n          name: x\n')),
    ('advanced ok', 'workflows', task('      on-success:\n        publish:\n          branch: {x: 1}\n          global: {y: <% $.x %>}\n          atomic: {z: 3}\n        next:\n          - t2: <% $.x %>\n', T2)),
    ('advanced bad global expr', 'workflows', task('      on-success:\n        publish:\n          global: {y: <% $.x + %>}\n')),
    ('advanced unknown key', 'workflows', task('      on-success:\n        next: t2\n        foo: 1\n', T2)),
    ('advanced next unknown task', 'workflows', task('      on-success:\n        next: t9\n')),
    ('no start task', 'workflows', wf('  tasks:\n    t1:\n      on-success: t2\n    t2:\n      on-success: t1\n')),
    ('engine command named task', 'workflows', wf('  tasks:\n    t1:\n      on-success: fail\n    fail:\n      action: std.noop\n')),
    ('join all without inbound', 'workflows', task('      join: all\n')),
    ('join 3 with 2 inbound', 'workflows', wf('  tasks:\n    a:\n      on-success: c\n    b:\n      on-success: c\n    c:\n      join: 3\n')),
    ('join one ok', 'workflows', wf('  tasks:\n    a:\n      on-success: c\n    c:\n      join: one\n')),
    ('join 0', 'workflows', task('      join: 0\n')),
    ('join two', 'workflows', task('      join: two\n')),
    ('join negative', 'workflows', task('      join: -1\n')),
    ('two join errors', 'workflows', wf('  tasks:\n    a:\n      on-success: [c, d]\n    c:\n      join: 2\n    d:\n      join: 3\n')),
    ('join task name too long', 'workflows', wf('  tasks:\n    a:\n      on-success: ' + 'j' * 209 + '\n    ' + 'j' * 209 + ':\n      join: all\n')),
    ('defaults unknown key', 'workflows', wf('  task-defaults:\n    foo: 1\n' + T1)),
    ('defaults publish', 'workflows', wf('  task-defaults:\n    publish: {x: 1}\n' + T1)),
    ('defaults on-skip', 'workflows', wf('  task-defaults:\n    on-skip: t1\n' + T1)),
    ('defaults empty', 'workflows', wf('  task-defaults: {}\n' + T1)),
    ('defaults unknown target', 'workflows', wf('  task-defaults:\n    on-error: t9\n' + T1)),
    ('defaults self target', 'workflows', wf('  task-defaults:\n    on-complete: t1\n' + T1)),
    ('defaults all targets', 'workflows', wf('  task-defaults:\n    on-error: t2\n  tasks:\n    t1:\n      action: std.noop\n    t2:\n      action: std.noop\n')),
    ('defaults requires in direct', 'workflows', wf('  task-defaults:\n    requires: t1\n' + T1)),
    ('defaults description', 'workflows', wf('  task-defaults:\n    description: d\n    retry: count=1 delay=1\n' + T1)),
    ('defaults bad policy', 'workflows', wf('  task-defaults:\n    timeout: -5\n' + T1)),
    ('defaults bad guard', 'workflows', wf('  task-defaults:\n    on-error:\n      - t1: <% $.a + %>\n' + T1)),
    ('on-skip in 15', 'workflows', task('      on-skip: t2\n', T2)),
    ('publish-on-skip in 15', 'workflows', task('      publish-on-skip: {x: 1}\n')),
    # Reverse workflows.
    ('reverse requires unknown', 'workflows', wf('  tasks:\n    t1:\n      requires: t9\n', 'reverse')),
    ('reverse requires list', 'workflows', wf('  tasks:\n    t1:\n      action: std.noop\n    t2:\n      requires: [t1]\n', 'reverse')),
    ('reverse on-success', 'workflows', wf('  tasks:\n    t1:\n      on-success: t1\n', 'reverse')),
    ('reverse join', 'workflows', wf('  tasks:\n    t1:\n      join: all\n', 'reverse')),
    ('reverse defaults requires unknown', 'workflows', wf('  task-defaults:\n    requires: [t9]\n  tasks:\n    t1:\n      action: std.noop\n', 'reverse')),
    ('reverse requires duplicate', 'workflows', wf('  tasks:\n    t1:\n      action: std.noop\n    t2:\n      requires: [t1, t1]\n', 'reverse')),
    # YAML.
    ('yaml bad indentation', 'workflows', 'version: "2.0"\ndsl_wf:\n  tasks:\n    t1:\n      action: std.noop\n     on-success: [t2\n'),
    ('yaml two documents', 'workflows', 'version: "2.0"\n---\ndsl_wf: {}\n'),
    ('yaml unknown tag', 'workflows', 'version: !foo "2.0"\ndsl_wf:\n' + T1),
    ('yaml value tag', 'workflows', wf('  vars:\n    x: =\n' + T1)),
    ('yaml anchor text', 'workflows', wf('  vars:\n    x: &a value\n    y: *a\n    z: @home\n' + T1)),
    ('yaml anchored mapping', 'workflows', wf('  vars: &v\n    x: 1\n' + T1)),
    ('yaml bool keys', 'workflows', wf('  vars:\n    on: 1\n' + T1)),
    ('yaml merge key', 'workflows', wf('  tasks:\n    t1:\n      <<: {action: std.noop}\n')),
    ('yaml tab', 'workflows', 'version: "2.0"\ndsl_wf:\n\ttasks: {}\n'),
    ('yaml control character', 'workflows', 'version: "2.0"\x01\n'),
    # Workbooks.
    ('wb empty', 'workbooks', ''),
    ('wb no version no name', 'workbooks', 'description: x\n'),
    ('wb no name', 'workbooks', 'version: "2.0"\n'),
    ('wb version 3', 'workbooks', 'version: 3.0\nname: dsl_wb\n'),
    ('wb version text', 'workbooks', 'version: abc\nname: dsl_wb\n'),
    ('wb version null', 'workbooks', 'version:\nname: dsl_wb\n'),
    ('wb version bool', 'workbooks', 'version: yes\nname: dsl_wb\n'),
    ('wb unknown keys', 'workbooks', 'version: "2.0"\nname: dsl_wb\nfoo: 1\nbar: 2\n'),
    ('wb name empty', 'workbooks', 'version: "2.0"\nname: ""\n'),
    ('wb name number', 'workbooks', 'version: "2.0"\nname: 5\n'),
    ('wb minimal', 'workbooks', 'version: "2.0"\nname: dsl_wb\n'),
    ('wb workflows empty', 'workbooks', 'version: "2.0"\nname: dsl_wb\nworkflows: {}\n'),
    ('wb workflow key dot', 'workbooks', 'version: "2.0"\nname: dsl_wb\nworkflows:\n  wf.1:\n' + T1.replace('  ', '    ', 1).replace('\n    t1', '\n      t1').replace('\n      action', '\n        action')),
    ('wb workflows version 3', 'workbooks', 'version: "2.0"\nname: dsl_wb\nworkflows:\n  version: "3.0"\n  wf1:\n    tasks:\n      t1:\n        action: std.noop\n'),
    ('wb workflow not mapping', 'workbooks', 'version: "2.0"\nname: dsl_wb\nworkflows:\n  wf1: 5\n'),
    ('wb workflow invalid task', 'workbooks', 'version: "2.0"\nname: dsl_wb\nworkflows:\n  wf1:\n    tasks:\n      t1:\n        foo: 1\n'),
    ('wb action without base', 'workbooks', 'version: "2.0"\nname: dsl_wb\nactions:\n  a1:\n    input: [x]\n'),
    ('wb action not mapping', 'workbooks', 'version: "2.0"\nname: dsl_wb\nactions:\n  a1: std.noop\n'),
    ('wb tags dup', 'workbooks', 'version: "2.0"\nname: dsl_wb\ntags: [a, a]\n'),
    ('wb triggers', 'workbooks', 'version: "2.0"\nname: dsl_wb\ntriggers: {}\n'),
    ('wb uuid workflow', 'workbooks', 'version: "2.0"\nname: dsl_wb\nworkflows:\n  8b5a5b3c6d634d0a9f716cba2e1c1e4f:\n    tasks:\n      t1:\n        action: std.noop\n'),
    # Ad-hoc actions.
    ('actions only version', 'actions', 'version: "2.0"\n'),
    ('action without base', 'actions', 'version: "2.0"\ndsl_act:\n  input: [a]\n'),
    ('action empty base', 'actions', 'version: "2.0"\ndsl_act:\n  base: ""\n'),
    ('action unknown key', 'actions', 'version: "2.0"\ndsl_act:\n  base: std.echo\n  foo: 1\n'),
    ('action base-input empty', 'actions', 'version: "2.0"\ndsl_act:\n  base: std.echo\n  base-input: {}\n'),
    ('action input duplicate', 'actions', 'version: "2.0"\ndsl_act:\n  base: std.echo\n  input: [a, a]\n'),
    ('action output anything', 'actions', 'version: "2.0"\ndsl_act:\n  base: std.echo\n  output: [1, {a: b}]\n'),
    ('action output null', 'actions', 'version: "2.0"\ndsl_act:\n  base: std.echo\n  output:\n'),
    ('action output bad expr', 'actions', 'version: "2.0"\ndsl_act:\n  base: std.echo\n  output: <% $.a + %>\n'),
    ('action base bad param', 'actions', 'version: "2.0"\ndsl_act:\n  base: std.echo output=<% $.a + %>\n'),
    ('action base-input bad expr', 'actions', 'version: "2.0"\ndsl_act:\n  base: std.echo\n  base-input:\n    output: <% $.a + %>\n'),
    ('action not mapping', 'actions', 'version: "2.0"\ndsl_act: std.echo\n'),
    ('action tags', 'actions', 'version: "2.0"\ndsl_act:\n  base: std.echo\n  tags: [a, ""]\n'),
]


def main():
    out = []
    for name, endpoint, text in CASES:
        req = urllib.request.Request(
            'http://127.0.0.1:8989/v2/%s/validate' % endpoint,
            data=text.encode(), headers={'Content-Type': 'text/plain'})
        try:
            d = json.load(urllib.request.urlopen(req))
            valid = d['valid']
            err = '' if valid else d.get('error', '').split('\n')[0]
            status = 200
        except urllib.error.HTTPError as e:
            valid, err, status = False, '', e.code
        except ValueError:
            valid, err, status = False, '', 500
        out.append({'name': name, 'endpoint': endpoint, 'text': text,
                    'valid': valid, 'error': err, 'status': status})
    print(json.dumps(out, indent=1))


main()
