"""Python yaql 2.0 configured exactly as Mistral 15 configures it.

Used by gen_corpus.py (and handy interactively:
``/usr/bin/python3 dsl/yaql/testdata/yaqlref.py '<expr>' '<json data>'``).
The engine options and the input/output conversion follow
mistral/expressions/yaql_expression.py and mistral/config.py ([yaql]
defaults): keyword operator '=>', no delegates, limitIterators=-1,
memoryQuota=-1, convertTuplesToLists=True, convertSetsToLists=False,
iterableDicts=False, convertOutputData=True, convert_input_data=True.
"""
import collections.abc
import datetime
import inspect
import json
import sys

import yaql
from yaql.language import exceptions as yaql_exc
from yaql.language import factory
from yaql.language import utils as yaql_utils

OPTIONS = {
    "yaql.limitIterators": -1,
    "yaql.memoryQuota": -1,
    "yaql.convertTuplesToLists": True,
    "yaql.convertSetsToLists": False,
    "yaql.iterableDicts": False,
    "yaql.convertOutputData": True,
}

ENGINE = factory.YaqlFactory(keyword_operator='=>',
                             allow_delegates=False).create(options=OPTIONS)
ROOT = yaql.create_context()


def parse(text):
    """Parse as Mistral's validate does; returns the error message or None."""
    try:
        ENGINE(text)
    except (yaql_exc.YaqlException, KeyError, ValueError, TypeError) as e:
        return getattr(e, 'message', str(e))
    return None


def evaluate(text, data):
    """Evaluate as Mistral's YAQLEvaluator.evaluate does (raw result)."""
    ctx = ROOT.create_child_context()
    ctx['$'] = yaql_utils.convert_input_data(data)
    if isinstance(data, dict):
        ctx['__env'] = data.get('__env')
        ctx['__execution'] = data.get('__execution')
        ctx['__task_execution'] = data.get('__task_execution')
    result = ENGINE(text.strip()).evaluate(context=ctx)
    if isinstance(result, yaql_utils.FrozenDict):
        return result._d
    if inspect.isgenerator(result) or isinstance(
            result, collections.abc.Iterator):
        return list(result)
    return result


def to_json(v):
    """The result as stored by Mistral, sets tagged {"$set": [...]}.

    Timespans are tagged {"$timespan": str(td)} and non-finite floats
    {"$float": repr(f)} (JSON has neither)."""
    if isinstance(v, (set, frozenset, collections.abc.Set)) and not \
            isinstance(v, collections.abc.Mapping):
        return {"$set": [to_json(x) for x in v]}
    if isinstance(v, collections.abc.Mapping):
        return {json_key(k): to_json(x) for k, x in v.items()}
    if isinstance(v, (list, tuple)):
        return [to_json(x) for x in v]
    if isinstance(v, datetime.datetime):
        return v.strftime('%Y-%m-%dT%H:%M:%S.%f')
    if isinstance(v, datetime.timedelta):
        return {"$timespan": str(v)}
    if isinstance(v, float) and (v != v or v in (float('inf'),
                                                 float('-inf'))):
        return {"$float": repr(v)}
    if v is None or isinstance(v, (bool, int, float, str)):
        return v
    return {"$other": repr(type(v))}


def json_key(k):
    """A dict key as json.dumps writes it."""
    if isinstance(k, str):
        return k
    return json.dumps(k) if k is None or isinstance(k, (bool, int, float)) \
        else str(k)


def run(text, data):
    err = parse(text)
    if err is not None:
        return {"error": {"kind": "grammar", "cause": err}}
    try:
        r = evaluate(text, data)
        return {"result": to_json(r)}
    except Exception as e:
        return {"error": {"kind": type(e).__name__, "cause": str(e)}}


if __name__ == '__main__':
    data = json.loads(sys.argv[2]) if len(sys.argv) > 2 else {}
    print(json.dumps(run(sys.argv[1], data)))
