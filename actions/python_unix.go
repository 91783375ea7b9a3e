//go:build unix

package actions

import (
	"os/exec"
	"syscall"
)

// isolate runs cmd in a process group of its own, and makes cancelling
// it kill the whole group (whatever the module started too).
func isolate(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error {
		if cmd.Process == nil {
			return nil
		}
		return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
	}
}

// exitSignal names the signal that ended the process, or "".
func exitSignal(ee *exec.ExitError) string {
	ws, ok := ee.Sys().(syscall.WaitStatus)
	if !ok || !ws.Signaled() {
		return ""
	}
	switch s := ws.Signal(); s {
	case syscall.SIGXCPU:
		return "SIGXCPU"
	case syscall.SIGKILL:
		return "SIGKILL"
	case syscall.SIGSEGV:
		return "SIGSEGV"
	default:
		return s.String()
	}
}
