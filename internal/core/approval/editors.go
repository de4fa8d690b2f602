package approval

import (
	"regexp"
	"strings"
	"sync"
)

// sedLongOptions are GNU sed's long options; any unique prefix of one is
// that option.
var sedLongOptions = []string{"expression", "file", "in-place", "line-length", "quiet", "silent", "regexp-extended",
	"separate", "sandbox", "unbuffered", "posix", "debug", "follow-symlinks", "null-data", "zero-terminated", "binary", "help", "version"}

// sed judges the scripts: the e command and the s///e flag run commands,
// w and W write files, and a script read from a file cannot be seen.
func (c *classifier) sed(_ string, rest []string) (Class, string, []PathVerdict) {
	var scripts, files []string
	inPlace := false
	for i := 0; i < len(rest); i++ {
		a := rest[i]
		next := func() string {
			if i+1 < len(rest) {
				i++
				return rest[i]
			}
			return ""
		}
		switch {
		case a == "--":
			files = append(files, rest[i+1:]...)
			i = len(rest)
		case strings.HasPrefix(a, "--"):
			name, val, has := strings.Cut(a[2:], "=")
			switch longOption(name, sedLongOptions) {
			case "expression":
				if !has {
					val = next()
				}
				scripts = append(scripts, val)
			case "file":
				return Dangerous, "sed runs a script from a file the classifier does not read (" + a + ")", nil
			case "in-place":
				inPlace = true
			case "line-length":
				if !has {
					next()
				}
			case "":
				return Unknown, "sed " + a + " is an option the classifier does not know", nil
			}
		case strings.HasPrefix(a, "-") && len(a) > 1:
			script, file, inPlaceHere, bad := sedShortOptions(a, next)
			if bad != "" {
				return Dangerous, "sed " + bad, nil
			}
			if file {
				return Dangerous, "sed runs a script from a file the classifier does not read (" + a + ")", nil
			}
			if script != nil {
				scripts = append(scripts, *script)
			}
			inPlace = inPlace || inPlaceHere
		default:
			files = append(files, a)
		}
	}
	if len(scripts) == 0 && len(files) > 0 {
		scripts, files = files[:1], files[1:]
	}
	return c.sedVerdict(scripts, files, inPlace)
}

// sedShortOptions reads one group of short options (-ne SCRIPT, -i.bak).
func sedShortOptions(a string, next func() string) (script *string, file, inPlace bool, bad string) {
	for j := 1; j < len(a); j++ {
		switch a[j] {
		case 'e':
			s := a[j+1:]
			if s == "" {
				s = next()
			}
			return &s, false, inPlace, ""
		case 'f':
			return nil, true, inPlace, ""
		case 'i':
			return nil, false, true, ""
		case 'l':
			if j+1 == len(a) {
				next()
			}
			return nil, false, inPlace, ""
		case 'n', 's', 'E', 'r', 'z', 'u', 'b':
		default:
			return nil, false, inPlace, "has an option the classifier does not know (" + a + ")"
		}
	}
	return nil, false, inPlace, ""
}

func (c *classifier) sedVerdict(scripts, files []string, inPlace bool) (Class, string, []PathVerdict) {
	var paths []PathVerdict
	class, reason := Safe, "prints edited text without changing files"
	for _, s := range scripts {
		written, why := sedScript(s)
		if why != "" {
			return Dangerous, "sed " + why, nil
		}
		if len(written) > 0 {
			cl, r, p := c.writesAll("sed w", written)
			paths = append(paths, p...)
			if cl.rank() > class.rank() {
				class, reason = cl, r
			}
		}
	}
	if !inPlace {
		return class, reason, paths
	}
	cl, r, p := c.writesAll("sed -i", files)
	return worst(class, cl), r, append(paths, p...)
}

