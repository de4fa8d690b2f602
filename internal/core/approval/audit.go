package approval

import (
	"bufio"
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"time"

	"github.com/oss-dev/oss-dev/internal/config"
	"github.com/oss-dev/oss-dev/internal/redact"
	"github.com/oss-dev/oss-dev/internal/safefile"
)

// Record is one line of the audit log.
type Record struct {
	Time      time.Time   `json:"time"`
	Workflow  string      `json:"workflow,omitempty"`
	Tool      config.Tool `json:"tool"`
	Action    string      `json:"action"`
	Command   string      `json:"command,omitempty"`
	Decision  string      `json:"decision"`
	DecidedBy string      `json:"decided_by"`
	Rule      string      `json:"rule,omitempty"`
	RuleFile  string      `json:"rule_file,omitempty"`
	Policy    string      `json:"policy"`
	Safety    string      `json:"safety,omitempty"`
	Reason    string      `json:"reason"`
	// Sandboxed is true when the approved command ran confined.
	Sandboxed bool `json:"sandboxed,omitempty"`
	// From says where the repository defines the command, for its own commands.
	From string `json:"from,omitempty"`
	// Tokens and Cost are set on the record of a language-model call
	// (Decision "usage"), which decides nothing but is accounted for.
	Tokens *Tokens `json:"tokens,omitempty"`
	Cost   float64 `json:"cost,omitempty"`
}

// Tokens is the usage of one language-model call.
type Tokens struct {
	Input  int `json:"input"`
	Output int `json:"output"`
	Total  int `json:"total"`
}

// NewRecord builds the audit record of a decision.
func NewRecord(at time.Time, req Request, d Decision) Record {
	r := Record{
		Time: at.UTC(), Workflow: req.Workflow, Tool: req.Tool, Action: req.Action,
		Decision: "reject", DecidedBy: d.DecidedBy, Policy: string(d.Policy), Reason: d.Reason, Sandboxed: d.Sandboxed,
	}
	if req.Origin != nil {
		r.From = strings.Join(req.Origin.Sources, ", ")
	}
	if d.Approved {
		r.Decision = "approve"
	}
	if d.Safety != nil {
		r.Command, r.Safety = d.Safety.Command, string(d.Safety.Class)
	}
	if d.Rule != nil {
		r.Rule, r.RuleFile = d.Rule.Pattern(), d.Rule.File
	}
	return r
}

// AuditLog appends one JSON line per decision, with secrets redacted.
type AuditLog struct {
	Path string
	// Secrets are exact values to redact (tokens, keys) besides the known shapes.
	Secrets []string
	// Redactor masks the secrets the process knows; nil masks Secrets and
	// secret shapes only.
	Redactor *redact.Redactor
	mu       sync.Mutex
	// Err keeps the last write failure; an audit failure never blocks work
	// silently: callers can report it.
	Err error
}

// Write appends r to the log.
func (l *AuditLog) Write(r Record) {
	l.mu.Lock()
	defer l.mu.Unlock()
	r.Action, r.Command, r.Reason = l.redact(r.Action), l.redact(r.Command), l.redact(r.Reason)
	line, err := json.Marshal(r)
	if err != nil {
		l.Err = err
		return
	}
	if err := os.MkdirAll(filepath.Dir(l.Path), 0o700); err != nil {
		l.Err = err
		return
	}
	f, err := os.OpenFile(l.Path, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o600)
	if err != nil {
		l.Err = err
		return
	}
	defer f.Close()
	// one write call per line, so concurrent writers never interleave a line
	if _, err := f.Write(append(line, '\n')); err != nil {
		l.Err = err
	}
}

var secretAssignments = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`(?i)((?:token|api[_-]?key|secret|password|passwd|authorization)["']?\s*[:=]\s*["']?)([^\s"']+)`)
})

func (l *AuditLog) redact(s string) string {
	for _, v := range l.Secrets {
		if len(v) >= 4 {
			s = strings.ReplaceAll(s, v, redact.Mask)
		}
	}
	s = l.Redactor.Redact(s)
	// A command line may also set a credential inline (token=..., an
	// --password flag): the audit log masks those values too.
	return secretAssignments().ReplaceAllString(s, "${1}"+redact.Mask)
}

// ReadAudit returns the records of the log, those of one workflow when
// workflow is not empty. A missing log has no records.
func ReadAudit(path, workflow string) ([]Record, error) {
	f, err := safefile.Open(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var out []Record
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 64<<10), 4<<20)
	for sc.Scan() {
		var r Record
		if json.Unmarshal(sc.Bytes(), &r) != nil {
			continue
		}
		if workflow == "" || r.Workflow == workflow {
			out = append(out, r)
		}
	}
	return out, sc.Err()
}
