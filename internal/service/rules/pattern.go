package rules

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/oss-dev/oss-dev/internal/config"
	"github.com/oss-dev/oss-dev/internal/core/approval"
	"github.com/oss-dev/oss-dev/internal/errcode"
)

// maxPatternBytes bounds a pattern; a rule is a program, a subcommand and
// a few argument patterns, never a whole script.
const maxPatternBytes = 4096

const patternFix = `write the program, its subcommand and argument patterns as words: "git push", "npm run test* ..."`

// ParsePattern reads the words of a pattern ("git push", "npm run test*
// ...", "tool:git_push") as the rule the prompt's "always allow" would
// write: the program, its subcommand for programs that have them, and
// shell-glob argument patterns with an optional final "..." for any
// remaining arguments. tool, when set, limits the rule to one tool. It
// refuses patterns that could allow everything or could never match.
func ParsePattern(words []string, tool config.Tool) (config.Rule, error) {
	if err := checkWords(words); err != nil {
		return config.Rule{}, err
	}
	r, err := approval.ParsePattern(words)
	if errcode.CodeOf(err) == errcode.InvalidInput {
		return config.Rule{}, err // an unknown tool, with the list of tools as its fix
	}
	if err != nil {
		return config.Rule{}, errcode.Wrap(errcode.InvalidInput, err, "the pattern "+quoteWords(words)+" is refused: "+err.Error(), patternFix)
	}
	if err := checkParts(r); err != nil {
		return config.Rule{}, err
	}
	if tool != "" {
		if _, err := config.ParseTool(string(tool)); err != nil {
			return config.Rule{}, err
		}
	}
	switch {
	case tool == "":
	case r.Tool != "" && r.Tool != tool:
		return config.Rule{}, errcode.Newf(errcode.InvalidInput, "name the tool once, with --tool or tool: in the pattern",
			"the pattern names the tool %q but --tool says %q", r.Tool, tool)
	default:
		r.Tool = tool
	}
	return r, nil
}

// SplitPatterns turns command-line arguments into patterns: arguments
// without blanks are the words of one pattern (allow git push); when any
// argument holds blanks, each argument is one pattern ('git push' 'npm test').
func SplitPatterns(args []string) [][]string {
	several := false
	for _, a := range args {
		if strings.ContainsAny(a, " \t") {
			several = true
			break
		}
	}
	if !several {
		if len(args) == 0 {
			return nil
		}
		return [][]string{args}
	}
	out := make([][]string, 0, len(args))
	for _, a := range args {
		out = append(out, strings.Fields(a))
	}
	return out
}

func checkWords(words []string) error {
	if len(words) == 0 {
		return errcode.New(errcode.InvalidInput, "the pattern is empty", patternFix)
	}
	size := 0
	for _, w := range words {
		size += len(w) + 1
		switch {
		case w == "":
			return errcode.New(errcode.InvalidInput, "the pattern "+quoteWords(words)+" has an empty word", patternFix)
		case !utf8.ValidString(w):
			return errcode.New(errcode.InvalidInput, "the pattern is not valid UTF-8 text", patternFix)
		case strings.IndexFunc(w, unicode.IsControl) >= 0:
			return errcode.Newf(errcode.InvalidInput, patternFix, "the pattern word %q holds a control character", w)
		}
	}
	if size > maxPatternBytes {
		return errcode.Newf(errcode.InvalidInput, patternFix, "the pattern is %d bytes long; a rule names a command in at most %d", size, maxPatternBytes)
	}
	return nil
}

// checkParts refuses what the matcher would take literally though the
// user meant a pattern: a subcommand glob, a "..." before the end.
func checkParts(r config.Rule) error {
	if r.Program == "..." {
		return errcode.New(errcode.InvalidInput, `the program "..." would stand for any command; a rule names one program`, patternFix)
	}
	if r.Subcommand == "..." || strings.ContainsAny(r.Subcommand, "*?[") {
		return errcode.Newf(errcode.InvalidInput, "leave the subcommand out to cover every subcommand of "+r.Program+`, or name one: "`+r.Program+` SUBCOMMAND"`,
			"the subcommand %q is a pattern; a rule names one subcommand", r.Subcommand)
	}
	for i, a := range r.Args {
		if a == "..." && i != len(r.Args)-1 {
			return errcode.New(errcode.InvalidInput, `"..." stands for any remaining arguments, so it must come last`, patternFix)
		}
	}
	return nil
}

func quoteWords(words []string) string {
	return "'" + strings.Join(words, " ") + "'"
}
