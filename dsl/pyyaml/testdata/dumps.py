#!/usr/bin/python3
"""Regenerates dumps.json: how PyYAML writes back what it read, as
yaml_dump does (safe_dump(safe_load(text), default_flow_style=False)) and
as Mistral regenerates a definition
(yaml.dump(safe_yaml.load(text), sort_keys=False)).

Usage: /usr/bin/python3 dumps.py > dumps.json
"""
import json

import yaml
from mistral.utils import safe_yaml

LONG = "word " * 30
CASES = [
    "b: 1\na: [x, y]\nc: {z: 1, y: [1, {q: r}]}\n",
    "a: []\nb: {}\nc: ''\nd: ~\ne: true\nf: 1.5\ng: -3\n",
    "- a\n- [b, [c, [d]]]\n- {k: v}\n- []\n",
    "s: ['yes', 'no', 'null', '1', '1.5', '', ' x', 'x ', 'a: b', '- x', '#c', 'a #c', 'true', 'on', '~', '=', '<<', '2001-12-14', '0x1F', '1:30', '.5', '._5', '1e3', '@x', '`x', '%x', '!x', '&x', '*x', '|x', '>x', '\"x', \"'x\", '{x', '[x', '?x', '? x', ':x', ': x', '-', '--- x', '... x', 'x,y', 'x?y', 'x:y']\n",
    "f: [.inf, -.inf, .nan, 1.0, 1e20, 1.5e-7, 100000000000000000.0, 0.1, -0.0]\n",
    "u: ['\u00e9t\u00e9', '\u263a', '\U0001F600', \"tab\\there\", \"nl\\nhere\", \"cr\\rhere\", \"nul\\0\", \"\\x85\", \"\\u2028\", \"\\ufeff\", \"\\x7f\", 'a\\\\b']\n",
    "m: \"line1\\nline2\\n\"\nn: \"\\nleading\"\no: \"trailing \\n\"\np: \"a\\n\\nb\"\nq: \" \\nx\"\n",
    "long: " + LONG + "\n",
    "longq: '" + LONG + ": x'\n",
    "longd: \"" + LONG.replace(" ", "\\u00e9 ") + "\"\n",
    "longnl: \"" + LONG + "\\n" + LONG + "\"\n",
    "? " + "k" * 130 + "\n: v\n",
    "? \"multi\\nline\"\n: v\n",
    "'': empty key\n",
    "a:\n  - b: 1\n    c: [1, 2]\n  - - x\n    - y\n",
    "plain text\n",
    "'yes'\n",
    "12\n",
    "[]\n",
    "~\n",
    "\"\"\n",
    "d: 2001-12-14\nt: 2001-12-14 21:59:43.10 -5\n",
    "w:\n  description: \"" + LONG + "\"\n  tasks:\n    t1:\n      action: std.echo output=\"<% $.x %>\"\n      on-success: [t2]\n",
]

# Keys that are not strings: yaml_parse turns them into strings, Mistral's
# loader keeps their type for the dump.
MISTRAL_ONLY = [
    "1: a\ntrue: b\n~: c\n2.5: d\n",
    "? 2001-12-14\n: d\n1.0: f\n",
]


def dump(f):
    try:
        return {'ok': True, 'out': f()}
    except Exception as e:
        return {'ok': False, 'out': str(e)}


def main():
    out = [{'text': text,
            'safe_dump': dump(lambda: yaml.safe_dump(yaml.safe_load(text), default_flow_style=False)),
            'mistral': dump(lambda: yaml.dump(safe_yaml.load(text), sort_keys=False))}
           for text in CASES]
    out += [{'text': text, 'safe_dump': None,
             'mistral': dump(lambda: yaml.dump(safe_yaml.load(text), sort_keys=False))}
            for text in MISTRAL_ONLY]
    print(json.dumps(out, indent=1))


main()
