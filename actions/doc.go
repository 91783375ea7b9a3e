// Package actions holds what a Mistral task can run: the registry of
// actions, every built-in std.* action of Mistral 15 with its signature,
// defaults, result shapes and error texts, and the executor that runs
// action invocations on a bounded pool of workers.
//
// The life of one invocation:
//
//	a, ok := reg.Lookup("std.echo")       // find the action
//	call, err := a.Bind(input)            // check input (Invalid input [...]) and bind it
//	res := call.Run(ctx, &ec, timeout)    // run: Success, Error, Cancelled or Pending
//
// Bind fails with an *InputError when the input does not fit the action
// (the API answers 400, a workflow fails the task). Run never fails: an
// exception inside the action becomes an Error result whose data is
// Mistral's text "The action raised an exception [action=…,
// action_ex_id=…, msg='…']", a timeout becomes the same with msg='N
// seconds' (Mistral 15 prints eventlet's timeout text), cancellation of
// ctx becomes Cancelled, and an asynchronous action (std.async_noop,
// std.mistral_http) that started well becomes Pending: someone completes
// it later through the API.
//
// The engine runs calls through an Executor, which bounds concurrency,
// delivers each result through a callback and exports Prometheus metrics.
//
// Ad-hoc actions are resolved by the engine: it looks up the base action
// here (Registry.Lookup), checks the ad-hoc input with a Signature built
// from the definition (NewSignature, Signature.Check with AdHocClass), and
// binds the evaluated base input to the base action.
package actions
