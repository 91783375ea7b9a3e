package dsl

// The JSON schemas of Mistral's language v2, keyword for keyword and in
// the order Mistral 15 builds them (after its schema merging), so that
// validation reports the same first error.

func typeOnly(t string) *schema { return obj(kType(t)) }

var (
	sNonEmptyString   = obj(kType("string"), kMinLength(1))
	sUniqueStringList = obj(kType("array"), kItems(sNonEmptyString), kUniqueItems(), kMinItems(1))
	sPositiveInteger  = obj(kType("integer"), kMinimum(0, "0"))
	sPositiveNumber   = obj(kType("number"), kMinimum(0, "0.0"))
	sExpression       = obj(kOneOf(
		obj(kType("string"), kPattern(jinjaWholePattern)),
		obj(kType("string"), kPattern(yaqlWholePattern)),
	))
	sAny = obj(kAnyOf(typeOnly("array"), typeOnly("boolean"), typeOnly("integer"),
		typeOnly("number"), typeOnly("object"), typeOnly("string")))
	sAnyNullable = obj(kAnyOf(typeOnly("null"), typeOnly("array"), typeOnly("boolean"),
		typeOnly("integer"), typeOnly("number"), typeOnly("object"), typeOnly("string")))
	sNonEmptyDict = obj(kType("object"), kMinProperties(1),
		kPatternProperties(patternProp(wordKeyPattern, sAnyNullable)))
	sOneKeyDict = obj(kType("object"), kMinProperties(1), kMaxProperties(1),
		kPatternProperties(patternProp(wordKeyPattern, sAnyNullable)))
	sExprOrPositiveInt = obj(kOneOf(sExpression, sPositiveInteger))
	sExprOrBool        = obj(kOneOf(sExpression, typeOnly("boolean")))
	sVersion           = obj(kAnyOf(sNonEmptyString, sPositiveInteger, sPositiveNumber))
	sWorkflowType      = obj(kEnum("reverse", "direct"))
	sInputList         = obj(kType("array"), kItems(obj(kOneOf(sNonEmptyString, sOneKeyDict))),
		kUniqueItems(), kMinItems(1))
	sStringOrStringList = obj(kOneOf(sNonEmptyString, sUniqueStringList))
)

// metaProps are the properties every v2 spec accepts.
func metaProps() []namedSchema {
	return []namedSchema{
		prop("name", sNonEmptyString),
		prop("version", sVersion),
		prop("description", sNonEmptyString),
		prop("tags", sUniqueStringList),
	}
}

func withMeta(props ...namedSchema) keyword {
	return kProperties(append(props, metaProps()...)...)
}

// Retry policy: a mapping or a one-line string.
var (
	sRetryDict = obj(kType("object"),
		kProperties(
			prop("count", sExprOrPositiveInt),
			prop("break-on", sExpression),
			prop("continue-on", sExpression),
			prop("delay", sExprOrPositiveInt),
		),
		kRequired("delay", "count"),
		kNoAdditional(),
	)
	sRetry = obj(kOneOf(sRetryDict, sNonEmptyString), withMeta())
)

// Transitions.
var (
	sNextTask = obj(kOneOf(
		obj(kType("string"), kPattern(nextTaskPattern), kDescription("Task name (e.g.: `task1`)")),
		obj(kType("string"), kPattern(nextTaskParamsPattern),
			kDescription("Task name with dict parameter (e.g.: `fail msg=\"test\"`, `fail msg=<% task() %>`)")),
		obj(kType("string"), kPattern(nextTaskFuncPattern),
			kDescription("Task name with func parameter (e.g.: `fail(msg=\"test\")`, `fail(msg=<% task() %>)`)")),
	))
	sTaskWithExpression = obj(kType("object"), kMinProperties(1), kMaxProperties(1),
		kPatternProperties(
			patternProp(nextTaskPattern, sExpression),
			patternProp(nextTaskParamsPattern, sExpression),
			patternProp(nextTaskFuncPattern, sExpression),
		),
		kDescription("All next task variants plus expression (e.g.: `task1: <% $.vm_id != null %>`, `fail(msg=\"test\"): <% $.vm_id != null %>`)."),
	)
	sListOfTasks = obj(kType("array"), kItems(obj(kOneOf(sNextTask, sTaskWithExpression))),
		kUniqueItems(), kMinItems(1))
	sPublish = obj(kType("object"),
		withMeta(
			prop("branch", sNonEmptyDict),
			prop("global", sNonEmptyDict),
			prop("atomic", sNonEmptyDict),
		),
		kNoAdditional(),
	)
	sAdvancedPublishing = obj(kType("object"), kMinProperties(1),
		kProperties(
			prop("publish", sPublish),
			prop("next", obj(kOneOf(sNextTask, sTaskWithExpression, sListOfTasks))),
		),
		kNoAdditional(),
	)
	sOnClause = obj(kOneOf(sNextTask, sTaskWithExpression, sListOfTasks, sAdvancedPublishing), withMeta())
)

