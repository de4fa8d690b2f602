package repo

import (
	"bytes"
	"strings"
	"unicode/utf8"
	"unsafe"
)

// commentSyntax is how a language writes comments.
type commentSyntax struct {
	line  []string    // line-comment markers
	block [][2]string // block-comment start and end markers
	// blockAtLineStart: block markers count only at the start of a line
	// (Python docstrings, Ruby =begin, Perl POD).
	blockAtLineStart bool
}

var (
	cStyle   = commentSyntax{line: []string{"//"}, block: [][2]string{{"/*", "*/"}}}
	hashOnly = commentSyntax{line: []string{"#"}}
	xmlStyle = commentSyntax{block: [][2]string{{"<!--", "-->"}}}
)

// commentSyntaxFor returns the comment syntax of a linguist language name, and
// false when the language has none we know (every non-blank line is code).
func commentSyntaxFor(lang string) (commentSyntax, bool) {
	switch lang {
	case "C", "C++", "C#", "Java", "JavaScript", "TypeScript", "TSX", "Go", "Rust",
		"Swift", "Kotlin", "Scala", "Dart", "Objective-C", "Objective-C++", "Groovy",
		"Protocol Buffer", "Solidity", "GLSL", "HLSL", "Cuda", "Zig", "Thrift",
		"JSON with Comments", "SCSS", "Less", "Verilog", "SystemVerilog", "V", "D",
		"Apex", "Gradle", "Jsonnet", "Hack", "Stylus", "Haxe", "ActionScript", "Cap'n Proto",
		"Smithy", "Vala", "Ballerina", "Carbon", "Chapel", "Odin", "Gleam", "JSX", "Metal",
		"OpenCL", "Qt Script", "QML", "Pawn", "Processing", "Sass":
		return cStyle, true
	case "CSS":
		return commentSyntax{block: [][2]string{{"/*", "*/"}}}, true
	case "PHP":
		return commentSyntax{line: []string{"//", "#"}, block: [][2]string{{"/*", "*/"}}}, true
	case "Python", "Cython", "Starlark":
		return commentSyntax{line: []string{"#"}, block: [][2]string{{`"""`, `"""`}, {"'''", "'''"}}, blockAtLineStart: true}, true
	case "Ruby":
		return commentSyntax{line: []string{"#"}, block: [][2]string{{"=begin", "=end"}}, blockAtLineStart: true}, true
	case "Perl", "Raku":
		return commentSyntax{line: []string{"#"}, block: [][2]string{{"=pod", "=cut"}, {"=head1", "=cut"}}, blockAtLineStart: true}, true
	case "Shell", "Bash", "Zsh", "Fish", "R", "YAML", "TOML", "Makefile", "Dockerfile", "Elixir",
		"Tcl", "GraphQL", "Crystal", "Nim", "awk", "AWK", "Awk", "Just", "HCL", "Terraform",
		"Puppet", "Gnuplot", "INI", "Git Config", "Ignore List", "EditorConfig", "Nextflow",
		"Roff", "CODEOWNERS", "Gentoo Ebuild", "Meson", "Dotenv", "Procfile", "Vim Snippet", "RPM Spec":
		return hashOnly, true
	case "CMake":
		return commentSyntax{line: []string{"#"}, block: [][2]string{{"#[[", "]]"}}}, true
	case "Nix":
		return commentSyntax{line: []string{"#"}, block: [][2]string{{"/*", "*/"}}}, true
	case "PowerShell":
		return commentSyntax{line: []string{"#"}, block: [][2]string{{"<#", "#>"}}}, true
	case "Julia":
		return commentSyntax{line: []string{"#"}, block: [][2]string{{"#=", "=#"}}}, true
	case "SQL", "PLSQL", "PLpgSQL", "TSQL":
		return commentSyntax{line: []string{"--"}, block: [][2]string{{"/*", "*/"}}}, true
	case "Lua":
		return commentSyntax{line: []string{"--"}, block: [][2]string{{"--[[", "]]"}}}, true
	case "Haskell", "Elm", "PureScript", "Agda", "Idris":
		return commentSyntax{line: []string{"--"}, block: [][2]string{{"{-", "-}"}}}, true
	case "Ada", "VHDL":
		return commentSyntax{line: []string{"--"}}, true
	case "TeX", "Erlang", "PostScript", "Prolog":
		return commentSyntax{line: []string{"%"}}, true
	case "MATLAB":
		return commentSyntax{line: []string{"%"}, block: [][2]string{{"%{", "%}"}}}, true
	case "Common Lisp", "Clojure", "Emacs Lisp", "Scheme", "Racket", "Assembly", "Unix Assembly",
		"Motorola 68K Assembly", "NASM", "Fennel", "Hy":
		return commentSyntax{line: []string{";"}}, true
	case "HTML", "XML", "Markdown", "Vue", "Svelte", "XSLT", "SVG", "HTML+ERB", "HTML+Razor",
		"Handlebars", "Astro", "Maven POM", "XML Property List":
		return xmlStyle, true
	case "Fortran", "Fortran Free Form":
		return commentSyntax{line: []string{"!"}}, true
	case "Visual Basic .NET", "VBA", "VBScript":
		return commentSyntax{line: []string{"'"}}, true
	case "Batchfile":
		return commentSyntax{line: []string{"REM ", "rem ", "::", "@REM", "@rem"}}, true
	case "Vim Script":
		return commentSyntax{line: []string{`"`}}, true
	case "OCaml", "Standard ML", "Coq", "Mathematica", "Wolfram Language":
		return commentSyntax{block: [][2]string{{"(*", "*)"}}}, true
	case "F#":
		return commentSyntax{line: []string{"//"}, block: [][2]string{{"(*", "*)"}}}, true
	case "Pascal", "Delphi":
		return commentSyntax{line: []string{"//"}, block: [][2]string{{"{", "}"}, {"(*", "*)"}}}, true
	case "Twig", "Jinja", "Liquid":
		return commentSyntax{block: [][2]string{{"{#", "#}"}, {"<!--", "-->"}}}, true
	}
	return commentSyntax{}, false
}

