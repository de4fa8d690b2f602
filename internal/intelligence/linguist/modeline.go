package linguist

import (
	"bufio"
	"bytes"
	"path"
	"regexp"
	"strings"
	"sync"
)

// modelineScope is how many lines at the head and at the foot of a file
// are searched for a modeline, as linguist does.
const modelineScope = 5

// modelineRes are the modeline expressions, compiled on first use.
type modelineRes struct {
	emacs, emacsLang, vim, vimLang *regexp.Regexp
}

var modelineRegexps = sync.OnceValue(func() *modelineRes {
	return &modelineRes{
		emacs:     regexp.MustCompile(`.*-\*-\s*(.+?)\s*-\*-.*(?m:$)`),
		emacsLang: regexp.MustCompile(`.*(?i:mode)\s*:\s*([^\s;]+)\s*;*.*`),
		vim:       regexp.MustCompile(`(?:(?m:\s|^)vi(?:m[<=>]?\d+|m)?|[\t\x20]*ex)\s*[:]\s*(.*)(?m:$)`),
		vimLang:   regexp.MustCompile(`(?i:filetype|ft|syntax)\s*=(\w+)(?:\s|:|$)`),
	}
})

func byModeline(_ string, content []byte, _ []string) []string {
	if lang := Modeline(content); lang != "" {
		return []string{lang}
	}
	return nil
}

// Modeline returns the language an Emacs (-*- mode: ruby -*-) or Vim
// (vim: set ft=ruby:) modeline in the first or last five lines of content
// names, or "". An Emacs modeline wins over a Vim one; the last modeline of
// each kind counts; a Vim modeline naming two different languages names
// none.
func Modeline(content []byte) string {
	scope := headAndFoot(content)
	if lang := emacsModeline(scope); lang != "" {
		return lang
	}
	return vimModeline(scope)
}

func emacsModeline(scope []byte) string {
	// Every Emacs modeline has "-*-": skip the expression when absent.
	if !bytes.Contains(scope, []byte("-*-")) {
		return ""
	}
	res := modelineRegexps()
	matched := res.emacs.FindAllSubmatch(scope, -1)
	if matched == nil {
		return ""
	}
	last := matched[len(matched)-1][1]
	alias := string(last)
	if m := res.emacsLang.FindSubmatch(last); m != nil {
		alias = string(m[1])
	}
	lang, _ := LanguageByAlias(alias)
	return lang
}

func vimModeline(scope []byte) string {
	// Every Vim modeline has a colon after "vi", "vim" or "ex", and almost
	// no file has one: the expression runs only on those that do.
	if !vimMarker(scope) {
		return ""
	}
	res := modelineRegexps()
	matched := res.vim.FindAllSubmatch(scope, -1)
	if matched == nil {
		return ""
	}
	last := matched[len(matched)-1][1]
	names := res.vimLang.FindAllSubmatch(last, -1)
	if names == nil {
		return ""
	}
	alias := string(names[0][1])
	for _, n := range names[1:] {
		if string(n[1]) != alias {
			return ""
		}
	}
	lang, _ := LanguageByAlias(alias)
	return lang
}

// vimMarker reports whether a colon in scope follows "vi", "vim",
// "vim" with a version ("vim>703") or "ex", across any white space, as
// the Vim expression requires.
func vimMarker(scope []byte) bool {
	for i := 0; i < len(scope); i++ {
		if scope[i] != ':' {
			continue
		}
		w := bytes.TrimRight(scope[:i], " \t\n\f\r")
		v := bytes.TrimRight(w, "0123456789")
		if len(v) < len(w) {
			v = bytes.TrimSuffix(bytes.TrimSuffix(bytes.TrimSuffix(v, []byte("<")), []byte("=")), []byte(">"))
		}
		for _, word := range [][]byte{w, v} {
			if bytes.HasSuffix(word, []byte("vi")) || bytes.HasSuffix(word, []byte("vim")) || bytes.HasSuffix(word, []byte("ex")) {
				return true
			}
		}
	}
	return false
}

// headAndFoot returns the first and last modelineScope lines of content
// joined, or all of content when it is short. It reproduces go-enry's
// arithmetic, which drops the newline between the two parts.
func headAndFoot(content []byte) []byte {
	if bytes.Count(content, []byte("\n")) < 2*modelineScope {
		return content
	}
	head := 0
	rest := content
	for i := 0; i < modelineScope; i++ {
		eol := bytes.IndexByte(rest, '\n')
		rest = rest[eol+1:]
		head += eol
	}
	head += modelineScope - 1
	foot := 0
	rest = content
	for i := 0; i < modelineScope; i++ {
		foot = bytes.LastIndexByte(rest, '\n')
		rest = rest[:foot]
	}
	foot++
	out := make([]byte, 0, head+len(content)-foot)
	out = append(out, content[:head]...)
	return append(out, content[foot:]...)
}

// shebangRes are the shebang expressions, compiled on first use.
type shebangRes struct {
	execHack, pythonVersion, envOpt, envVar *regexp.Regexp
}

var shebangRegexps = sync.OnceValue(func() *shebangRes {
	return &shebangRes{
		execHack:      regexp.MustCompile(`exec (\w+).+\$0.+\$@`),
		pythonVersion: regexp.MustCompile(`python\d\.\d+`),
		envOpt:        regexp.MustCompile(`-[i0uCSv]*|--\S+`),
		envVar:        regexp.MustCompile(`\S+=\S+`),
	}
})

// Interpreter returns the interpreter a shebang on the first line of
// content names ("python3" for "#!/usr/bin/env -S python3.12 -u"), or "".
// It follows linguist: env's options and variable settings are skipped, a
// /bin/sh script that execs another interpreter in its first lines is that
// interpreter's, a dotted Python version is cut to its major version, and
// osascript with -l names no language.
func Interpreter(content []byte) string {
	line := firstLines(content, 1)
	if !bytes.HasPrefix(line, []byte("#!")) {
		return ""
	}
	line = bytes.TrimSpace(line[2:])
	fields := bytes.Fields(line)
	if len(fields) == 0 {
		return ""
	}
	res := shebangRegexps()
	interp := path.Base(string(fields[0]))
	if interp == "env" {
		if len(fields) == 1 {
			return ""
		}
		for len(fields) > 2 && (res.envOpt.Match(fields[1]) || res.envVar.Match(fields[1])) {
			fields = append(fields[:1], fields[2:]...)
		}
		interp = path.Base(string(fields[1]))
	}
	if interp == "sh" {
		interp = execInterpreter(content, res.execHack)
	}
	if res.pythonVersion.MatchString(interp) {
		interp = interp[:strings.Index(interp, ".")]
	}
	if interp == "osascript" && bytes.Contains(line, []byte("-l")) {
		return ""
	}
	return interp
}

// execInterpreter finds "exec tclsh "$0" "$@"" in a shell script's first
// five lines, the trick that lets /bin/sh start another interpreter.
func execInterpreter(content []byte, execHack *regexp.Regexp) string {
	sc := bufio.NewScanner(bytes.NewReader(content))
	for i := 0; i < 5 && sc.Scan(); i++ {
		if m := execHack.FindSubmatch(sc.Bytes()); m != nil {
			return string(m[1])
		}
	}
	return "sh"
}
