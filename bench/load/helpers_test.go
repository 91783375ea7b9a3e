package load

import (
	"net/http"
	"net/http/httptest"
	"os"
	"sync"
	"testing"
)

func osPid() int { return os.Getpid() }

// newLocked serves h one request at a time on a test server and returns
// its URL.
func newLocked(t *testing.T, h http.Handler) string {
	var mu sync.Mutex
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		defer mu.Unlock()
		h.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	return srv.URL
}
