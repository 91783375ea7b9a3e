package load

import (
	"context"
	"errors"
	"fmt"
	"sync"
)

// cleanup deletes every execution of the named workflows (cancelling
// unfinished ones first), then the workflows. It stops when a round
// deletes nothing, so executions a server refuses to delete cannot loop
// it forever.
func cleanup(ctx context.Context, c *Client, names []string) error {
	var errs []error
	for _, name := range names {
		for round := 0; ; round++ {
			states, err := listStates(ctx, c, name)
			if err != nil {
				errs = append(errs, err)
				break
			}
			if len(states) == 0 {
				break
			}
			if deleted := deleteExecutions(ctx, c, states); deleted == 0 || round > 20 {
				errs = append(errs, fmt.Errorf("workflow %s: %d executions left", name, len(states)-deleted))
				break
			}
		}
	}
	for _, name := range names {
		if _, err := c.Do(ctx, "DELETE", "/v2/workflows/"+name, nil, ""); err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

// deleteExecutions deletes the executions in states (id → state) from 8
// clients and returns how many were deleted; an execution that is gone
// already (a sub-workflow deleted with its parent) counts as deleted.
func deleteExecutions(ctx context.Context, c *Client, states map[string]string) int {
	ids := make(chan string)
	var mu sync.Mutex
	deleted := 0
	var wg sync.WaitGroup
	for w := 0; w < 8; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for id := range ids {
				if !finalState(states[id]) {
					_, _ = c.Do(ctx, "PUT", "/v2/executions/"+id, []byte(`{"state": "CANCELLED"}`), "application/json")
				}
				_, err := c.Do(ctx, "DELETE", "/v2/executions/"+id, nil, "")
				var se *StatusError
				if err == nil || errors.As(err, &se) && se.Code == 404 {
					mu.Lock()
					deleted++
					mu.Unlock()
				}
			}
		}()
	}
	for id := range states {
		ids <- id
	}
	close(ids)
	wg.Wait()
	return deleted
}
