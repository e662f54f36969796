// Command relance reminds customers of invoices due soon or overdue.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"sort"
	"strings"
	"syscall"
)

// command is one subcommand; names with a space ("company create") are
// looked up by their first two words.
type command struct {
	summary string
	run     func(ctx context.Context, a *app, args []string) error
}

var commands = map[string]command{}

func register(name, summary string, run func(ctx context.Context, a *app, args []string) error) {
	commands[name] = command{summary, run}
}

// app is what every command shares: its streams, so tests can run commands
// in-process.
type app struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	log            *slog.Logger
}

func main() {
	tuneGC()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	a := &app{stdin: os.Stdin, stdout: os.Stdout, stderr: os.Stderr,
		log: slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelInfo}))}
	if err := run(ctx, a, os.Args[1:]); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return
		}
		fmt.Fprintln(os.Stderr, "relance:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, a *app, args []string) error {
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		usage(a.stdout)
		return nil
	}
	name := args[0]
	rest := args[1:]
	if _, ok := commands[name]; !ok && len(args) > 1 {
		name, rest = args[0]+" "+args[1], args[2:]
	}
	c, ok := commands[name]
	if !ok {
		if sub := subcommands(args[0]); len(sub) > 0 {
			return fmt.Errorf("%s: say which: %s", args[0], strings.Join(sub, ", "))
		}
		usage(a.stderr)
		return fmt.Errorf("unknown command %q", strings.Join(args[:min(2, len(args))], " "))
	}
	return c.run(ctx, a, rest)
}

// subcommands lists the commands of a group ("company" → "company create", …).
func subcommands(group string) []string {
	var out []string
	for n := range commands {
		if strings.HasPrefix(n, group+" ") {
			out = append(out, "relance "+n)
		}
	}
	sort.Strings(out)
	return out
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "relance — invoice reminders\n\nUsage: relance COMMAND [flags]\n\nCommands:")
	names := make([]string, 0, len(commands))
	for n := range commands {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(w, "  %-20s %s\n", n, commands[n].summary)
	}
	fmt.Fprintln(w, "\nRun 'relance COMMAND --help' for a command's flags. Configuration comes from RELANCE_* environment variables (see README).")
}

// flags makes a FlagSet whose --help prints the command's usage and exits 0.
func (a *app) flags(name, usageLine string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(a.stderr)
	fs.Usage = func() {
		fmt.Fprintf(a.stderr, "Usage: relance %s\n\n", usageLine)
		fs.PrintDefaults()
	}
	return fs
}

// parse parses flags; --help is not an error for the caller to report.
func parse(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected argument %q", fs.Arg(0))
	}
	return nil
}
