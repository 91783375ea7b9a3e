#!/usr/bin/python3
"""Generate corpus.json: YAQL cases with results from the real Python yaql.

Re-run from the repository root with the Debian packages python3-yaql and
python3-mistral installed (yaql 2.0.0, as Mistral 15 uses it):

    /usr/bin/python3 dsl/yaql/testdata/gen_corpus.py

Every case is evaluated by yaqlref.py, which configures yaql exactly as
Mistral 15 does (engine options, input and output conversion). Each case in
corpus.json holds the expression, its data context ($: "ctx" names one of
the shared "contexts", or "data" holds it inline), and either the
expected result (sets tagged {"$set": [...]}, timespans {"$timespan": str})
or the expected error (kind: the Python exception class or "grammar";
cause: its message). Cases whose result is random or time-dependent carry
"check": "type" and are compared by type only.
"""
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import randgen  # noqa: E402
import yaqlref  # noqa: E402

D = {
    "a": 1, "b": [1, 2, 3], "c": {"x": "y", "n": 2}, "s": "Hello World",
    "f": 2.5, "t": True, "n": None, "e": [], "m": {},
    "users": [
        {"name": "alice", "age": 30, "tags": ["x", "y"], "active": True},
        {"name": "bob", "age": 25, "tags": [], "active": False},
        {"name": "carol", "age": 35, "tags": ["y"], "active": True},
    ],
    "nested": {"l1": {"l2": {"l3": "deep"}}, "list": [{"k": 1}, {"k": 2}]},
    "vm": [{"id": "1", "status": "ACTIVE"}, {"id": "2", "status": "ERROR"},
           {"id": "3", "status": "ACTIVE"}],
    "__env": {"url": "http://x"},
    "str_num": "42", "mixed": [3, "a", None, 1.5, True],
    "words": ["pear", "apple", "fig", "banana"],
}

CASES = []


def add(expr, data=None, check=None):
    CASES.append((expr, D if data is None else data, check))


def many(exprs, data=None, check=None):
    for e in exprs:
        add(e, data, check)


# --- literals and lexical forms ---------------------------------------
many([
    "1", "123456789", "1.5", "0.25", "12.0", "007", "true", "false", "null",
    "'abc'", '"abc"', "`abc`", "'a\\'b'", '"a\\"b"', "'a\\nb'", "'tab\\there'",
    "'\\x41\\u00e9\\U0001F600'", "'\\101'", "'back\\\\slash'", "'\\q'",
    "`raw\\n`", "`a\\`b`", "abc", "my_task", "ERROR", "_x", "Élan", "$",
    "$.a", "$1", "$x", "[]", "[1, 2, 3]", "[1, [2, [3]]]", "{}",
    "{a => 1, 'b c' => 2}", "{1 => 2}", "{null => 1}", "{[1] => 2}",
    "{a => 1, a => 2}", "{'k' + 'x' => 1}", "( 1 )", "((((1))))",
    "  1  ", "\t1\n", "1 +\n 2", "[1,]", "[,1]", "[1,,2]", "$.b[0]",
    "-1", "+1", "--1", "- -1", "-1.5", "-$.a", "not not true", "-(1)",
    "'\\xZZ'", "'\\u00eZ'", "'\\U12345678'", "'\\N{NOPE}'",
])

# --- grammar errors -----------------------------------------------------
many([
    "", " * ", "1 +", "(1", "1)", "[1", "]", "{a => 1", "f(", "f(1,)",
    "f(a=>1, 2)", "f(,a=>1)", "f(1,,,a=>2)", "f(a=>1,,b=>2)", "a => b",
    "1 2", "1.5 2", "true 1", "null)", "'abc' 'x'", "$x foo", "abs( -1 , )",
    "$.__env", "__x", "12abc", "1.5abc", "$.a:b", "1 ! 2", "a ? b", "#a",
    "@", "'unterminated", "\"x", "`y", "f (1)", "$ (1)", "$ {a=>1}",
    "1 = = 2", "->", "a ->", "not", "-", "1 and", "[1 2]", "{1 2}",
    "f(a=>b=>c)", "(a => b)", "1..2", "$.", "$..a", "x?.", "a?b",
    "1 mod", "mod 1", "in", "1 in", "\u00a01", "a;b", "1 ~ 2", "a=>",
])

# --- arithmetic ---------------------------------------------------------
many([
    "1 + 2", "1 - 2", "2 * 3", "7 / 2", "-7 / 2", "7 / -2", "7.0 / 2",
    "7 / 2.0", "1 / 0", "1.0 / 0", "7 mod 3", "-7 mod 3", "7 mod -3",
    "-7.5 mod 2", "7.5 mod 2", "1 mod 0", "1.0 mod 0", "2.5 * 2", "0.1 + 0.2",
    "1e3", "3 * 'ab'", "'ab' * 3", "'ab' * 0", "'ab' * -1", "[1] * 3",
    "3 * [1, 2]", "$.b * 2", "true + 1", "1 + true", "true * 'x'",
    "'a' + 'b'", "'a' + 1", "1 + 'a'", "[1] + [2]", "$.b + $.b",
    "$.b + [4]", "{a=>1} + {b=>2}", "{a=>1} + {a=>2}", "$.c + {z=>1}",
    "null + 1", "1 + null", "1 - 'a'", "'a' - 'b'", "$.b - [1]",
    "2 * 2.5", "10 / 4", "10.0 / 4", "-10 / 4", "9999999999 * 9999",
    "1.5 + 1", "+'a'", "-'a'", "-[1]", "-null", "-true", "1 + 2 * 3",
    "(1 + 2) * 3", "2 * 3 + 4 * 5", "10 - 2 - 3", "100 / 10 / 2",
    "2 * -3", "-2 * 3", "1 - -1", "$.f * 2", "$.a + $.f", "0.5 + 0.25",
    "1.0", "3.0 * 2", "1 / 3.0", "2 / 3", "-1 mod 5", "5 mod 2.5",
    "123456789 * 1000", "0 * -1", "-0.0", "0.0 * -1",
])

