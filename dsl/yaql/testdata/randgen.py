"""Random, type-aware YAQL expressions for gen_corpus.py.

Expressions are built from typed pieces (numbers, strings, booleans,
lists of numbers/strings/dicts, dicts) so that most of them evaluate;
gen_corpus.py draws a fixed-seed sample and records what Python yaql gives.
"""
import random

RNG = random.Random(0)
R = RNG.choice


def num(d=0):
    if d > 2 or RNG.random() < 0.4:
        return R(["1", "2", "0", "-3", "2.5", "0.5", "$.a", "$.f", "$.b[0]", "$.users[1].age", "10", "7"])
    return R([
        lambda: "%s %s %s" % (num(d+1), R(["+", "-", "*", "/", "mod"]), num(d+1)),
        lambda: "%s.%s()" % (lst(d+1), R(["len", "sum", "max", "min", "count", "first", "last"])),
        lambda: "len(%s)" % R([lst(d+1), s(d+1), dct(d+1)]),
        lambda: "%s.len()" % s(d+1),
        lambda: "%s(%s)" % (R(["abs", "int", "float", "round", "sign"]), num(d+1)),
        lambda: "%s(%s, %s)" % (R(["max", "min", "pow", "round"]), num(d+1), R(["0", "1", "2", "-1"])),
        lambda: "%s.indexOf(%s)" % (lst(d+1), num(d+1)),
        lambda: "%s.indexOf(%s)" % (s(d+1), s(d+1)),
        lambda: "int(%s)" % R(["'5'", "' 7 '", "$.str_num", "'-2'"]),
        lambda: "%s.aggregate($1 %s $2%s)" % (nlst(d+1), R(["+", "*", "-"]), R(["", ", 1", ", 0"])),
        lambda: "%s.age" % R(["$.users[0]", "$.users.last()", "$.users.orderBy($.age).first()"]),
        lambda: "-" + num(d+1),
        lambda: "%s ? " % num(d+1) if False else "switch(%s => %s, true => %s)" % (bl(d+1), num(d+1), num(d+1)),
    ])()

def s(d=0):
    if d > 2 or RNG.random() < 0.4:
        return R(["'abc'", "'Hello World'", "''", "' a b '", "$.s", "'x,y,,z'", "$.users[0].name", "$.c.x", "'aXbX'", "'ÉtÉ'", "$.words[1]", "'{0}-{1}'"])
    return R([
        lambda: "%s + %s" % (s(d+1), s(d+1)),
        lambda: "%s.%s()" % (s(d+1), R(["toUpper", "toLower", "trim", "trimLeft", "trimRight"])),
        lambda: "%s.replace(%s, %s)" % (s(d+1), s(d+1), s(d+1)),
        lambda: "%s.substring(%s%s)" % (s(d+1), R(["0", "1", "-2", "5"]), R(["", ", 2", ", -1", ", 0"])),
        lambda: "str(%s)" % R([num(d+1), lst(d+1), dct(d+1), bl(d+1), "null"]),
        lambda: "%s.join(%s)" % (lst(d+1), s(d+1)),
        lambda: "%s.join(%s)" % (s(d+1), slst(d+1)),
        lambda: "%s.format(%s, %s)" % (s(d+1), num(d+1), s(d+1)),
        lambda: "'{0:%s}'.format(%s)" % (R([">5", "<4", "^6", "05.1f", ".2f", "x", "b", ",", "+", ".3", "e", "g", "%", "d", "s", "08.3e", "=+8"]), num(d+1)),
        lambda: "%s * %s" % (s(d+1), R(["0", "2", "3"])),
        lambda: "%s.first()" % slst(d+1),
        lambda: "%s[%s]" % (slst(d+1), R(["0", "-1", "1"])),
        lambda: "concat(%s, %s)" % (s(d+1), s(d+1)),
        lambda: "%s.norm()" % s(d+1),
        lambda: "regex(%s).replace(%s, %s)" % (R(["'a'", "'[A-Z]'", "'\\\\s+'", "'(.)(.)'", "'x*'", "'^.'", "'.$'"]), s(d+1), R(["'-'", "''", "'\\\\2\\\\1'", "'<\\\\g<0>>'"])),
        lambda: "%s.toCharArray().reverse().join('')" % s(d+1),
        lambda: "coalesce(null, %s)" % s(d+1),
    ])()

