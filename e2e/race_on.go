//go:build race

package e2e

// raceEnabled is true when the tests are built with -race; the binary
// under test is then built with it too.
const raceEnabled = true