# --- comparisons and equality ------------------------------------------
many([
    "1 = 1", "1 = 1.0", "true = 1", "false = 0", "null = null", "1 = '1'",
    "'a' = 'a'", "[1, 2] = [1, 2]", "$.b = [1, 2, 3]", "{a=>1} = {a=>1}",
    "$.c = {x => y, n => 2}", "$.c = {n => 2, x => y}", "1 != 2",
    "1 != 1.0", "null != null", "1 < 2", "2 < 1", "1 <= 1", "2 >= 3",
    "1 > 0.5", "1.5 < 2", "'a' < 'b'", "'b' < 'a'", "'a' < 'ab'",
    "'B' < 'a'", "1 < 'a'", "'a' < 1", "null < 1", "1 < null",
    "null < null", "null <= null", "null > null", "null >= null",
    "null > 1", "1 > null", "null >= 1", "1 >= null", "null <= 'a'",
    "[1] < [2]", "{a=>1} < {a=>2}", "true < 2", "true > false",
    "'abc' = 'ABC'", "set(1, 2) = set(2, 1)", "set(1) < set(1, 2)",
    "set(1, 2) <= set(1, 2)", "set(1, 2) > set(1)", "set(1, 2) >= set(3)",
    "$.a = 1 and $.f > 2", "1 < 2 = true", "[1] = [1.0]", "[] = []",
    "{} = {}", "'a' in 'abc'", "'d' in 'abc'", "1 in [1, 2]",
    "3 in [1, 2]", "1 in $.b", "null in [null]", "'x' in $.c",
    "'x' in $.c.keys()", "1 in set(1, 2)", "[1] in [[1], 2]",
    "'a' in ['a']", "1 in 'abc'", "'a' in null", "2 in range(5)",
    "$.s = 'Hello World'", "$.n = null", "$.t = true", "'1' = 1",
])

# --- boolean logic ------------------------------------------------------
many([
    "true and false", "true and true", "false or true", "false or false",
    "not true", "not false", "not null", "not 0", "not ''", "not []",
    "not [1]", "not {}", "1 and 2", "0 and 2", "1 or 2", "0 or 2",
    "null or 'x'", "'' or 'y'", "[] or [1]", "null and 1", "true and null",
    "not 1 = 2", "not (1 = 2)", "1 = 1 and 2 = 2 or false",
    "false or true and false", "true or 1/0", "false and 1/0",
    "false or 1/0", "bool(1)", "bool(0)", "bool('')", "bool('a')",
    "bool([])", "bool(null)", "bool({a=>1})", "isBoolean(true)",
    "isBoolean(1)", "isBoolean(null)", "not $.t", "$.t and $.a",
    "$.n or $.a", "not $.e", "not $.m",
])

# --- data access ---------------------------------------------------------
many([
    "$.a", "$.b", "$.c.x", "$.c.missing", "$.missing", "$.nested.l1.l2.l3",
    "$.nested.l1.l2.missing", "$.nested.list.k", "$.users.name",
    "$.users.tags", "$.users[0].name", "$.users[-1].age", "$.users[3]",
    "$.b[1]", "$.b[-1]", "$.b[-4]", "$.b[5]", "$.b['x']", "$.b[1.0]",
    "$.b[true]", "$.c['x']", "$.c[x]", "$['a']", "$[a]", "$.c['missing']",
    "$.c['missing', 'dflt']", "$.c[x, 'dflt']", "$.c[null]", "$.c[[1]]",
    "$.s[0]", "$.s.x", "$.a.x", "$.n.x", "$.n?.x", "$.c?.x", "$.n?.x.y",
    "$.b?.x", "$.users?.name", "$.t.x", "$.f.x", "$.e.x", "$.m.x",
    "$.mixed[2]", "$.str_num", "$.c.get(x)", "$.c.get(missing)",
    "$.c.get(missing, 5)", "$.c.get('n')", "$.users.where($.active).name",
    "$.vm.where($.status = 'ACTIVE').select($.id)", "$.vm.status",
    "$.vm[0]", "$.nested.list[1].k", "$.nested['l1']['l2']",
    "[1, 2, 3][0]", "[[1, 2], [3]][0][1]", "{a => {b => 2}}.a.b",
    "{a => 1}[a]", "$.b.len()", "$.c.len()", "$.s.len()", "len($.b)",
    "len($.c)", "len($.s)", "len(null)", "len(1)", "$.a.len()",
    "$__env", "$__env.url", "$__execution", "$.__env", "$1.a", "$.c.n * 2",
    "$.b[0] + $.b[1]", "$.users.len()", "$.b.x", "$[0]", "$.e[0]",
    "$.users.age.max()", "$.x?.y", "$.c?.n", "{a=>null}.a?.b",
])