// sedScript reads a sed script command by command. It returns the files
// the script writes, and why it is dangerous: it runs commands (e, s///e)
// or is written in a way this reader does not follow.
func sedScript(s string) (written []string, why string) {
	p := &sedParser{s: s}
	for {
		p.skip(" \t\n;")
		if p.done() {
			return p.written, ""
		}
		if p.peek() == '#' {
			p.toLineEnd()
			continue
		}
		if !p.address() {
			return nil, "has an address the classifier cannot read in " + s
		}
		p.skip(" \t!")
		if p.done() {
			return nil, "has an address without a command in " + s
		}
		if why := p.command(); why != "" {
			return nil, why
		}
	}
}

type sedParser struct {
	s       string
	i       int
	written []string
}

func (p *sedParser) done() bool { return p.i >= len(p.s) }
func (p *sedParser) peek() byte { return p.s[p.i] }

func (p *sedParser) skip(set string) {
	for !p.done() && strings.IndexByte(set, p.peek()) >= 0 {
		p.i++
	}
}

func (p *sedParser) toLineEnd() string {
	start := p.i
	for !p.done() && p.peek() != '\n' {
		p.i++
	}
	return p.s[start:p.i]
}

// upTo reads up to a ; } or newline (labels, numbers).
func (p *sedParser) upTo() {
	for !p.done() && !strings.ContainsRune(";}\n", rune(p.peek())) {
		p.i++
	}
}

// address reads "", N, $, /re/, \cREc, first~step, and a second one after a comma.
func (p *sedParser) address() bool {
	for n := 0; n < 2; n++ {
		p.skip(" \t")
		if p.done() {
			return true
		}
		switch ch := p.peek(); {
		case ch >= '0' && ch <= '9':
			p.skip("0123456789~")
		case ch == '$':
			p.i++
		case ch == '/':
			p.i++
			if !p.delimited('/') {
				return false
			}
			p.skip("IM")
		case ch == '\\':
			if p.i+1 >= len(p.s) {
				return false
			}
			d := p.s[p.i+1]
			p.i += 2
			if !p.delimited(d) {
				return false
			}
			p.skip("IM")
		case ch == '+' || ch == '~':
			p.i++
			p.skip("0123456789")
		}
		p.skip(" \t")
		if n == 0 && !p.done() && p.peek() == ',' {
			p.i++
			continue
		}
		return true
	}
	return true
}

// delimited reads up to an unescaped d, which it consumes.
func (p *sedParser) delimited(d byte) bool {
	for !p.done() {
		ch := p.peek()
		p.i++
		switch {
		case ch == '\\':
			p.i++
		case ch == d:
			return true
		case ch == '\n' && d != '\n':
			return false
		}
	}
	return false
}

func (p *sedParser) command() string {
	cmd := p.peek()
	p.i++
	switch cmd {
	case '{', '}', '=', 'd', 'D', 'g', 'G', 'h', 'H', 'n', 'N', 'p', 'P', 'x', 'z', 'F':
		// sed refuses anything but a separator after these
		if !p.done() && !strings.ContainsRune(" \t\n;}", rune(p.peek())) && cmd != '{' {
			return "has text after the command " + string(cmd) + " that sed would refuse"
		}
	case 'e':
		return "runs a command (the e command)"
	case 'w', 'W':
		p.skip(" \t")
		p.written = append(p.written, p.toLineEnd())
	case 'r', 'R', 'a', 'i', 'c':
		p.toLineEndContinued()
	case ':', 'b', 't', 'T', 'q', 'Q', 'l', 'L', 'v':
		p.upTo()
	case 's':
		return p.substitute()
	case 'y':
		if p.done() {
			return "has a y command without text"
		}
		d := p.peek()
		p.i++
		if !p.delimited(d) || !p.delimited(d) {
			return "has a y command the classifier cannot read"
		}
	default:
		return "has a command the classifier does not read (" + string(cmd) + ")"
	}
	return ""
}

// toLineEndContinued reads text up to a newline not escaped by a backslash.
func (p *sedParser) toLineEndContinued() {
	for !p.done() && p.peek() != '\n' {
		if p.peek() == '\\' {
			p.i++
		}
		p.i++
	}
}