def bl(d=0):
    if d > 2 or RNG.random() < 0.3:
        return R(["true", "false", "$.t", "null", "$.users[1].active"])
    return R([
        lambda: "%s %s %s" % (num(d+1), R(["=", "!=", "<", ">", "<=", ">="]), num(d+1)),
        lambda: "%s %s %s" % (s(d+1), R(["=", "!=", "<", ">", "in"]), s(d+1)),
        lambda: "%s %s %s" % (bl(d+1), R(["and", "or"]), bl(d+1)),
        lambda: "not " + bl(d+1),
        lambda: "%s in %s" % (num(d+1), nlst(d+1)),
        lambda: "%s.%s(%s)" % (lst(d+1), R(["any", "all"]), R(["", "$ > 1", "$"])),
        lambda: "%s.contains(%s)" % (lst(d+1), num(d+1)),
        lambda: "%s =~ %s" % (s(d+1), R(["'a'", "'^H'", "'\\\\d'", "'o$'", "'[aeiou]{2}'"])),
        lambda: "%s.%s(%s)" % (s(d+1), R(["startsWith", "endsWith", "matches"]), s(d+1)),
        lambda: "%s.isEmpty()" % s(d+1),
        lambda: "%s.containsKey(%s)" % (dct(d+1), s(d+1)),
        lambda: "%s = %s" % (lst(d+1), lst(d+1)),
        lambda: "%s(%s)" % (R(["isList", "isDict", "isString", "isInteger", "isNumber", "isSet", "bool", "isIterable"]), R([lst(d+1), s(d+1), num(d+1), dct(d+1)])),
    ])()

def nlst(d=0):
    if d > 2 or RNG.random() < 0.35:
        return R(["$.b", "[3, 1, 2]", "[]", "[1, 1, 2]", "range(5)", "$.users.age", "[2.5, -1, 0]", "range(1, 10, 3)", "sequence(1).take(4)"])
    return R([
        lambda: "%s.select(%s)" % (nlst(d+1), R(["$ * 2", "$ + 1", "-$", "$ mod 3", "$ / 2", "abs($)"])),
        lambda: "%s.where(%s)" % (nlst(d+1), R(["$ > 1", "$ mod 2 = 0", "$ != 2", "true", "$"])),
        lambda: "%s.%s($)" % (nlst(d+1), R(["orderBy", "orderByDescending"])),
        lambda: "%s.%s()" % (nlst(d+1), R(["distinct", "reverse", "toList", "memorize", "flatten"])),
        lambda: "%s.%s(%s)" % (nlst(d+1), R(["skip", "take"]), R(["0", "1", "2", "9"])),
        lambda: "%s + %s" % (nlst(d+1), nlst(d+1)),
        lambda: "%s.append(%s)" % (nlst(d+1), num(d+1)),
        lambda: "%s.concat(%s)" % (nlst(d+1), nlst(d+1)),
        lambda: "%s.accumulate($1 + $2)" % nlst(d+1),
        lambda: "%s.takeWhile($ < 3)" % nlst(d+1),
        lambda: "%s.skipWhile($ < 2)" % nlst(d+1),
        lambda: "%s.delete(%s)" % (nlst(d+1), R(["0", "1", "-1"])),
        lambda: "%s.insert(%s, %s)" % (nlst(d+1), R(["0", "1", "-1", "9"]), num(d+1)),
        lambda: "%s.replace(%s, %s)" % (nlst(d+1), R(["0", "1"]), num(d+1)),
        lambda: "list(%s, %s)" % (num(d+1), num(d+1)),
        lambda: "%s.selectMany([$, $])" % nlst(d+1),
        lambda: "%s.toSet().toList().orderBy($)" % nlst(d+1),
        lambda: "%s.distinct($ mod 2)" % nlst(d+1),
        lambda: "%s.defaultIfEmpty([0])" % nlst(d+1),
        lambda: "%s.enumerate().select($[0])" % nlst(d+1),
        lambda: "%s.select(%s)" % (slst(d+1), R(["$.len()", "int($.len() > 1)"])),
    ])()