# --- strings ------------------------------------------------------------
many([
    "'abc'.toUpper()", "'ABC'.toLower()", "'Straße'.toUpper()", "'ÀÉ'.toLower()",
    "toUpper('a')", "'a b  c'.split()", "'a,b,,c'.split(',')",
    "'a,b,c'.split(',', 1)", "'  a b '.split()", "'a b c'.split(maxSplits => 1)",
    "'a,b,c'.rightSplit(',', 1)", "'a b c'.rightSplit()", "''.split()",
    "''.split(',')", "'abc'.split('')", "'a\\tb\\nc'.split()",
    "'a b c'.rightSplit(null, 1)", "['a', 'b'].join(',')", "','.join(['a', 'b'])",
    "[1, 2].join('-')", "[1, null, true, 1.5].join(',')", "[].join(',')",
    "join([1], ',')", "'-'.join($.b)", "$.b.join(', ')", "['a'].join(1)",
    "'  x  '.trim()", "'xxaxx'.trim('x')", "'  x  '.trimLeft()",
    "'  x  '.trimRight()", "'abcba'.trimLeft('ab')", "'abcba'.trimRight('ab')",
    "'  '.norm()", "' a '.norm()", "norm(null)", "'xax'.norm('x')",
    "'  '.isEmpty()", "''.isEmpty()", "' a '.isEmpty()", "isEmpty(null)",
    "'  '.isEmpty(trim => false)", "'xx'.isEmpty(chars => 'x')",
    "'hello'.replace('l', 'L')", "'hello'.replace('l', 'L', 1)",
    "'hello'.replace('', '-')", "'hello'.replace({h => 'J', o => 0})",
    "'aaa'.replace({a => b}, 2)", "'hello'.substring(1)", "'hello'.substring(1, 3)",
    "'hello'.substring(-3)", "'hello'.substring(-3, 2)", "'hello'.substring(10)",
    "'hello'.substring(1, -1)", "'hello'.indexOf('l')", "'hello'.indexOf('z')",
    "'hello'.indexOf('l', 3)", "'hello'.indexOf('l', -2)", "'hello'.indexOf('l', 0, 2)",
    "'hello'.indexOf('l', 1, 3)", "'hello'.indexOf('', 2)", "'hello'.lastIndexOf('l')",
    "'hello'.lastIndexOf('l', 0, 3)", "'hello'.lastIndexOf('z')",
    "'héllo'.indexOf('l')", "'héllo'.len()", "'abc'.toCharArray()",
    "''.toCharArray()", "concat('a', 'b', 'c')", "concat()", "concat('a', 1)",
    "concat([1], [2])", "'{0}-{1}'.format(1, 2)", "format('{0}', 'x')",
    "'{}{}'.format(1, 2)", "'{a}'.format(a => 1)", "'{0:05.2f}'.format(3.14159)",
    "'{0:>5}'.format('x')", "'{0:<5}|'.format('x')", "'{0:^5}|'.format('x')",
    "'{0:*^7}'.format('x')", "'{:,}'.format(1234567)", "'{:x}'.format(255)",
    "'{:#x}'.format(255)", "'{:b}'.format(5)", "'{:o}'.format(8)",
    "'{:e}'.format(12345.678)", "'{:.3g}'.format(1234.5)", "'{:g}'.format(0.0001)",
    "'{:%}'.format(0.25)", "'{:.1%}'.format(0.256)", "'{:+d}'.format(5)",
    "'{: d}'.format(5)", "'{:010}'.format(-3)", "'{:.3}'.format('abcdef')",
    "'{0!r}'.format('x')", "'{0!s}'.format([1])", "'{0}'.format([1, 'a'])",
    "'{0}'.format({a => 1})", "'{0}'.format(null)", "'{0}'.format(true)",
    "'{0[a]}'.format({a => 1})", "'{0[1]}'.format([5, 6])", "'{0.a}'.format({a => 1})",
    "'{1}'.format(1)", "'{a}'.format(1)", "'{} {0}'.format(1)", "'{0} {}'.format(1)",
    "'{'.format(1)", "'}'.format(1)", "'{{}}'.format(1)", "'{0:d}'.format(1.5)",
    "'{0:x}'.format('a')", "'{0:5}'.format(null)", "'{0:{1}}'.format(3, 5)",
    "'{:,.2f}'.format(1234567.891)", "'{:_x}'.format(123456789)",
    "'{:c}'.format(65)", "'{:n}'.format(1234.5)", "'{}'.format(1.0)",
    "'{}'.format(0.1)", "'{:.2}'.format(1.0)", "'{:g}'.format(100000.0)",
    "'{:g}'.format(1000000.0)", "'{:E}'.format(0.5)", "'{:G}'.format(1e-10)",
    "'{:=^10.3f}'.format(-3.14159)", "'{:+.2e}'.format(0)", "'{:d}'.format(true)",
    "'{:5}'.format(true)", "'{0!x}'.format(1)", "'{:s}'.format(1)",
    "'%s' + 'x'", "'abc' * 2", "'hello world'.startsWith('hello')",
    "'hello'.startsWith('x', 'he')", "'hello'.endsWith('lo')", "'hello'.endsWith('x')",
    "'a' < 'b'", "str(1)", "str(1.5)", "str(null)", "str(true)", "str(false)",
    "str('x')", "str([1, 'a'])", "str($.b)", "str($.c)", "str({a => [1]})",
    "str(1.0)", "str(1e16 * 10)", "str(0.1 + 0.2)", "str(-0.0)",
    "str(set(1))", "str(set())", "str([])", "str([1])", "str($.e)",
    "str('a b'.split())", "str($.b.toList())", "str(list(1, 2))",
    "str($.c.keys())", "str($.c.values())", "str($.c.items())", "str($.n)",
    "str(range(2).toList())", "str([1, 2].toDict($, $))",
    "str([1, 2].toDict($, $).keys())", "str(regex('a'))",
    "str(regex('a', ignoreCase => true))", "str(regex('a', true, true, true))",
    "str('it''s')", "str(\"it's\")", "str([\"it's\"])", "str(['a\\nb'])",
    "str([1.5, null, true, false])", "str({a => null})",
    "isString('a')", "isString(1)", "isString(null)", "hex(255)", "hex(-255)",
    "hex(0)", "hex(1.5)", "hex(null)", "'abc' + 'def' + 'g'",
    "'x'.len()", "''.len()", "'hello'.toUpper().toLower()",
    "'Hello World'.toLower().split(' ').join('_')",
    "'a-b-c'.replace('-', '')", "'abc'.indexOf('c', 10)",
    "'AbC'.toUpper() = 'ABC'", "$.s.split(' ')[1]", "$.s.toUpper()",
    "$.s.substring(0, 5)", "$.s.replace('World', 'There')",
    "$.str_num + '1'", "int($.str_num) + 1", "'a'.toUpper(1)",
    "1.toUpper()", "null.toUpper()", "[1].toUpper()", "'abc'.join(',')",
])
add("characters(digits => true).len()")
add("characters(octdigits => true).orderBy($).toList()")
add("characters(asciiLowercase => true, digits => true).len()")
add("characters(letters => true)")
add("characters()")

# --- math -----------------------------------------------------------------
many([
    "abs(-5)", "abs(5)", "abs(-2.5)", "abs('a')", "abs(null)", "abs(true)",
    "int('5')", "int(' 42 ')", "int('-7')", "int('1_000')", "int('3.5')",
    "int('abc')", "int('')", "int(3.9)", "int(-3.9)", "int(null)", "int(true)",
    "int([1])", "int({})", "float('2.5')", "float('1e3')", "float(' 3 ')",
    "float('inf')", "float('-Infinity')", "float('abc')", "float(2)",
    "float(null)", "float(true)", "float([1])", "round(12.52)", "round(12.5)",
    "round(13.5)", "round(-2.5)", "round(2.675, 2)", "round(1234.5678, -2)",
    "round(5)", "round(15, -1)", "round(25, -1)", "round(1.5, 0)",
    "round(0.125, 2)", "round('a')", "round(1.23456, 3)", "round(-0.4)",
    "sign(-3)", "sign(0)", "sign(2.5)", "sign(-0.1)", "pow(2, 10)",
    "pow(2, -1)", "pow(2.0, 3)", "pow(2, 3, 5)", "pow(3, 2, -4)",
    "pow(0, -1)", "pow(2, 0.5)", "pow(-8, 1.0 / 3)", "pow(2, 3, 0)",
    "pow(2.5, 2, 3)", "pow(10, 20)", "max(1, 2)", "max(2, 1)", "max('a', 'b')",
    "max(null, 1)", "max(1, null)", "max(1, 'a')", "min(1, 2)", "min(3, 2.5)",
    "min(null, 1)", "min('b', 'a')", "bitwiseAnd(12, 10)", "bitwiseOr(12, 10)",
    "bitwiseXor(12, 10)", "bitwiseNot(5)", "bitwiseNot(-1)", "shiftBitsLeft(1, 4)",
    "shiftBitsRight(256, 4)", "shiftBitsRight(-16, 2)", "shiftBitsLeft(1, -1)",
    "bitwiseAnd(true, 3)", "bitwiseAnd(1.5, 3)", "isInteger(1)", "isInteger(1.0)",
    "isInteger(true)", "isInteger('1')", "isNumber(1)", "isNumber(1.5)",
    "isNumber(true)", "isNumber(null)", "random() < 1", "random(1, 1)",
    "random(5, 5) = 5", "1 + 2 * 3 - 4 / 2", "(1 + 2) * (3 - 4) / 2",
    "-$.a * 2", "abs($.f - 5)", "$.b.sum() / $.b.len()",
    "float($.b.sum()) / $.b.len()", "round($.f)", "int($.f)",
    "max($.a, $.f)", "round(2.5) + round(3.5)", "int('٣')",
])
add("random()", check="type")
add("random(1, 10)", check="type")

