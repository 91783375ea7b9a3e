package actors

// pool is a protoactor dispatcher that runs mailbox activations on warm
// goroutines: an activation is handed to an idle worker when one is
// waiting, else to a new goroutine (so a worker blocked in a send can
// never starve another actor). Reusing workers spares the stack growth a
// fresh goroutine pays on every activation when the actor runs the
// controller's deep call chains.
type pool struct {
	work       chan func()
	done       chan struct{}
	throughput int
}

func newPool(workers, throughput int) *pool {
	p := &pool{work: make(chan func()), done: make(chan struct{}), throughput: throughput}
	for i := 0; i < workers; i++ {
		go p.worker()
	}
	return p
}

func (p *pool) worker() {
	for {
		select {
		case fn := <-p.work:
			fn()
		case <-p.done:
			return
		}
	}
}

// Schedule runs fn on an idle worker or a new goroutine.
func (p *pool) Schedule(fn func()) {
	select {
	case p.work <- fn:
	default:
		go fn()
	}
}

// Throughput is how many messages an activation handles before yielding.
func (p *pool) Throughput() int { return p.throughput }

// stop ends the workers once they are idle; later activations run on
// new goroutines.
func (p *pool) stop() { close(p.done) }
