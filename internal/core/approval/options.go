package approval

import (
	"strings"
)

// effect is what an option makes a program do beyond its plain job.
type effect int

const (
	// harmless: the option only takes a value that is not a file written.
	harmless effect = iota
	// changes: the program changes something; the policy decides.
	changes
	// writesValue: the option's value is a file the program writes.
	writesValue
	// runsCode: the option makes the program run a command or code.
	runsCode
	// administers: the option changes the machine (clock, name, network).
	administers
	// movesDir: the option's value is a directory the program works in.
	movesDir
)

// opt is one option of a program that is more than reading.
type opt struct {
	effect effect
	// value says the option takes a value (-o FILE, --output=FILE).
	value bool
	why   string
}

// opts maps options, spelled "-o" or "--output", to what they do.
type opts map[string]opt

// optHit is an option found in a command's arguments.
type optHit struct {
	name  string
	value string
	opt   opt
}

// scan finds the options of opts in args. Long options match when
// written in full, or, for programs that accept them (GNU tools, git),
// as any prefix of the full name: "--compress-prog" is
// "--compress-program" to sort. Short options may be grouped (-xo FILE,
// -oFILE). It returns the operands as well.
func (o opts) scan(args []string, abbrev bool) (hits []optHit, operands []string) {
	for i := 0; i < len(args); i++ {
		a := args[i]
		switch {
		case a == "--":
			return hits, append(operands, args[i+1:]...)
		case strings.HasPrefix(a, "--"):
			name, val, hasVal := strings.Cut(a, "=")
			for full, rule := range o {
				if !strings.HasPrefix(full, "--") || !(full == name || abbrev && len(name) > 2 && strings.HasPrefix(full, name)) {
					continue
				}
				if rule.value && !hasVal && i+1 < len(args) {
					i++
					val = args[i]
				}
				hits = append(hits, optHit{name: full, value: val, opt: rule})
			}
		case o.singleDashLong(a):
			// a long option with one dash, such as gdb's -ex or go's -toolexec=
			name, val, hasVal := strings.Cut(a, "=")
			rule := o[name]
			if rule.value && !hasVal && i+1 < len(args) {
				i++
				val = args[i]
			}
			hits = append(hits, optHit{name: name, value: val, opt: rule})
		case strings.HasPrefix(a, "-") && len(a) > 1:
			i += o.shortCluster(a, args[i+1:], &hits)
		default:
			operands = append(operands, a)
		}
	}
	return hits, operands
}

// singleDashLong reports -name or -name=value for a name longer than one
// letter that opts lists.
func (o opts) singleDashLong(a string) bool {
	name, _, _ := strings.Cut(a, "=")
	_, ok := o[name]
	return len(name) > 2 && !strings.HasPrefix(name, "--") && ok
}

// shortCluster reads -abc; it returns how many following arguments were
// taken as a value.
func (o opts) shortCluster(a string, next []string, hits *[]optHit) int {
	for j := 1; j < len(a); j++ {
		name := "-" + a[j:j+1]
		rule, ok := o[name]
		if !ok {
			continue
		}
		if !rule.value {
			*hits = append(*hits, optHit{name: name, opt: rule})
			continue
		}
		if j+1 < len(a) {
			*hits = append(*hits, optHit{name: name, value: a[j+1:], opt: rule})
			return 0
		}
		if len(next) > 0 {
			*hits = append(*hits, optHit{name: name, value: next[0], opt: rule})
			return 1
		}
		*hits = append(*hits, optHit{name: name, opt: rule})
		return 0
	}
	return 0
}

// judgeHits turns the options found into a verdict: running code or
// administering the machine is dangerous, writing outside the
// repository is dangerous, anything else is left to the policy.
func (c *classifier) judgeHits(prog string, hits []optHit) (Class, string, []PathVerdict) {
	class, reason := Safe, ""
	var paths []PathVerdict
	for _, h := range hits {
		cl, why := Unknown, prog+" "+h.name+" "+h.opt.why
		switch h.opt.effect {
		case harmless:
			cl = Safe
		case runsCode, administers:
			cl = Dangerous
		case writesValue:
			v := c.env.CheckPath(h.value)
			paths = append(paths, v)
			cl, why = c.writeClass(v)
			why = prog + " " + h.name + " " + why
		case movesDir:
			v := c.env.CheckPath(h.value)
			paths = append(paths, v)
			if !v.Inside {
				cl, why = Dangerous, prog+" "+h.name+" works outside the repository ("+h.value+")"
			}
		}
		if cl.rank() > class.rank() {
			class, reason = cl, why
		}
	}
	return class, reason, paths
}

// writeClass judges a file a command writes: outside the repository, or
// into git's or oss-dev's own settings (hooks and config run code later),
// it is dangerous; elsewhere in the repository the policy decides.
func (c *classifier) writeClass(v PathVerdict) (Class, string) {
	switch {
	case strings.HasPrefix(v.Path, "/dev/") && !harmlessDevice(v.Path):
		return Dangerous, "writes to the device " + v.Path
	case !v.Inside:
		return Dangerous, "writes outside the repository (" + v.Path + ")"
	case c.settingsPath(v.Resolved):
		return Dangerous, "writes git's or oss-dev's own settings (" + v.Path + "), which run code later"
	}
	return Unknown, "writes " + v.Path
}

// outputOptions are the options by which programs the classifier does not
// know commonly write a file or work in another folder.
var outputOptions = opts{
	"-o": {effect: writesValue, value: true, why: "writes a file"}, "--output": {effect: writesValue, value: true, why: "writes a file"},
	"--out": {effect: writesValue, value: true, why: "writes a file"}, "--outfile": {effect: writesValue, value: true, why: "writes a file"},
	"--output-dir": {effect: movesDir, value: true, why: "writes into a folder"}, "--outdir": {effect: movesDir, value: true, why: "writes into a folder"},
	"--out-dir": {effect: movesDir, value: true, why: "writes into a folder"}, "-d": {effect: movesDir, value: true, why: "writes into a folder"},
	"--directory": {effect: movesDir, value: true, why: "works in a folder"}, "--dir": {effect: movesDir, value: true, why: "works in a folder"},
	"-C": {effect: movesDir, value: true, why: "works in a folder"}, "-P": {effect: movesDir, value: true, why: "writes into a folder"},
	"--prefix": {effect: movesDir, value: true, why: "installs into a folder"}, "--target": {effect: movesDir, value: true, why: "installs into a folder"},
	"--target-dir": {effect: movesDir, value: true, why: "builds into a folder"}, "--target-directory": {effect: movesDir, value: true, why: "writes into a folder"},
	"--dest": {effect: movesDir, value: true, why: "writes into a folder"}, "--destination": {effect: movesDir, value: true, why: "writes into a folder"},
	"--root": {effect: movesDir, value: true, why: "installs into a folder"}, "--install-dir": {effect: movesDir, value: true, why: "installs into a folder"},
}
