//go:build !unix

package actions

import "os/exec"

// isolate leaves cmd as it is where process groups are not available.
func isolate(*exec.Cmd) {}

// exitSignal is "" where signals are not reported.
func exitSignal(*exec.ExitError) string { return "" }
