package workflow

// Execution, task and action execution states (states.md §1).
const (
	Idle      = "IDLE"
	Waiting   = "WAITING"
	Running   = "RUNNING"
	Delayed   = "DELAYED"
	Paused    = "PAUSED"
	Success   = "SUCCESS"
	Error     = "ERROR"
	Cancelled = "CANCELLED"
)

// IsCompleted reports whether s is terminal: SUCCESS, ERROR or CANCELLED.
func IsCompleted(s string) bool { return s == Success || s == Error || s == Cancelled }

// IsRunning reports whether s is RUNNING or DELAYED.
func IsRunning(s string) bool { return s == Running || s == Delayed }

// IsValid reports whether s is a known state.
func IsValid(s string) bool {
	switch s {
	case Idle, Waiting, Running, Delayed, Paused, Success, Error, Cancelled:
		return true
	}
	return false
}

// ValidTransition reports whether the engine's transition table allows
// going from one state to another (states.md §2).
func ValidTransition(from, to string) bool {
	if !IsValid(from) || !IsValid(to) {
		return false
	}
	if from == to {
		return true
	}
	switch from {
	case Idle:
		return to == Running || to == Error || to == Cancelled
	case Waiting:
		return to == Running
	case Running:
		return to == Paused || to == Delayed || to == Success || to == Error || to == Cancelled
	case Delayed, Paused:
		return to == Running || to == Error || to == Cancelled
	case Error, Cancelled:
		return to == Running
	}
	return false
}