# --- collections: construction -------------------------------------------
many([
    "list(1, 2, 3)", "list()", "list([1, 2])", "list($.b.select($))",
    "list($.b.select($), 4)", "list(null)", "[1, 2].toList()",
    "$.b.select($ * 2).toList()", "range(3).toList()", "'a'.toList()",
    "set(1, 2, 2)", "set()", "set([1, 2])", "set($.b.select($))",
    "$.b.toSet()", "[1, 1, 2].toSet()", "set(1, 'a', null)",
    "dict(a => 1, b => 2)", "dict([[a, 1], [b, 2]])", "dict($.c.items())",
    "dict([['a', 1], [2, 3]])", "dict([[1]])", "dict(['ab', 'cd'])",
    "dict([1])", "dict()", "$.b.toDict($, $ * $)", "$.users.toDict($.name, $.age)",
    "$.users.toDict($.name)", "[[1, 2]].toDict($[0], $[1])",
    "$.words.toDict($.len(), $)", "[1, 2].toDict(str($))",
    "range(5)", "range(2, 5)", "range(0, 10, 3)", "range(5, 0, -2)",
    "range(1, 2, 0)", "range(-2)", "range('a')", "range(1.5)",
    "sequence().take(3)", "sequence(5).take(2)", "sequence(0, -2).take(3)",
    "sequence(1, 1).skip(2).take(2)", "1.repeat(3)", "'x'.repeat(0)",
    "null.repeat(2)", "[1, 2].repeat(2)", "1.repeat().take(3)",
    "[1, 2].cycle().take(5)", "[].cycle().take(2)", "isList([1])",
    "isList('a')", "isList({})", "isList(set(1))", "isList('a b'.split())",
    "isList($.b.select($))", "isDict({})", "isDict($.c)", "isDict([])",
    "isSet(set())", "isSet([])", "isSet($.c.keys())", "isIterable([])",
    "isIterable('a')", "isIterable({})", "isIterable(set())",
    "isIterable($.b.select($))", "isIterable(null)",
])

# --- collections: queries -------------------------------------------------
many([
    "$.b.select($ * 2)", "$.b.where($ > 1)", "$.b.filter($ > 1)",
    "$.b.map($ + 1)", "$.users.where($.age > 26).select($.name)",
    "$.users.select([$.name, $.age])", "$.users.select({n => $.name})",
    "$.b.select($ * $).where($ > 2)", "$.b.where(true)", "$.b.where(false)",
    "$.b.where($)", "[0, 1, null, '', 'a'].where($)", "$.b.select(1)",
    "$.b.select($1)", "$.b.select($.x)", "[].select($)", "null.select($)",
    "$.c.select($)", "$.s.select($)", "$.b.selectMany([$, $])",
    "[[1, 2], [3]].selectMany($)", "['ab', 'c'].selectMany($)",
    "$.users.selectMany($.tags)", "$.b.skip(1)", "$.b.skip(5)", "$.b.skip(-1)",
    "$.b.take(2)", "$.b.limit(0)", "$.b.take(-1)", "$.b.skip(1).take(1)",
    "$.b.append(4, 5)", "append($.b, 4)", "$.b.concat([4], [5])",
    "concat($.b, [4])", "[1, 1, 2, 1].distinct()", "$.users.distinct($.active)",
    "[[1], [1]].distinct()", "[{a => 1}, {a => 1}].distinct()",
    "$.b.enumerate()", "$.b.enumerate(1)", "enumerate($.b, 10)",
    "$.b.enumerate(null)", "$.b.any()", "[].any()", "[0, null].any()",
    "$.b.any($ > 2)", "$.b.any($ > 5)", "$.b.all()", "[].all()",
    "[1, 0].all()", "$.b.all($ > 0)", "$.users.all($.age > 26)",
    "$.b.len()", "$.b.select($).len()", "$.b.where($ > 1).count()",
    "$.b.count()", "range(10).count()", "$.b.sum()", "[].sum()",
    "[].sum(0)", "$.b.sum(10)", "[1.5, 2].sum()", "['a', 'b'].sum()",
    "[[1], [2]].sum()", "[1, 'a'].sum()", "$.b.max()", "$.b.min()",
    "[].max()", "[].max(0)", "['b', 'a'].min()", "[3, null].max()",
    "[3, null].min()", "$.users.age.max()", "$.b.first()", "[].first()",
    "[].first(5)", "[].first(null)", "$.b.last()", "[].last()", "[].last(7)",
    "$.b.select($).last()", "$.b.where($ > 5).last(0)", "[1].single()",
    "$.b.single()", "[].single()", "$.b.orderBy($)", "$.b.orderByDescending($)",
    "$.words.orderBy($)", "$.words.orderBy($.len())",
    "$.words.orderBy($.len()).thenBy($)", "$.words.orderByDescending($.len()).thenByDescending($)",
    "$.users.orderBy($.age).name", "$.users.orderByDescending($.age).select($.name)",
    "[3, 1, 2].orderBy($).toList()", "[1, 'a'].orderBy($)", "[null, 2, 1].orderBy($)",
    "[[2], [1]].orderBy($)", "$.b.thenBy($)", "$.users.orderBy($.active).thenBy($.name).name",
    "[2, 1, 3].orderBy(-$)", "$.b.groupBy($ mod 2)", "$.users.groupBy($.active, $.name)",
    "$.users.groupBy($.active, $.age, $.sum())", "$.words.groupBy($.len())",
    "[1, 2, 3, 4].groupBy($ mod 2, $, [$[0], $[1].sum()])",
    "$.b.groupBy($ > 1, $ * 10, $.len())", "[[1], [1]].groupBy($)",
    "$.b.zip([4, 5, 6])", "$.b.zip([4])", "$.b.zip([4, 5], [7, 8])",
    "$.b.zipLongest([4])", "$.b.zipLongest([4], default => 0)",
    "[1, 2].join([2, 3], $1 = $2, [$1, $2])",
    "$.users.join($.vm, $1.age > 26 and $2.status = ERROR, [$1.name, $2.id])",
    "[1, 2].join([], true, $1)", "$.b.takeWhile($ < 3)", "$.b.skipWhile($ < 2)",
    "$.b.indexOf(2)", "$.b.indexOf(9)", "[1, 2, 1].lastIndexOf(1)",
    "$.b.indexWhere($ > 1)", "$.b.indexWhere($ > 9)", "[1, 2, 1].lastIndexWhere($ = 1)",
    "range(7).slice(3)", "$.b.slice(1)", "$.b.slice(0)", "$.b.slice(-1)",
    "range(10).splitWhere($ mod 3 = 0)", "[1, 2, 3, 1, 2].splitWhere($ = 1)",
    "range(10).sliceWhere($ < 5)", "[1, 1, 2, 2, 1].sliceWhere($)",
    "$.b.splitAt(1)", "$.b.splitAt(-1)", "$.b.splitAt(10)",
    "$.b.aggregate($1 + $2)", "$.b.aggregate($1 + $2, 10)", "[].aggregate($1 + $2)",
    "[].aggregate($1 + $2, 0)", "$.b.reduce($1 * $2)", "$.b.accumulate($1 + $2)",
    "$.b.accumulate($1 + $2, 100)", "[].accumulate($1 + $2)", "[].accumulate($1, 1)",
    "$.b.reverse()", "'a b'.split().reverse()", "$.b.memorize()",
    "$.b.select($).memorize()", "$.b.defaultIfEmpty([0])", "[].defaultIfEmpty([0])",
    "$.b.where($ > 5).defaultIfEmpty([9])", "$.b.select($).defaultIfEmpty([9])",
    "[[1, [2]], [3]].flatten()", "$.b.flatten()", "[['a', ['bc']]].flatten()",
    "[{a => 1}, [2]].flatten()", "[1, 2, 3].contains(2)", "$.b.contains(9)",
    "$.users.select($.name).contains(bob)", "$.b.delete(0)", "$.b.delete(1, 2)",
    "$.b.delete(1, -1)", "$.b.replace(0, 9)", "$.b.replace(1, 9, 2)",
    "$.b.replace(1, 9, -1)", "$.b.replaceMany(1, [7, 8])", "$.b.replaceMany(0, [], 2)",
    "$.b.insert(1, 9)", "$.b.insert(-1, 9)", "$.b.insert(10, 9)",
    "$.b.select($).insert(1, 9)", "$.b.select($).insert(5, 9)",
    "set(1).insert(0, 2)", "$.b.insertMany(1, [7, 8])", "$.b.insertMany(-1, [7])",
    "$.b.insertMany(10, [7])", "str($.b.insert(0, 0))",
    "generate(1, $ < 20, $ * 2)", "generate(1, $ < 5, $ + 1, $ * 10)",
    "generate(0, true, ($ + 1) mod 3, decycle => true)",
    "generateMany(1, [$ * 2, $ * 3].where($ < 20), decycle => true)",
    "generateMany(1, [$ * 2, $ * 3].where($ < 10), depthFirst => true)",
    "generateMany([1, [2, [3]]], $.where(isList($)).selectMany($))",
    "$.b.where($ > 1).select($ * 10).where($ < 30)",
    "$.vm.where($.status = ACTIVE).id", "$.b.select($ + $.len())",
])

