// Package e2e drives real mistrald processes: it builds the binary once
// per test run (with the race detector when the tests run with it),
// starts it on a free loopback port with a temporary data directory,
// talks to it over HTTP or through the real `mistral` CLI, and can kill
// (SIGKILL) and restart it on the same data.
//
// Tests of every area may use it:
//
//	srv := e2e.Start(t)
//	res := srv.Do(t, "GET", "/v2/workflows", nil)
//	out := srv.CLI(t, "workflow-list")
//	srv.Kill(t)
//	srv.Restart(t)
//
// The captured responses of the real Mistral 15 (../shared/reference/
// mistral-15-samples) are read by LoadSample; Shape and DiffShapes compare
// two JSON bodies by keys and value formats.
package e2e
