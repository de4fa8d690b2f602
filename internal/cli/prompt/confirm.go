// Package prompt asks a person on the terminal: the approval prompt that
// implements contract.Confirmer.
package prompt

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"strings"
	"sync"

	"github.com/oss-dev/oss-dev/internal/cli/iostreams"
	"github.com/oss-dev/oss-dev/internal/core/contract"
	"github.com/oss-dev/oss-dev/internal/errcode"
)

// Confirmer asks yes / no / always on a terminal. It never answers on its
// own: end of input or a cancelled context is an error, not a yes.
type Confirmer struct {
	In  io.Reader
	Out io.Writer
	CS  *iostreams.ColorScheme

	once  sync.Once
	lines chan string
}

// New returns a Confirmer on ios, or nil when no one can answer (stdin or
// stdout is not a terminal): then the approval manager says
// APPROVAL_NOT_CONFIGURED instead of waiting.
func New(ios *iostreams.IOStreams) contract.Confirmer {
	if !ios.CanPrompt() {
		return nil
	}
	return &Confirmer{In: ios.In, Out: ios.ErrOut, CS: ios.ColorScheme()}
}

// maxTries bounds how often an unreadable answer is asked again.
const maxTries = 3

// Confirm shows the prompt and reads the answer.
func (c *Confirmer) Confirm(ctx context.Context, p contract.ApprovalPrompt) (contract.Answer, error) {
	c.once.Do(c.startReader)
	cs := c.CS
	if cs == nil {
		cs = &iostreams.ColorScheme{}
	}
	fmt.Fprintf(c.Out, "\n%s %s\n", cs.Yellow("?"), cs.Bold("Approve: "+iostreams.Sanitize(p.Action)))
	row := func(k, v string) {
		if v != "" {
			fmt.Fprintf(c.Out, "  %-8s %s\n", k+":", iostreams.Sanitize(v))
		}
	}
	row("tool", string(p.Tool))
	row("command", p.Command)
	row("from", p.From)
	for i, l := range p.Runs {
		k := ""
		if i == 0 {
			k = "runs:"
		}
		fmt.Fprintf(c.Out, "  %-8s %s\n", k, iostreams.Sanitize(l))
	}
	if p.From != "" {
		where := "without a sandbox: nothing on this system confines it"
		if p.Sandboxed {
			where = "inside the sandbox: it writes only to the repository, temp and the toolchains' caches"
		}
		row("runs in", where)
	}
	row("why", p.Reason)
	if p.Detail != "" {
		fmt.Fprintf(c.Out, "  %s\n", "detail:")
		for _, l := range strings.Split(strings.TrimRight(p.Detail, "\n"), "\n") {
			fmt.Fprintf(c.Out, "    %s\n", iostreams.Sanitize(l))
		}
	}
	choices := "[y]es / [n]o"
	if p.Pin != "" {
		row("always", "allows it in this repository while "+p.Pin+" stay as they are (kept in your own state folder)")
		choices = "[y]es / [n]o / [a]lways"
	} else if p.Rule != "" {
		row("always", "adds the allow rule \""+p.Rule+"\" to this repository's .oss-dev/config.toml")
		choices = "[y]es / [n]o / [a]lways"
	}
	for i := 0; i < maxTries; i++ {
		fmt.Fprintf(c.Out, "%s (%s): ", cs.Bold("Allow it?"), choices)
		iostreams.Flush(c.Out) // the question has no newline; show it before waiting
		var line string
		var ok bool
		select {
		case <-ctx.Done():
			fmt.Fprintln(c.Out)
			return contract.AnswerNo, errcode.Wrap(errcode.Canceled, ctx.Err(), "the approval prompt was interrupted", "run the command again")
		case line, ok = <-c.lines:
		}
		if !ok {
			fmt.Fprintln(c.Out)
			return contract.AnswerNo, errcode.New(errcode.ApprovalNotConfigured, "the terminal closed before the approval was answered", "run the command again and answer the prompt")
		}
		always := p.Rule != "" || p.Pin != ""
		if a, ok := parse(line, always); ok {
			return a, nil
		}
		fmt.Fprintf(c.Out, "Answer y, n%s.\n", map[bool]string{true: " or a", false: ""}[always])
	}
	return contract.AnswerNo, nil
}

func parse(s string, always bool) (contract.Answer, bool) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "y", "yes":
		return contract.AnswerYes, true
	case "n", "no", "":
		return contract.AnswerNo, true
	case "a", "always":
		if always {
			return contract.AnswerAlways, true
		}
	}
	return contract.AnswerNo, false
}

// startReader reads lines in one goroutine for the process's life, so a
// prompt interrupted by its context does not lose the next answer.
func (c *Confirmer) startReader() {
	c.lines = make(chan string)
	go func() {
		defer close(c.lines)
		r := bufio.NewReader(c.In)
		for {
			line, err := r.ReadString('\n')
			if line != "" || err == nil {
				c.lines <- strings.TrimRight(line, "\r\n")
			}
			if err != nil {
				return
			}
		}
	}()
}