def slst(d=0):
    if d > 2 or RNG.random() < 0.4:
        return R(["$.words", "['b', 'a']", "$.users.name", "'a b c'.split()", "$.c.keys()", "$.s.split(' ')", "'x,y'.split(',')"])
    return R([
        lambda: "%s.select(%s)" % (slst(d+1), R(["$.toUpper()", "$ + '!'", "$.substring(1)", "str($.len())"])),
        lambda: "%s.where(%s)" % (slst(d+1), R(["$.len() > 3", "$ > 'b'", "'a' in $", "$.startsWith('b')"])),
        lambda: "%s.%s(%s)" % (slst(d+1), R(["orderBy", "orderByDescending"]), R(["$", "$.len()"])),
        lambda: "%s.orderBy($.len()).thenBy($)" % slst(d+1),
        lambda: "%s.distinct()" % slst(d+1),
        lambda: "%s.split(%s)" % (s(d+1), R(["','", "' '", "", "'a'"])),
        lambda: "%s.rightSplit(%s, 1)" % (s(d+1), R(["','", "' '", "null"])),
        lambda: "regex(%s).split(%s)" % (R(["','", "'\\\\s'", "'(b)'"]), s(d+1)),
        lambda: "regex(%s).searchAll(%s)" % (R(["'[a-z]+'", "'\\\\w'", "'o'"]), s(d+1)),
    ])()

def lst(d=0):
    return R([nlst, slst, olst])(d)

def olst(d=0):
    if d > 2 or RNG.random() < 0.4:
        return R(["$.users", "$.vm", "$.nested.list", "[{a => 1}, {a => 2, b => 3}]", "$.mixed"])
    return R([
        lambda: "%s.where(%s)" % (olst(d+1), R(["$.age > 26", "$.active", "$.status = ACTIVE", "$.get(a) = 1", "$ != null"])),
        lambda: "%s.orderBy(%s)" % (olst(d+1), R(["$.age", "$.name", "$.id", "str($)"])),
        lambda: "%s.groupBy(%s)" % (olst(d+1), R(["$.active", "$.status", "$.get(b)", "$.get(a, 0) > 1"])),
        lambda: "%s.groupBy(%s, %s, %s)" % (olst(d+1), R(["$.active", "$.status"]), R(["$.name", "$.id", "1"]), R(["$.len()", "$.join(',')", "$.sum()", "$"])),
        lambda: "%s.select(%s)" % (olst(d+1), R(["$.name", "[$.age, $.name]", "$.set(x, 1)", "$.keys().len()", "$.delete(age)", "dict(n => $.get(name))"])),
        lambda: "%s.zip(%s)" % (lst(d+1), lst(d+1)),
        lambda: "%s.enumerate(1)" % lst(d+1),
        lambda: "%s.slice(2)" % lst(d+1),
        lambda: "%s.splitAt(1)" % lst(d+1),
        lambda: "%s.splitWhere(%s)" % (nlst(d+1), R(["$ = 1", "$ > 2"])),
        lambda: "%s.sliceWhere($ > 1)" % nlst(d+1),
        lambda: "%s.join(%s, $1 = $2, [$1, $2])" % (nlst(d+1), nlst(d+1)),
        lambda: "%s.items().toList()" % dct(d+1),
        lambda: "%s.zipLongest(%s, default => 0)" % (nlst(d+1), nlst(d+1)),
    ])()

def dct(d=0):
    if d > 2 or RNG.random() < 0.4:
        return R(["$.c", "{}", "{a => 1, b => 2}", "$.users[0]", "$.nested", "{x => [1, 2]}", "$.m"])
    return R([
        lambda: "%s + %s" % (dct(d+1), dct(d+1)),
        lambda: "%s.set(%s, %s)" % (dct(d+1), s(d+1), num(d+1)),
        lambda: "%s.set(k => %s)" % (dct(d+1), num(d+1)),
        lambda: "%s.delete(%s)" % (dct(d+1), R(["x", "a", "name", "zz"])),
        lambda: "%s.mergeWith(%s)" % (dct(d+1), dct(d+1)),
        lambda: "%s.toDict(%s, %s)" % (lst(d+1), R(["$", "str($)", "$.len()"]), R(["$", "1", "[$]"])),
        lambda: "dict(%s)" % R(["a => 1", "[[1, 2], [3, 4]]", "%s.items()" % dct(d+1)]),
        lambda: "%s.groupBy($ mod 2).toDict($[0], $[1])" % nlst(d+1),
        lambda: "{k => %s, l => %s}" % (num(d+1), lst(d+1)),
    ])()

def top():
    return R([num, s, bl, nlst, slst, olst, dct])()



def sample(seed, n):
    """n distinct expressions drawn with the given seed."""
    global R, RNG
    RNG = random.Random(seed)
    R = RNG.choice
    out, seen = [], set()
    while len(out) < n:
        e = top()
        if e not in seen:
            seen.add(e)
            out.append(e)
    return out