// policyProps are the policy properties of tasks and task-defaults.
func policyProps() []namedSchema {
	return []namedSchema{
		prop("retry", sRetry),
		prop("wait-before", sExprOrPositiveInt),
		prop("wait-after", sExprOrPositiveInt),
		prop("timeout", sExprOrPositiveInt),
		prop("pause-before", sExprOrBool),
		prop("concurrency", sExprOrPositiveInt),
		prop("fail-on", sExprOrBool),
	}
}

var sTaskDefaults = obj(kType("object"),
	withMeta(append(policyProps(),
		prop("on-complete", sOnClause),
		prop("on-success", sOnClause),
		prop("on-error", sOnClause),
		prop("safe-rerun", sExprOrBool),
		prop("requires", sStringOrStringList),
	)...),
	kNoAdditional(),
)

// taskSchema builds the task schema of a workflow type.
func taskSchema(typ string, own ...namedSchema) *schema {
	props := []namedSchema{
		prop("type", obj(kEnum(typ))),
		prop("action", sNonEmptyString),
		prop("workflow", sNonEmptyString),
		prop("input", obj(kOneOf(sNonEmptyDict, sNonEmptyString))),
		prop("with-items", sStringOrStringList),
		prop("publish", sNonEmptyDict),
		prop("publish-on-error", sNonEmptyDict),
	}
	props = append(props, policyProps()...)
	props = append(props,
		prop("target", sNonEmptyString),
		prop("keep-result", sExprOrBool),
		prop("safe-rerun", sExprOrBool),
	)
	props = append(props, own...)
	return obj(kType("object"),
		withMeta(props...),
		kNoAdditional(),
		kAnyOf(
			obj(kNot(obj(kType("object"), kRequired("action", "workflow")))),
			obj(kOneOf(
				obj(kType("object"), kRequired("action")),
				obj(kType("object"), kRequired("workflow")),
			)),
		),
		kRequired("name", "version"),
	)
}

var (
	sDirectTask = taskSchema("direct",
		prop("join", obj(kOneOf(obj(kEnum("all", "one")), sPositiveInteger))),
		prop("on-complete", sOnClause),
		prop("on-success", sOnClause),
		prop("on-error", sOnClause),
	)
	sReverseTask = taskSchema("reverse", prop("requires", sStringOrStringList))

	sWorkflow = obj(
		kProperties(
			prop("tasks", obj(kType("object"), kMinProperties(1),
				kPatternProperties(patternProp(wordKeyPattern, sNonEmptyDict)))),
			prop("type", sWorkflowType),
			prop("task-defaults", sNonEmptyDict),
			prop("input", sInputList),
			prop("output", sNonEmptyDict),
			prop("output-on-error", sNonEmptyDict),
			prop("vars", sNonEmptyDict),
			prop("tags", sUniqueStringList),
		),
		kRequired("tasks"),
	)

	// sItemList is the schema of workflow and action list documents.
	sItemList = obj(kType("object"),
		kProperties(prop("version", sVersion)),
		kAdditional(sNonEmptyDict),
		kRequired("version"),
	)

	sAction = obj(kType("object"),
		withMeta(
			prop("base", sNonEmptyString),
			prop("base-input", sNonEmptyDict),
			prop("input", sInputList),
			prop("output", sAnyNullable),
		),
		kRequired("base"),
		kNoAdditional(),
	)

	sWorkbookItems = obj(kType("object"), kMinProperties(1),
		kPatternProperties(
			patternProp(versionKeyPattern, obj(kEnum("2.0", 2.0))),
			patternProp(nonVersionWordPattern, sAny),
		),
		kNoAdditional(),
	)
	sWorkbook = obj(kType("object"),
		kProperties(
			prop("version", obj(kEnum("2.0", 2.0), kAnyOf(sNonEmptyString, sPositiveInteger, sPositiveNumber))),
			prop("actions", sWorkbookItems),
			prop("workflows", sWorkbookItems),
			prop("name", sNonEmptyString),
			prop("description", sNonEmptyString),
			prop("tags", sUniqueStringList),
		),
		kNoAdditional(),
		// Mistral builds this list from a set; the oracle's order is this.
		kRequired("version", "name"),
	)
)