# --- dicts and sets --------------------------------------------------------
many([
    "$.c.keys()", "$.c.values()", "$.c.items()", "$.c.items().toList()",
    "$.c.keys().toList()", "$.c.values().toList()", "$.c.items().select($[0])",
    "$.c.keys().len()", "$.c.values().len()", "$.c.containsKey(x)",
    "$.c.containsKey(z)", "$.c.containsKey([1])", "$.c.containsValue(2)",
    "$.c.containsValue(9)", "$.c.set(q, 1)", "$.c.set(x, 1)",
    "$.c.set({p => 1, x => 2})", "$.c.set(p => 1, q => 2)", "$.c.set(1, 2)",
    "$.c.delete(x)", "$.c.delete(x, n)", "$.c.delete(missing)", "$.c.deleteAll([x, n])",
    "$.c.deleteAll([])", "$.c.mergeWith({x => 'z', k => 1})",
    "{a => {b => 1}}.mergeWith({a => {c => 2}})", "{a => [1, 2]}.mergeWith({a => [2, 3]})",
    "{a => [1]}.mergeWith({a => [2]}, $1 + $2)", "{a => 1}.mergeWith({a => 2}, itemMerger => $1 + $2)",
    "{a => {b => 1}}.mergeWith({a => {c => 2}}, maxLevels => 1)",
    "{a => 1}.mergeWith({a => {b => 2}})", "{a => {b => 1}}.mergeWith({a => 2})",
    "{a => 1} + {b => 2}", "dict(a => 1).set(b, 2).keys().toList()",
    "{a => 1}.get(a)", "{1 => 'x'}[1]", "{1 => 'x'}.get(1)", "{1.0 => 'x'}[1]",
    "{true => 'x'}[1]", "{[1] => 2}", "{a => 1, b => 2}.len()", "{}.len()",
    "$.c.x.len()", "set(1, 2).union(set(2, 3))", "set(1, 2).intersect(set(2, 3))",
    "set(1, 2).difference(set(2, 3))", "set(1, 2).symmetricDifference(set(2, 3))",
    "set(1, 2) - set(2)", "set(1, 2).add(3, 4)", "set(1, 2).remove(1)",
    "set(1, 2).remove(9)", "set(1, 2).len()", "len(set(1))", "set([1], [1])",
    "set({a => 1})", "set(1, 2).contains(1)", "2 in set(1, 2)",
    "set(1, 2).toList().len()", "set(3, 1, 2).orderBy($)", "$.c.keys().union(set(z))",
    "set(1) + set(2)", "[1, 2].toSet() = set(2, 1)", "set(1, 2).select($ * 2)",
    "set(1, 2, 3).where($ > 1)", "set(1).first()", "set('a').sum()",
    "$.c.keys() + $.c.values()", "$.c.items().where($[1] = 2)",
    "$.users[0].keys()", "$.users.select($.keys().len())", "dict($.c.items().where($[0] = x))",
    "$.c.get(null)", "{null => 1}.get(null)", "{a => 1}.delete(a).len()",
    "str({a => 1}.delete(a))", "$.c.toDict($)", "{a => 1}.set(b, null)",
])

