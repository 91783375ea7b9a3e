"""Runs one class of a dynamic action's Python module for mistral-go.

Reads a JSON request on stdin, applies the resource limits it names,
provides a minimal mistral_lib (Action, Result) to the module, loads the
module and either inspects the class or instantiates it with the input
and calls run(context). Writes one JSON answer to the original stdout;
anything the module prints goes to stderr.
"""
import inspect
import json
import os
import resource
import sys
import types


def _limit(which, value):
    if value and value > 0:
        try:
            resource.setrlimit(which, (value, value))
        except (ValueError, OSError):
            pass


# The base class of actions (mistral_lib.actions.Action). It has no
# docstring: a class without one of its own shows no description.
class Action(object):
    def run(self, context):
        raise NotImplementedError

    def is_sync(self):
        return True

    def get_serialization_key(self):
        return None


# An action result carrying data or an error (mistral_lib.actions.Result).
class Result(object):
    def __init__(self, data=None, error=None, cancel=False):
        self.data = data
        self.error = error
        self.cancel = cancel

    def is_cancel(self):
        return self.cancel

    def is_error(self):
        return bool(self.error) and not self.is_cancel()

    def is_success(self):
        return not self.is_error() and not self.is_cancel()

    def to_dict(self):
        if self.is_success():
            return {'result': self.data}
        return {'result': self.error}


def _install_shim():
    pkg = types.ModuleType('mistral_lib')
    pkg.__path__ = []
    acts = types.ModuleType('mistral_lib.actions')
    acts.Action = Action
    acts.Result = Result
    base = types.ModuleType('mistral_lib.actions.base')
    base.Action = Action
    base.Result = Result
    types_mod = types.ModuleType('mistral_lib.actions.types')
    types_mod.Result = Result
    acts.base = base
    acts.types = types_mod
    pkg.actions = acts
    sys.modules['mistral_lib'] = pkg
    sys.modules['mistral_lib.actions'] = acts
    sys.modules['mistral_lib.actions.base'] = base
    sys.modules['mistral_lib.actions.types'] = types_mod


def _context(ctx):
    ex = types.SimpleNamespace(
        workflow_name=ctx.get('workflow_name'),
        workflow_namespace=ctx.get('workflow_namespace'),
        workflow_execution_id=ctx.get('workflow_execution_id'),
        task_execution_id=ctx.get('task_execution_id'),
        action_execution_id=ctx.get('action_execution_id'),
        callback_url=ctx.get('callback_url'),
        task_id=ctx.get('task_execution_id'),
    )
    sec = types.SimpleNamespace(
        auth_token=None, auth_uri=None, auth_cacert=None, insecure=False,
        service_catalog=None, region_name=None, user_id=None,
        project_id=ctx.get('project_id'), project_name=None,
        expires_at=None, trust_id=None, is_target=False,
    )
    return types.SimpleNamespace(execution=ex, security=sec)


def _spec(cls):
    init = cls.__init__
    if init is object.__init__:
        return ''
    try:
        spec = inspect.getfullargspec(init)
    except TypeError:
        return ''
    args = [a for a in spec.args if a != 'self']
    defaults = list(spec.defaults or [])
    first_default = len(args) - len(defaults)
    parts = []
    for i, name in enumerate(args):
        if i < first_default:
            parts.append(name)
            continue
        try:
            parts.append('%s=%s' % (name, json.dumps(defaults[i - first_default])))
        except TypeError:
            pass
    if spec.varkw:
        parts.append('**%s' % spec.varkw)
    return ', '.join(parts)


def _plain(obj):
    if isinstance(obj, (set, frozenset, tuple)):
        return list(obj)
    if isinstance(obj, bytes):
        return obj.decode('utf-8', 'replace')
    return str(obj)


def _message(e):
    return str(e) or type(e).__name__


def main():
    req = json.loads(sys.stdin.read())
    out = os.fdopen(os.dup(1), 'w')
    os.dup2(2, 1)
    sys.stdout = sys.stderr
    limits = req.get('limits') or {}
    _limit(resource.RLIMIT_AS, limits.get('memory'))
    _limit(resource.RLIMIT_CPU, limits.get('cpu'))
    _limit(resource.RLIMIT_FSIZE, limits.get('fsize'))
    try:
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    except (ValueError, OSError):
        pass
    _install_shim()

    def answer(doc):
        try:
            text = json.dumps(doc, default=_plain, allow_nan=False)
        except (TypeError, ValueError) as e:
            text = json.dumps({'ok': False, 'kind': 'exception',
                               'message': 'result is not JSON: %s' % e})
        out.write(text)
        out.flush()

    try:
        mod = types.ModuleType(req['module'])
        mod.__file__ = '<code source %s>' % req['module']
        sys.modules[req['module']] = mod
        exec(compile(req['source'], mod.__file__, 'exec'), mod.__dict__)
        cls = getattr(mod, req['class'])
    except BaseException as e:
        answer({'ok': False, 'kind': 'load', 'message': _message(e)})
        return
    if req.get('mode') == 'inspect':
        try:
            answer({'ok': True, 'input': _spec(cls), 'doc': inspect.getdoc(cls)})
        except BaseException as e:
            answer({'ok': False, 'kind': 'load', 'message': _message(e)})
        return
    try:
        action = cls(**(req.get('input') or {}))
        result = action.run(_context(req.get('context') or {}))
    except BaseException as e:
        answer({'ok': False, 'kind': 'exception', 'message': _message(e)})
        return
    if isinstance(result, Result):
        if result.is_cancel():
            answer({'ok': False, 'kind': 'cancel'})
        elif result.is_error():
            answer({'ok': False, 'kind': 'error', 'error': result.error})
        else:
            answer({'ok': True, 'result': result.data})
        return
    answer({'ok': True, 'result': result})


main()