// LineCounts are the lines of one file or one language.
type LineCounts struct {
	Code    int `json:"code"`
	Comment int `json:"comment"`
	Blank   int `json:"blank"`
}

func (c *LineCounts) add(o LineCounts) {
	c.Code += o.Code
	c.Comment += o.Comment
	c.Blank += o.Blank
}

// countLines classifies each line of data as code, comment or blank with
// the language's comment syntax. A line with both code and a comment is
// code, as cloc counts it. Comment markers inside strings are not
// recognised: like cloc's, this is a line classifier, not a parser.
func countLines(data []byte, syn commentSyntax, known bool) LineCounts {
	var c LineCounts
	if !known {
		for len(data) > 0 {
			var line []byte
			line, data = cutLine(data)
			if isBlank(line) {
				c.Blank++
			} else {
				c.Code++
			}
		}
		return c
	}
	var buf [16]byte
	starts := markerStartsOf(syn, buf[:0])
	inBlock := -1 // index of the open block marker pair, or -1
	for len(data) > 0 {
		var line []byte
		line, data = cutLine(data)
		if isBlank(line) {
			if inBlock >= 0 {
				c.Comment++
			} else {
				c.Blank++
			}
			continue
		}
		if plain, ok := starts.plainLine(line, syn, inBlock); ok {
			if plain {
				c.Code++
			} else {
				c.Comment++
			}
			continue
		}
		var code, comment bool
		code, comment, inBlock = scanLine(bytes.TrimSpace(line), syn, inBlock)
		switch {
		case code:
			c.Code++
		case comment:
			c.Comment++
		default:
			c.Blank++
		}
	}
	return c
}

// cutLine splits data after its first line, without the newline.
func cutLine(data []byte) (line, rest []byte) {
	if i := bytes.IndexByte(data, '\n'); i >= 0 {
		return data[:i], data[i+1:]
	}
	return data, nil
}

// isBlank tells whether line is only white space, as bytes.TrimSpace
// sees it. Most lines start with code or an ASCII indent, so the walk
// stops at their first byte or two; a line that reaches a non-ASCII byte
// is left to TrimSpace, which knows Unicode's spaces.
func isBlank(line []byte) bool {
	for _, b := range line {
		switch {
		case isASCIISpace(b):
		case b < utf8.RuneSelf:
			return false
		default:
			return len(bytes.TrimSpace(line)) == 0
		}
	}
	return true
}

func isASCIISpace(b byte) bool {
	return b == ' ' || b == '\t' || b == '\r' || b == '\n' || b == '\v' || b == '\f'
}

// markerStarts are the bytes a comment marker of one syntax can begin
// with, so that a line holding none of them needs no closer look.
type markerStarts struct {
	anywhere []byte // markers that count anywhere in a line
	atStart  []byte // block markers that count only at a line's start
}