// substitute reads s/re/replacement/flags: e runs the pattern space as a
// command, w writes a file.
func (p *sedParser) substitute() string {
	if p.done() || p.peek() == '\\' || p.peek() == '\n' {
		return "has an s command the classifier cannot read"
	}
	d := p.peek()
	p.i++
	if !p.delimited(d) || !p.delimited(d) {
		return "has an s command the classifier cannot read"
	}
	for !p.done() {
		switch ch := p.peek(); {
		case ch == 'e':
			return "runs the result of a substitution as a command (the e flag)"
		case ch == 'w':
			p.i++
			p.skip(" \t")
			p.written = append(p.written, p.toLineEnd())
			return ""
		case strings.IndexByte("gpiImM0123456789", ch) >= 0:
			p.i++
		default:
			return ""
		}
	}
	return ""
}

// longOption resolves a long option written in full or as a unique
// prefix; "" when it is none or ambiguous.
func longOption(name string, all []string) string {
	found := ""
	for _, o := range all {
		if o == name {
			return o
		}
		if strings.HasPrefix(o, name) && name != "" {
			if found != "" {
				return ""
			}
			found = o
		}
	}
	return found
}

// awkPrint finds print or printf writing to a file.
var awkPrint = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`printf?[^;}]*>`) })

// awk judges the program: system(), pipes and print redirections run
// commands or write files; a program from a file cannot be seen.
func (c *classifier) awk(prog string, rest []string) (Class, string, []PathVerdict) {
	hits, ops := opts{
		"-f": {effect: runsCode, value: true, why: "runs a program from a file the classifier does not read"}, "--file": {effect: runsCode, value: true, why: "runs a program from a file"},
		"-E": {effect: runsCode, value: true, why: "runs a program from a file"}, "--exec": {effect: runsCode, value: true, why: "runs a program from a file"},
		"-i": {effect: runsCode, value: true, why: "includes a program file"}, "--include": {effect: runsCode, value: true, why: "includes a program file"},
		"-l": {effect: runsCode, value: true, why: "loads an extension"}, "--load": {effect: runsCode, value: true, why: "loads an extension"},
		"-e": {effect: changes, value: true, why: "runs a program"}, "--source": {effect: changes, value: true, why: "runs a program"},
		"-v": {effect: changes, value: true, why: "sets a variable"}, "-F": {effect: changes, value: true, why: "sets the separator"},
	}.scan(rest, prog == "gawk")
	if cl, why, paths := c.judgeHits(prog, hits); cl == Dangerous {
		return cl, why, paths
	}
	programs := []string{}
	for _, h := range hits {
		if h.name == "-e" || h.name == "--source" {
			programs = append(programs, h.value)
		}
	}
	if len(programs) == 0 && len(ops) > 0 {
		programs = ops[:1]
	}
	for _, text := range programs {
		plain := strings.ReplaceAll(text, "||", "")
		switch {
		case strings.Contains(text, "system"):
			return Dangerous, prog + " program calls system()", nil
		case strings.Contains(plain, "|"):
			return Dangerous, prog + " program pipes to or from a command", nil
		case strings.Contains(text, "@load") || strings.Contains(text, "@include"):
			return Dangerous, prog + " program loads other code", nil
		case awkPrint().MatchString(text):
			return Dangerous, prog + " program prints into a file", nil
		}
	}
	return Unknown, prog + " runs a program; the policy decides", nil
}

