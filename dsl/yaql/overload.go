package yaql

// pkind is the kind of value a parameter accepts, mirroring yaql's
// parameter types (yaqltypes.* and plain Python classes).
type pkind uint8

const (
	pObject       pkind = iota // any value (PythonType(object))
	pString                    // str (yaqltypes.String / PythonType(str))
	pInt                       // int, bools included (PythonType(int))
	pInteger                   // int, bools excluded (yaqltypes.Integer)
	pNumber                    // int or float, no bools (yaqltypes.Number)
	pBool                      // bool
	pIterable                  // iterable but not str or dict
	pIterNoSet                 // iterable, but not str, dict or set
	pIterator                  // an iterator
	pSequence                  // tuple or list
	pMapping                   // dict
	pSet                       // frozenset, keys()/items() views
	pNone                      // None only
	pRegex                     // compiled regex
	pDateTime                  // datetime
	pTimespan                  // timedelta
	pContext                   // a context (let/with/def result)
	pOrdering                  // orderBy result
	pMappingRule               // an evaluated key => value
	pLambda                    // lazy: expression evaluated per call
	pLambdaMethod              // lazy: a name(…) call, applied to a receiver
	pLambdaCtx                 // lazy: expression evaluated in a given context
	pLazyRule                  // lazy: unevaluated key => value
	pKeyword                   // a bare word, expanded to its string
	pKeywordNode               // a bare word, kept as an expression
	pStringConst               // a quoted string constant
	pExpr                      // lazy: any expression
)

// lazy reports parameter kinds whose argument is not evaluated before the
// call.
func (k pkind) lazy() bool {
	switch k {
	case pLambda, pLambdaMethod, pLambdaCtx, pLazyRule, pExpr:
		return true
	}
	return false
}

// nodeKind reports kinds checked against the argument expression rather
// than its value.
func (k pkind) nodeKind() bool {
	return k.lazy() || k == pKeyword || k == pKeywordNode || k == pStringConst
}

// pyClass is the Python class a kind checks with isinstance, used to tell
// which of two matching overloads is more specific.
type pyClass uint8

const (
	clsNone pyClass = iota // not a plain Python class check
	clsObject
	clsIterable
	clsSequence
	clsMapping
	clsSet
	clsIterator
	clsStr
	clsInt
	clsBool
	clsNoneType
	clsOther
)

func (k pkind) class() pyClass {
	switch k {
	case pObject:
		return clsObject
	case pString:
		return clsStr
	case pInt, pInteger:
		return clsInt
	case pBool:
		return clsBool
	case pIterable, pIterator, pIterNoSet:
		return clsIterable
	case pSequence:
		return clsSequence
	case pMapping:
		return clsMapping
	case pSet:
		return clsSet
	case pNone:
		return clsNoneType
	case pRegex, pDateTime, pTimespan, pContext, pMappingRule:
		return clsOther
	case pOrdering:
		return clsIterator // a subclass of Iterable, like Iterator
	}
	return clsNone
}

// subclass reports issubclass(a, b) for the classes involved.
func subclass(a, b pyClass) bool {
	if a == b || b == clsObject {
		return true
	}
	switch b {
	case clsIterable:
		return a == clsSequence || a == clsMapping || a == clsSet || a == clsIterator || a == clsStr
	case clsSequence:
		return a == clsStr
	case clsInt:
		return a == clsBool
	}
	return false
}

// specializes is yaql's is_specialization_of between parameter types.
func specializes(a, b pkind) bool {
	ca, cb := a.class(), b.class()
	if ca == clsNone || cb == clsNone || ca == clsOther && cb == clsOther {
		return false
	}
	if a == pNumber || b == pNumber {
		return false // a tuple of classes: never a specialisation
	}
	return subclass(ca, cb) && !subclass(cb, ca)
}

// ptype is a parameter type: a kind and whether None is accepted.
type ptype struct {
	kind     pkind
	nullable bool
}

// noDefaultT marks a required parameter.
type noDefaultT struct{}

var noDefault any = noDefaultT{}

// param is one parameter of an overload.
type param struct {
	name string // as written in keyword arguments (camelCase)
	t    ptype
	def  any // noDefault when required
}

// overload is one function definition registered under a name.
type overload struct {
	name     string
	pos      []param // positional parameters in order
	varargs  *param  // *args
	kwonly   []param // keyword-only parameters
	varkw    *param  // **kwargs
	fn, meth bool    // callable as a function / as a method
	noKwargs bool    // key => value arguments stay positional
	call     func(c *callCtx) (any, error)
}
