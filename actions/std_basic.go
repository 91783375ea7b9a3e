package actions

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/mistral-go/mistral-go/value"
)

// maxTestDictSize bounds std.test_dict so that bad input cannot exhaust
// memory.
const maxTestDictSize = 1 << 20

// bindNoop: std.noop and std.async_noop return None.
func bindNoop(Args) (runFunc, error) { return runNoop, nil }

func runNoop(context.Context, *ExecContext) (any, error) { return nil, nil }

// bindEcho: std.echo returns output after delay seconds (float(delay);
// not a number or negative means no delay).
func bindEcho(args Args) (runFunc, error) {
	out := args.Get("output")
	delay, bad, err := pyFloat(args.Get("delay"))
	if err != nil {
		return nil, err
	}
	if bad {
		delay = 0
	}
	d := seconds(delay)
	if d == 0 {
		return func(context.Context, *ExecContext) (any, error) { return out, nil }, nil
	}
	return func(ctx context.Context, _ *ExecContext) (any, error) {
		if err := sleep(ctx, d); err != nil {
			return nil, err
		}
		return out, nil
	}, nil
}

// bindFail: std.fail returns error_data as an error result when it is
// truthy, else raises "Fail action expected exception.".
func bindFail(args Args) (runFunc, error) {
	data := args.Get("error_data")
	return func(context.Context, *ExecContext) (any, error) {
		if value.Truthy(data) {
			return nil, ErrorResult(data)
		}
		return nil, errFailAction
	}, nil
}

var errFailAction = errors.New("Fail action expected exception.")

// bindSleep: std.sleep sleeps int(seconds) seconds (not an integer or
// negative means none) and returns None.
func bindSleep(args Args) (runFunc, error) {
	n, bad, err := pyInt(args.Get("seconds"))
	if err != nil {
		return nil, err
	}
	if bad || n < 0 {
		n = 0
	}
	d := seconds(float64(n))
	return func(ctx context.Context, _ *ExecContext) (any, error) {
		return nil, sleep(ctx, d)
	}, nil
}

// bindTestDict: std.test_dict returns {"<key_prefix><i>": val} for i in
// range(size).
func bindTestDict(args Args) (runFunc, error) {
	size, prefix, val := args.Get("size"), value.Str(args.Get("key_prefix")), args.Get("val")
	return func(context.Context, *ExecContext) (any, error) {
		n, err := pyIndex(size)
		if err != nil {
			return nil, err
		}
		if n > maxTestDictSize {
			return nil, fmt.Errorf("size %d is over the limit of %d", n, maxTestDictSize)
		}
		m := value.NewMap(int(max(n, 0)))
		key := make([]byte, 0, len(prefix)+8)
		for i := int64(0); i < n; i++ {
			key = strconv.AppendInt(append(key[:0], prefix...), i, 10)
			m.Set(string(key), val)
		}
		return m, nil
	}, nil
}

// sleep waits d or until ctx is done.
func sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
