#!/usr/bin/python3
"""Time Mistral 15's own expression evaluator on the expressions and data
of dsl/expr's benchmarks (bench_test.go), for comparison:

    /usr/bin/python3 dsl/expr/testdata/bench_mistral.py

Each expression goes through mistral.expressions.evaluate(), as the engine
calls it; the time per evaluation is the best of 5 runs.
"""
import timeit
import warnings

warnings.filterwarnings("ignore")

from mistral import config  # noqa: E402,F401
from mistral.expressions import evaluate  # noqa: E402

DATA = {
    "a": {"b": 1},
    "items": [{"x": i % 2 == 0, "n": i, "y": "v%d" % i} for i in range(100)],
}

EXPRS = [
    ("YAQLPath", "<% $.a.b %>"),
    ("YAQLWhereSelect", "<% $.items.where($.n > 50).select($.y) %>"),
    ("JinjaPath", "{{ _.a.b }}"),
    ("JinjaFilterChain",
     "{{ _['items'] | selectattr('x') | map(attribute='y') | join(',') }}"),
    ("JinjaTemplate", "{% for i in _['items'] if i.x %}{{ i.y }}"
     "{% if not loop.last %},{% endif %}{% endfor %}"),
    ("Interpolation", "a=<% $.a.b %> b=<% $.a %>"),
]

for name, expr in EXPRS:
    evaluate(expr, DATA)
    n = 200
    best = min(timeit.repeat(lambda: evaluate(expr, DATA), number=n,
                             repeat=5)) / n
    print("%-18s %10.1f us/op" % (name, best * 1e6))