# --- regex ----------------------------------------------------------------
many([
    "regex('a.c').matches('abc')", "regex('a.c').matches('xbc')",
    "'abc'.matches('b')", "'abc'.matches('^b')", "'abc' =~ 'b.'",
    "'abc' =~ regex('B', ignoreCase => true)", "'abc' !~ 'z'", "'abc' !~ regex('a')",
    "1 =~ '1'", "'a' =~ 1", "regex('(\\\\d+)-(\\\\d+)').search('x 12-34 y')",
    "regex('(\\\\d+)').search('abc')", "regex('\\\\d+').search('a1b22', $.value)",
    "regex('(a)(b)?').search('xa', [$1.value, $1.start, $2.value, $3.value])",
    "regex('(a)(b)').search('xab', $2)", "regex('\\\\d').searchAll('a1b2c3')",
    "regex('\\\\d').searchAll('abc')", "regex('(\\\\w)(\\\\d)').searchAll('a1 b2', $2.value)",
    "regex('\\\\d').searchAll('a1b2', $1.start)", "regex(',').split('a,b,,c')",
    "regex(',').split('a,b,c', 1)", "regex('(,)').split('a,b')", "'a1b2c'.split(regex('\\\\d'))",
    "regex('\\\\s+').split(' a  b ')", "regex('x*').split('axbc')",
    "regex('a').replace('banana', 'o')", "regex('a').replace('banana', 'o', 2)",
    "'banana'.replace(regex('a(n)'), '<\\\\1>')", "'banana'.replace(regex('(?P<x>n)'), '[\\\\g<x>]')",
    "'banana'.replace(regex('a'), '\\\\g<0>\\\\g<0>')", "regex('x*').replace('abxd', '-')",
    "regex('\\\\d').replaceBy('a1b2', str(int($1.value) * 2))",
    "'a1b2'.replaceBy(regex('\\\\d'), $1.value + $1.value)", "regex('\\\\d').replaceBy('a1b2', 'N', 1)",
    "escapeRegex('a.b*c')", "escapeRegex('a b-c_d')", "isRegex(regex('a'))", "isRegex('a')",
    "regex('^a', multiLine => true).searchAll('ab\\nac')", "regex('^a').searchAll('ab\\nac')",
    "regex('a.b', dotAll => true).matches('a\\nb')", "regex('a.b').matches('a\\nb')",
    "'ÀB'.matches(regex('àb', ignoreCase => true))", "'١٢'.matches('^\\\\d+$')",
    "'é'.matches('^\\\\w$')", "'a b'.split(regex(' '))", "regex('[a-c]+').search('xxbcay')",
    "regex('a{,2}').search('aaa')", "regex('(?i)abc').matches('ABC')",
    "regex('\\\\Aab\\\\Z').matches('ab')", "'test@example.com' =~ '^[\\\\w.]+@[\\\\w.]+$'",
    "regex('(?P<y>\\\\d{4})').search('in 2021', $2.value)",
    "regex('(\\\\d)').searchAll('a1b2').toList()", "regex('b').search('abc', $1.end)",
    "regex('é').search('aéb', $1.start)", "regex('a').replace('aaa', '\\\\n')",
])

# --- branching and system -------------------------------------------------
many([
    "switch($.a > 0 => pos, true => neg)", "switch($.a < 0 => pos, $.a = 0 => zero)",
    "switch(false => 1)", "switch()", "switch(1)", "switch(a => 1, b => 2)",
    "switch($.n => 1, $.t => 2)", "coalesce(null, 1, 2)", "coalesce(null, null)",
    "coalesce()", "coalesce($.n, $.a)", "selectCase(false, true, true)",
    "selectCase(false, false)", "selectAllCases(true, false, true)", "examine(1, 0, null)",
    "1.switchCase(a, b, c)", "5.switchCase(a, b, c)", "-1.switchCase(a, b)",
    "0.switchCase()", "let(x => 1) -> $x + 1", "let(1, 2) -> $1 + $2",
    "let(x => 1, y => 2) -> $x * $y", "let(x => $.a) -> $x", "let(x => 1) -> let(y => $x + 1) -> [$x, $y]",
    "let(x => [1, 2]) -> $x.select($ + $x.len())", "with(1, 2) -> $1 + $2", "with(1) -> $",
    "$.b.unpack(x, y, z) -> $x + $z", "[1, 2].unpack(a) -> $a", "[1, 2].unpack() -> $2",
    "def(f, $1 * 2) -> f(3)", "def(f, $1 + $2) -> f(1, 2)", "def(f, $x) -> f(x => 5)",
    "def(sq, $ * $) -> $.b.select(sq($))", "def(f, $1) -> [f(1), f('a')]",
    "def(fact, switch($ <= 1 => 1, true => $ * fact($ - 1))) -> fact(5)",
    "def(f, 1) -> f()", "def(len, 42) -> len([1])", "def(f, 1) -> [1].f()",
    "let(x => 1)", "1 -> 2", "[1] -> $", "$.b.assert($.len() = 3)",
    "$.b.assert($.len() = 2)", "$.b.assert($.len() = 2, 'wrong length')",
    "1.assert($ > 0)", "$.b.select($).assert(true)", "call(len, [[1, 2]], {})",
    "call(max, [1, 2], {})", "call(format, ['{a}'], {a => 1})", "call(join, [','], {}, [1, 2])",
    "call(nope, [], {})", "call(len, 1, {})", "$.b.len() -> $",
    "let(a => 1) -> $.a", "let(a => 1) -> $a + $.a", "$.b.select(let(v => $) -> $v * 10)",
    "[1, 2].select($1 + 1)", "[[1, 2]].select($[1])", "let(x => 1, x => 2) -> $x",
    "foo()", "foo(1, 2)", "$.foo()", "$.b.foo()", "1.foo()", "'a'.foo(1)",
    "toUpper('a', 'b')", "len()", "len(1, 2)", "abs(1, 2)", "abs(x => 1)",
    "len(string => 'abc')", "'a b'.split(maxSplits => 1, separator => ' ')",
    "'a b'.split(sep => ' ')", "max(a => 1, b => 2)", "max(1, b => 2)",
    "max(1, a => 2)", "f(1 => 2)", "len('a' => 1)", "dict(a => 1, 'b' => 2)",
    "dict(1 => 2)", "[a => 1]", "[1, a => 2]", "{a => 1}.set(a => 2)",
    "$.c.set(x => 1, x => 2)", "len((a) => 1)", "now(offset => 1)",
])

