package yaql

import "github.com/mistral-go/mistral-go/value"

// checkValue is a parameter type's check on an evaluated value.
func checkValue(t ptype, v any) bool {
	if v == nil {
		switch t.kind {
		case pLazyRule, pKeyword, pKeywordNode, pStringConst, pExpr:
			return false
		}
		return t.nullable
	}
	switch t.kind {
	case pObject:
		return true
	case pString:
		_, ok := v.(string)
		return ok
	case pInt:
		switch v.(type) {
		case int64, bool:
			return true
		}
		return false
	case pInteger:
		_, ok := v.(int64)
		return ok
	case pNumber:
		switch v.(type) {
		case int64, float64:
			return true
		}
		return false
	case pBool:
		_, ok := v.(bool)
		return ok
	case pIterable:
		return isIterable(v)
	case pIterNoSet:
		return isIterable(v) && !isSetLike(v)
	case pIterator:
		_, ok := v.(*iterator)
		return ok
	case pSequence:
		return isSequence(v)
	case pMapping:
		return isMapping(v)
	case pSet:
		return isSetLike(v)
	case pNone:
		return false
	case pRegex:
		_, ok := v.(*regexVal)
		return ok
	case pDateTime:
		_, ok := v.(dateTime)
		return ok
	case pTimespan:
		_, ok := v.(timeSpan)
		return ok
	case pContext:
		_, ok := v.(*scope)
		return ok
	case pOrdering:
		_, ok := v.(*orderedIter)
		return ok
	case pMappingRule:
		_, ok := v.(mappingRule)
		return ok
	case pLambda, pLambdaMethod, pLambdaCtx:
		return true
	}
	return false
}

// checkNode is a parameter type's check on an argument that is still an
// expression (before evaluation, or lazy).
func checkNode(t ptype, n node) bool {
	c, isConst := n.(*constNode)
	switch t.kind {
	case pLambda, pLambdaCtx, pExpr:
		return true
	case pLambdaMethod:
		_, ok := n.(*callNode)
		return ok
	case pLazyRule:
		_, ok := n.(*ruleNode)
		return ok
	case pKeyword, pKeywordNode:
		return isConst && c.keyword
	case pStringConst:
		if !isConst {
			return false
		}
		_, ok := c.val.(string)
		return ok || c.val == nil && t.nullable
	}
	if isConst {
		return checkValue(t, c.val)
	}
	return true
}

// precheck is the check yaql makes before evaluating arguments.
func precheck(t ptype, a argVal) bool {
	if a.n == nil {
		return checkValue(t, a.v)
	}
	return checkNode(t, a.n)
}

// convert checks an evaluated argument and turns it into what the
// function receives.
func convert(c *callCtx, p *param, a argVal) (any, bool) {
	k := p.t.kind
	if k.nodeKind() {
		if a.n == nil {
			if !checkValue(p.t, a.v) {
				return nil, false
			}
		} else if !checkNode(p.t, a.n) {
			return nil, false
		}
		switch k {
		case pLambda, pLambdaMethod, pLambdaCtx:
			l := &lambda{sc: c.ctx(), recv: c.recv, method: k == pLambdaMethod, withCtx: k == pLambdaCtx}
			if a.n == nil {
				l.v = a.v
			} else {
				l.n = a.n
			}
			return l, true
		case pLazyRule:
			r := a.n.(*ruleNode)
			return &lazyRule{key: r.key, val: r.x, sc: c.ctx(), recv: c.recv}, true
		case pExpr, pKeywordNode:
			return a.n, true
		default: // pKeyword, pStringConst
			return a.n.(*constNode).val, true
		}
	}
	if !a.has || !checkValue(p.t, a.v) {
		return nil, false
	}
	if o, ok := a.v.(*orderedIter); ok && (k == pIterable || k == pIterNoSet) {
		// yaql hands iterables to functions through a generator, so an
		// orderBy is sorted only when the function starts iterating
		ec := c.ec
		var next nextFn
		return newIter("generator object limit_iterable.<locals>.limiting_iterator", func() (any, bool, error) {
			if next == nil {
				var err error
				if next, err = ec.iter(o); err != nil {
					return nil, false, err
				}
			}
			return next()
		}), true
	}
	return a.v, true
}

var _ = value.Map{}

// Value classes: everything a parameter type check can tell apart.
const (
	clNone = iota
	clBool
	clInt
	clFloat
	clStr
	clTuple
	clList
	clMap
	clDict
	clSet
	clKeys
	clValues
	clItems
	clIter
	clOrdered
	clDateTime
	clSpan
	clRegex
	clScope
	clRule
	clNoValue
	clOther
	numClasses
)

// classOf is the class of a value for the resolution cache.
func classOf(v any) int {
	switch t := v.(type) {
	case nil:
		return clNone
	case bool:
		return clBool
	case int64:
		return clInt
	case float64:
		return clFloat
	case string:
		return clStr
	case []any:
		return clTuple
	case pyList:
		return clList
	case *value.Map:
		return clMap
	case *pyDict:
		return clDict
	case *pySet:
		return clSet
	case *dictView:
		return clKeys + int(t.kind)
	case *iterator:
		return clIter
	case *orderedIter:
		return clOrdered
	case dateTime:
		return clDateTime
	case timeSpan:
		return clSpan
	case *regexVal:
		return clRegex
	case *scope:
		return clScope
	case mappingRule:
		return clRule
	case noValueT:
		return clNoValue
	}
	return clOther
}