// markerStartsOf fills the sets from buf, so that counting a file
// allocates nothing.
func markerStartsOf(syn commentSyntax, buf []byte) markerStarts {
	for _, m := range syn.line {
		buf = appendNew(buf, m[0])
	}
	if !syn.blockAtLineStart {
		for _, b := range syn.block {
			buf = appendNew(buf, b[0][0])
		}
		return markerStarts{anywhere: buf}
	}
	atStart := buf[len(buf):]
	for _, b := range syn.block {
		atStart = appendNew(atStart, b[0][0])
	}
	return markerStarts{anywhere: buf, atStart: atStart}
}

func appendNew(set []byte, b byte) []byte {
	if bytes.IndexByte(set, b) >= 0 {
		return set
	}
	return append(set, b)
}

// plainLine decides a non-blank line that holds no byte a marker of its
// state could begin with: outside a block it is code (true), inside one it
// is comment (false). ok is false when the line needs scanLine.
func (s markerStarts) plainLine(line []byte, syn commentSyntax, inBlock int) (code, ok bool) {
	if inBlock >= 0 {
		return false, bytes.IndexByte(line, syn.block[inBlock][1][0]) < 0
	}
	if containsAnyByte(line, s.anywhere) {
		return false, false
	}
	if len(s.atStart) > 0 {
		first := line[firstNonSpace(line)]
		if first >= utf8.RuneSelf || bytes.IndexByte(s.atStart, first) >= 0 {
			// A non-ASCII byte may be a Unicode space that trimming
			// removes, putting a marker at the start.
			return false, false
		}
	}
	return true, true
}

// firstNonSpace is the index of the first byte of line that is not ASCII
// white space; line must not be blank.
func firstNonSpace(line []byte) int {
	for i, b := range line {
		if !isASCIISpace(b) {
			return i
		}
	}
	return len(line) - 1
}

func containsAnyByte(line, set []byte) bool {
	for _, b := range set {
		if bytes.IndexByte(line, b) >= 0 {
			return true
		}
	}
	return false
}

// scanLine reads one trimmed, non-empty line and reports whether it holds
// code and whether it holds a comment, tracking block comments across lines.
func scanLine(line []byte, syn commentSyntax, inBlock int) (code, comment bool, state int) {
	atStart := true
	for len(line) > 0 {
		if inBlock >= 0 {
			comment = true
			end := syn.block[inBlock][1]
			i := indexString(line, end)
			if i < 0 {
				return code, comment, inBlock
			}
			line = bytes.TrimLeft(line[i+len(end):], " \t")
			inBlock = -1
			atStart = false
			continue
		}
		// Block markers first: Lua's "--[[" and CMake's "#[[" begin with
		// their line-comment marker.
		if b := blockStart(line, syn); b >= 0 && (atStart || !syn.blockAtLineStart) {
			inBlock = b
			comment = true
			line = line[len(syn.block[b][0]):]
			continue
		}
		if hasAnyPrefix(line, syn.line) {
			return code, true, -1
		}
		code = true
		// The rest of the line may open a block comment or hold a line
		// comment; find the earliest marker.
		next, which, isBlock := nextMarker(line[1:], syn)
		if next < 0 {
			return code, comment, -1
		}
		if !isBlock {
			return code, true, -1
		}
		inBlock = which
		comment = true
		line = line[1+next+len(syn.block[which][0]):]
		atStart = false
	}
	return code, comment, inBlock
}

// indexString is bytes.Index for a string needle, without copying the
// needle into a byte slice on every call.
func indexString(s []byte, sub string) int {
	return strings.Index(unsafe.String(unsafe.SliceData(s), len(s)), sub)
}

func hasAnyPrefix(line []byte, ps []string) bool {
	for _, p := range ps {
		if len(line) >= len(p) && string(line[:len(p)]) == p {
			return true
		}
	}
	return false
}

func blockStart(line []byte, syn commentSyntax) int {
	for i, b := range syn.block {
		if len(line) >= len(b[0]) && string(line[:len(b[0])]) == b[0] {
			return i
		}
	}
	return -1
}

// nextMarker finds the first comment marker in rest. Block markers that only
// count at a line's start are not searched for.
func nextMarker(rest []byte, syn commentSyntax) (pos, which int, isBlock bool) {
	pos = -1
	for _, m := range syn.line {
		if i := indexString(rest, m); i >= 0 && (pos < 0 || i < pos) {
			pos, isBlock = i, false
		}
	}
	if syn.blockAtLineStart {
		return pos, 0, isBlock
	}
	for bi, b := range syn.block {
		if i := indexString(rest, b[0]); i >= 0 && (pos < 0 || i < pos) {
			pos, which, isBlock = i, bi, true
		}
	}
	return pos, which, isBlock
}