# --- date and time --------------------------------------------------------
many([
    "datetime(2020, 1, 2)", "datetime(2020, 1, 2, 3, 4, 5, 6)",
    "datetime(2020, 1, 2, hour => 10)", "datetime(2020, 2, 30)", "datetime(0, 1, 1)",
    "datetime(2020, 13, 1)", "datetime(2020, 1, 1, 24)", "datetime(2020, 1, 1, 0, 60)",
    "datetime(2020, 1, 1, offset => timespan(hours => 2))",
    "str(datetime(2020, 1, 1, offset => timespan(hours => 2)))",
    "str(datetime(2020, 1, 1, offset => timespan(hours => -5, minutes => -30)))",
    "str(datetime(2020, 1, 2, 3, 4, 5, 6))", "str(datetime(2020, 1, 2))",
    "str([datetime(2020, 1, 2)])", "str([datetime(2020, 1, 2, 3, 4, 5)])",
    "str([datetime(2020, 1, 2, 3, 4, 5, 6)])", "str([datetime(2020, 1, 1, offset => timespan(hours => 2))])",
    "datetime('2020-01-02T03:04:05Z')", "datetime('2020-01-02T03:04:05.123456Z')",
    "str(datetime('2020-01-02T03:04:05+02:00'))", "str(datetime('2020-01-02 03:04'))",
    "datetime('2020-01-02')", "str(datetime('2020-01-02'))", "datetime('2020-13-01')",
    "datetime('garbage')", "datetime('Jan 5 2021')", "datetime('2020-01-02', '%Y-%d-%m')",
    "datetime('02/01/2020 10:30', '%d/%m/%Y %H:%M')", "datetime('2020', '%m')",
    "datetime('x', '%Y')", "datetime('2020-01-02 10:00 +0300', '%Y-%m-%d %H:%M %z')",
    "datetime(1600000000)", "datetime(1600000000.5)", "datetime(0)",
    "str(datetime(1600000000, offset => timespan(hours => -3)))",
    "datetime(2020, 3, 1, 5, 6, 7).year", "datetime(2020, 3, 1, 5, 6, 7).month",
    "datetime(2020, 3, 1, 5, 6, 7).day", "datetime(2020, 3, 1, 5, 6, 7).hour",
    "datetime(2020, 3, 1, 5, 6, 7).minute", "datetime(2020, 3, 1, 5, 6, 7).second",
    "datetime(2020, 3, 1, 5, 6, 7, 8).microsecond", "datetime(2020, 3, 1).weekday",
    "datetime(2020, 3, 1, 5, 6, 7).date", "str(datetime(2020, 3, 1, 5, 6, 7).time)",
    "datetime(2020, 1, 1, 12, offset => timespan(hours => 2)).utc",
    "datetime(2020, 1, 1, 12, offset => timespan(hours => 2)).timestamp",
    "datetime(2020, 1, 1).timestamp", "str(datetime(2020, 1, 1, offset => timespan(hours => 2)).offset)",
    "datetime(2020, 3, 1, 5, 6, 7).format('%Y-%m-%d %H:%M:%S')",
    "datetime(2020, 3, 1, 5, 6, 7).format('%a %A %b %B %d %H %I %j %m %M %p %S %w %y %Y %Z %z %% %f')",
    "datetime(2020, 3, 1, 15, 6, 7).format('%I %p %U %W')", "datetime(2020, 3, 1).format('%c|%x|%X')",
    "'{0:%Y/%m}'.format(datetime(2020, 3, 1))", "datetime(2020, 3, 1).replace(year => 2021)",
    "datetime(2020, 3, 1).replace(month => 2, day => 29)", "datetime(2021, 3, 1).replace(month => 2, day => 29)",
    "str(datetime(2020, 3, 1).replace(offset => timespan(hours => 1)))",
    "datetime(2020, 1, 1) + timespan(days => 1)", "timespan(days => 1) + datetime(2020, 1, 1)",
    "datetime(2020, 1, 1) - timespan(hours => 1)", "str(datetime(2020, 1, 1) - datetime(2019, 1, 1))",
    "datetime(2020, 1, 1) > datetime(2019, 1, 1)", "datetime(2020, 1, 1) <= datetime(2019, 1, 1)",
    "datetime(2020, 1, 1) = datetime(2020, 1, 1)",
    "datetime(2020, 1, 1, 2, offset => timespan(hours => 2)) = datetime(2020, 1, 1)",
    "datetime(2020, 1, 1) < 1", "timespan(days => 1)", "str(timespan(days => 1))",
    "str(timespan(hours => 25, minutes => 1, seconds => 1, milliseconds => 5))",
    "str(timespan(microseconds => -1))", "str([timespan(microseconds => -1)])",
    "str([timespan()])", "str([timespan(days => 2, seconds => 3)])", "timespan(days => 1).hours",
    "timespan(seconds => 90).minutes", "timespan(days => 1).days", "timespan(hours => 36).days",
    "timespan(milliseconds => 1500).seconds", "timespan(seconds => 1).milliseconds",
    "timespan(seconds => 1).microseconds", "str(timespan(days => 3) / 7)",
    "timespan(days => 1) / timespan(hours => 5)", "str(timespan(days => 1) * 1.5)",
    "str(2 * timespan(hours => 1))", "str(timespan(hours => 1) + timespan(minutes => 30))",
    "str(timespan(hours => 1) - timespan(hours => 2))", "str(-timespan(hours => 1))",
    "str(+timespan(hours => 1))", "timespan(hours => 1) > timespan(minutes => 59)",
    "timespan(hours => 1) = timespan(minutes => 60)", "timespan(days => 1000000000)",
    "timespan(seconds => 1.5)", "timespan(seconds => true)", "timespan(days => true).days",
    "str(utctz())", "isDatetime(datetime(2020, 1, 1))", "isDatetime('2020')",
    "isTimespan(timespan())", "isTimespan(1)", "datetime(2020, 1, 1).year + 1",
    "[datetime(2020, 1, 1), datetime(2019, 1, 1)].orderBy($).select($.year)",
    "[datetime(2020, 1, 1), datetime(2019, 1, 1)].max().year",
    "datetime(2020, 1, 31) + timespan(days => 1)", "timespan(hours => 1) / 0",
    "timespan(hours => 1) / timespan()", "datetime(2020, 1, 1).missing",
    "str(datetime(2020, 1, 1) - datetime(2020, 1, 2))",
])
add("now()", check="type")
add("now().year > 2000")
add("now(offset => timespan(hours => 1))", check="type")
add("now() - now() < timespan(seconds => 5)")
add("localtz()", check="type")
add("str(now()).len() > 10")

# --- output conversion ---------------------------------------------------
many([
    "$.b.select($)", "$.c", "{a => [1, {b => set(2)}]}", "[set(1, 2)]",
    "set([1])", "set({a => 1})", "{a => $.b.select($)}", "[1, 2].toDict($, $)",
    "{1 => 2, 1.5 => 3, true => 4, null => 5}", "{[1] => 1}", "{set(1) => 1}",
    "dict([[[1], 2]])", "$.c.items()", "$.c.items().toList()", "[$.c.items()]",
    "[$.c.keys()]", "{a => $.c.keys()}", "range(3)", "[range(2)]",
    "$.b.orderBy($)", "let(x => 1)", "regex('a')", "[regex('a')]", "timespan(hours => 1)",
    "[datetime(2020, 1, 2, 3, 4, 5, 6)]", "{d => datetime(2020, 1, 2)}",
    "sequence().take(2)", "[[1, 2], [3]]", "{a => {b => {c => [1]}}}",
])

