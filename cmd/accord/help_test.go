package main

import (
	"runtime/debug"
	"strings"
	"testing"
)

// subcommands are the commands that take one of their own before flags.
var subcommands = map[string][]string{
	"chairs":  {"forecast", "check", "handover"},
	"user":    {"add", "list"},
	"key":     {"new", "show"},
	"log":     {"verify", "trust", "checkpoint"},
	"witness": {"key"},
}

// TestEveryHelp asks every command and subcommand for its help, and help
// for itself, in each way people ask: each answers with its usage and exit
// 0, rather than running, failing, or asking itself forever.
func TestEveryHelp(t *testing.T) {
	// A help that calls itself would take a gigabyte of stack before it
	// crashed; a small limit makes it crash at once.
	defer debug.SetMaxStack(debug.SetMaxStack(64 << 20))
	var asks [][]string
	for _, c := range commands() {
		for _, flag := range []string{"-h", "--help"} {
			asks = append(asks, []string{c.name, flag}, []string{"help", c.name, flag})
			for _, sub := range subcommands[c.name] {
				asks = append(asks, []string{c.name, sub, flag})
			}
		}
		asks = append(asks, []string{"help", c.name})
	}
	asks = append(asks, []string{"help", "-h"}, []string{"help", "help"}, []string{"-h", "-h"}, []string{"--help", "help"},
		[]string{"help", "help", "help"}, []string{"-h", "help", "-h"})
	for _, args := range asks {
		code, stdout, stderr := runCLI(t, args...)
		if code != 0 || !strings.Contains(strings.ToLower(stdout+stderr), "usage") {
			t.Errorf("accord %s: exit %d, want 0 and a usage\nstdout %q\nstderr %q", strings.Join(args, " "), code, stdout, stderr)
		}
	}
}