// tarOptions are tar's options that run programs, write elsewhere or
// take a value.
var tarOptions = opts{
	"--checkpoint-action": runsProgram, "--to-command": runsProgram, "--use-compress-program": runsProgram,
	"-I": runsProgram, "--rsh-command": runsProgram, "--rmt-command": runsProgram, "--info-script": runsProgram,
	"--new-volume-script": runsProgram, "-F": runsProgram,
	"-P":               {effect: writesValue, why: "uses absolute file names"},
	"--absolute-names": {effect: writesValue, why: "uses absolute file names"},
	"-C":               {effect: movesDir, value: true, why: "works in a folder"},
	"--directory":      {effect: movesDir, value: true, why: "works in a folder"},
	"-f":               {effect: changes, value: true, why: "names the archive"},
	"--file":           {effect: changes, value: true, why: "names the archive"},
	"-g":               writesFile, "--listed-incremental": writesFile, "--index-file": writesFile,
	"-T": {effect: changes, value: true}, "--files-from": {effect: changes, value: true},
	"-X": {effect: changes, value: true}, "--exclude-from": {effect: changes, value: true},
	"-c": {effect: changes, why: "creates an archive"}, "--create": {effect: changes, why: "creates an archive"},
	"-r": {effect: changes, why: "appends to an archive"}, "--append": {effect: changes, why: "appends to an archive"},
	"-u": {effect: changes, why: "updates an archive"}, "--update": {effect: changes, why: "updates an archive"},
}

// tar judges where an archive is written or extracted and the options
// that run programs.
func (c *classifier) tar(_ string, rest []string) (Class, string, []PathVerdict) {
	args := append([]string(nil), rest...)
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		args[0] = "-" + args[0] // old style: tar xzf FILE
	}
	hits, _ := tarOptions.scan(args, true)
	creating := false
	for _, h := range hits {
		switch h.name {
		case "-c", "--create", "-r", "--append", "-u", "--update":
			creating = true
		}
	}
	var paths []PathVerdict
	for _, h := range hits {
		switch {
		case h.opt.effect == runsCode:
			return Dangerous, "tar " + h.name + " runs a program", paths
		case h.name == "-P" || h.name == "--absolute-names":
			return Dangerous, "tar " + h.name + " reads or writes absolute paths outside the repository", paths
		case (h.name == "-f" || h.name == "--file") && remotePath(h.value):
			return Dangerous, "tar uses a remote archive through a remote shell (" + h.value + ")", paths
		case (h.name == "-f" || h.name == "--file") && creating:
			v := c.env.CheckPath(h.value)
			paths = append(paths, v)
			if cl, why := c.writeClass(v); cl == Dangerous && !harmlessDevice(h.value) {
				return cl, "tar " + why, paths
			}
		}
	}
	if cl, why, p := c.judgeHits("tar", hits); cl == Dangerous {
		return cl, why, append(paths, p...)
	}
	return Unknown, "tar reads or writes archives; the policy decides", paths
}

// zip writes its first operand; -TT runs a program to test the archive.
func (c *classifier) zip(_ string, rest []string) (Class, string, []PathVerdict) {
	hits, ops := opts{"-TT": runsProgram, "--unzip-command": runsProgram, "-O": writesFile, "--output-file": writesFile,
		"-b": {effect: movesDir, value: true, why: "keeps temporary files in a folder"}}.scan(rest, false)
	for _, a := range rest {
		if strings.HasPrefix(a, "-TT") {
			return Dangerous, "zip -TT runs a program", nil
		}
	}
	if cl, why, paths := c.judgeHits("zip", hits); cl == Dangerous {
		return cl, why, paths
	}
	if len(ops) == 0 {
		return Unknown, "zip writes an archive", nil
	}
	v := c.env.CheckPath(ops[0])
	cl, why := c.writeClass(v)
	return cl, "zip " + why, []PathVerdict{v}
}

// unzip extracts into the folder -d names.
func (c *classifier) unzip(_ string, rest []string) (Class, string, []PathVerdict) {
	hits, _ := opts{"-d": {effect: movesDir, value: true, why: "extracts into a folder"}}.scan(rest, false)
	if cl, why, paths := c.judgeHits("unzip", hits); cl == Dangerous {
		return cl, why, paths
	}
	return Unknown, "unzip extracts files", nil
}