# --- realistic Mistral expressions ----------------------------------------
many([
    "$.vm.where($.status = 'ACTIVE').select($.id)", "$.vm.select($.id).join(',')",
    "$.vm.where($.status != ACTIVE).len() > 0", "len($.vm.where($.status = ERROR))",
    "$.users.where($.active and $.age > 30).name.first()", "$.users.select($.name).orderBy($)",
    "$.users.orderByDescending($.age).first().name", "$.users.sum($.age)",
    "$.users.select($.age).sum() / len($.users)", "$.users.toDict($.name, $.tags.len())",
    "$.users.where('y' in $.tags).name", "$.users.selectMany($.tags).distinct()",
    "$.users.groupBy($.active, $.name).toDict($[0], $[1])",
    "{result => $.b.select($ * 2), count => len($.b)}", "$.nested.list.select($.k).max()",
    "switch(len($.b) > 2 => 'many', true => 'few')", "$.c.keys().toList().orderBy($)",
    "$.c.items().orderBy($[0]).select($[0] + '=' + str($[1])).join('&')",
    "'{0}: {1}'.format($.users[0].name, $.users[0].age)", "$.s.split(' ').select($.toLower())",
    "range(1, len($.b) + 1).select($ * 10)", "$.b.select($ * 2).where($ > 2).toList()",
    "$.words.where($.startsWith('b') or $.endsWith('g'))", "$.words.select($.substring(0, 1).toUpper() + $.substring(1))",
    "let(total => $.b.sum()) -> $.b.select($ / float($total))", "$.users.where($.name =~ '^[ab]').name",
    "not $.users.any($.age > 40)", "$.users.all($.name.len() > 2)", "$.vm.id.join(' ')",
    "[$.a, $.f, $.s]", "$.mixed.where(isNumber($))", "$.mixed.where($ != null).len()",
    "$.mixed.select(str($))", "$.mixed.orderBy(str($))", "coalesce($.n, $.c.get(z), 'default')",
    "$.users.select(dict(name => $.name, adult => $.age >= 18))", "$.b.zip($.words).toDict($[0], $[1])",
    "$.words.enumerate().select([$[0], $[1].len()])", "$.words.select($.len()).sum()",
    "$.b.aggregate($1 * $2, 1)", "$.users.where($.tags.len() > 0).select($.tags[0])",
    "int($.str_num) * 2", "$.str_num.toList()", "$.c.set(n, $.c.n + 1)",
    "$.c.mergeWith({extra => true})", "$.users.select($.set(age, $.age + 1)).age",
    "$.users.select($.delete(tags)).first()", "$.nested.l1.l2.l3.toUpper()",
    "$.b.select(let(x => $) -> $x * $x)", "$.vm.select([$.id, $.status]).toDict($[0], $[1])",
    "$.users.indexWhere($.name = bob)", "$.users.skip(1).take(1).name",
    "$.users.select($.name).reverse()", "$.b.toSet().add(4).len()",
    "$.users.where($.active).select($.name + ':' + str($.age))",
])

# --- regex compilation errors, set order, generator laziness -------------
many([
    "regex('{0}')", "regex('a**')", "regex('(a')", "regex('a)')", "regex('(a)b)')",
    "regex('[a')", "regex('\\\\q')", "regex('[z-a]')", "regex('*')", "regex('x{2,1}')",
    "'a'.matches('(')", "'a' =~ '['", "'a'.split(regex('+'))",
    "set(3, 1, 2).toList()", "set(10, 3, 100, -1, 8, 16).toList()",
    "[5, 4, 3, 2, 1, 0, 9, 8, 7, 6, 15, 14].toSet().toList()", "set(-2, -1, 0).toList()",
    "set(1000, 2000, 3).toList()", "set(true, 2, false).toList()", "range(40).toSet().toList()",
    "range(100, 0, -7).toSet().toList()", "set(1, 2).union(set(9, 3)).toList()",
    "set(5, 4, 3).add(1, 0).toList()", "set(9, 1, 8).remove(8).toList()",
    "set(64, 0, 8, 16).toList()", "str(set(3, 1, 2))", "set(3, 1, 2).select($ * 10)",
    "$.b.orderBy($.x).slice(2) = 1", "$.b.orderBy($.x).splitWhere($) = 1",
    "$.b.orderBy($.x).enumerate() = 1", "$.b.orderBy($.x).distinct() = 1",
    "$.b.orderBy($.x).selectMany($) = 1", "$.b.orderBy($.x).flatten() = 1",
    "$.b.orderBy($.x).accumulate($1) = 1", "$.b.orderBy($.x).delete(0) = 1",
    "$.b.orderBy($.x).select($) = 1", "$.b.orderBy($.x).where($) = 1",
    "$.b.orderBy($.x).skip(1) = 1", "$.b.orderBy($.x).reverse() = 1",
    "$.b.slice(-1) = 1", "[1].enumerate(null) = 1", "[].accumulate($1 + $2) = 1",
    "[1, 2].join([].accumulate($1 + $2), true, $1) = 1",
])

# --- random typed expressions (fixed seed) -------------------------------
RANDOM = randgen.sample(20261123, 700)

# --- operator x operand matrix --------------------------------------------
VALS = ["1", "2.5", "'a'", "true", "null", "[1]", "{a => 1}", "set(1)"]
OPS = ["+", "-", "*", "/", "mod", "=", "!=", "<", ">=", "in", "and", "or", "=~"]
EMPTY = {}
for op in OPS:
    for x in VALS:
        for y in VALS:
            add("%s %s %s" % (x, op, y), EMPTY)
for x in VALS:
    add("-" + x, EMPTY)
    add("not " + x, EMPTY)
    add("str(%s)" % x, EMPTY)
    add("%s.len()" % x, EMPTY)
    add("bool(%s)" % x, EMPTY)


def main():
    out = []
    seen = set()
    for e in RANDOM:
        # keep only cases whose text is reproducible: no object addresses,
        # no regex compilation messages (Go's engine words those its own way)
        r = yaqlref.run(e, D)
        txt = json.dumps(r)
        if " at 0x" in txt or '"kind": "error"' in txt:
            continue
        add(e)
    for expr, data, check in CASES:
        key = (expr, id(data))
        if key in seen:
            continue
        seen.add(key)
        r = yaqlref.run(expr, data)
        case = {"expr": expr}
        if data is D:
            case["ctx"] = "std"
        elif data is EMPTY:
            case["ctx"] = "empty"
        else:
            case["data"] = data
        case.update(r)
        if check:
            case["check"] = check
            if "result" in case:
                case["type"] = type(yaqlref.evaluate(expr, data)).__name__
        if "result" in case and "$other" in json.dumps(case["result"]):
            continue
        out.append(case)
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)),
                        "corpus.json")
    with open(path, "w") as f:
        f.write('{"generator": "gen_corpus.py", "yaql": "2.0.0",\n')
        f.write('"contexts": %s,\n' % json.dumps(
            {"std": D, "empty": EMPTY}, ensure_ascii=False))
        f.write('"cases": [\n')
        f.write(",\n".join(json.dumps(c, ensure_ascii=False) for c in out))
        f.write("\n]}\n")
    print("%d cases written to %s" % (len(out), path))


if __name__ == "__main__":
    main()
