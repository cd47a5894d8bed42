package main

import (
	"strings"
	"testing"
)

// TestCacheRate refuses a writer's rate that the ticker cannot take
// (time.Second / 0 panicked) before anything is started.
func TestCacheRate(t *testing.T) {
	for _, rate := range []string{"0", "-5", "100001"} {
		err := benchCache([]string{"-rate", rate})
		if err == nil || !strings.Contains(err.Error(), "-rate "+rate) {
			t.Errorf("-rate %s: %v, want an error naming the rate", rate, err)
		}
	}
}
