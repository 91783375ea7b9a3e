package httpd

import (
	"fmt"
	"net/http"
	"testing"

	"github.com/mistral-go/mistral-go/storage"
)

// TestStatusOf checks the error kinds' statuses, wrapped or not.
func TestStatusOf(t *testing.T) {
	for _, c := range []struct {
		err  error
		want int
	}{
		{&storage.NotFoundError{Msg: "x"}, http.StatusNotFound},
		{&storage.ConflictError{Msg: "x"}, http.StatusConflict},
		{&storage.InvalidError{Msg: "x"}, http.StatusBadRequest},
		{&storage.ForbiddenError{Msg: "x"}, http.StatusForbidden},
		{fmt.Errorf("wrapped: %w", &storage.UnavailableError{Msg: "The engine is stopping."}), http.StatusServiceUnavailable},
		{&tooLargeError{limit: 1}, http.StatusRequestEntityTooLarge},
		{fmt.Errorf("anything else"), http.StatusInternalServerError},
	} {
		if got := statusOf(c.err); got != c.want {
			t.Errorf("%v: %d, want %d", c.err, got, c.want)
		}
	}
}
