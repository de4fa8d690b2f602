package approval

import (
	"strings"
)

// program classifies a command after wrappers are removed.
func (c *classifier) program(prog string, rest []string) (Class, string, []PathVerdict) {
	if prog == "cd" || prog == "pushd" {
		return c.cd(rest)
	}
	if rule := programRules(prog); rule != nil {
		return rule(c, rest)
	}
	switch {
	case readOnly(prog):
		return c.readOnly(prog, rest)
	case diskTool(prog):
		return Dangerous, prog + " changes disks or file systems", nil
	case power(prog):
		return Dangerous, prog + " stops or restarts the machine", nil
	}
	return Unknown, prog + " may change things; the policy decides", nil
}

func programRules(prog string) func(*classifier, []string) (Class, string, []PathVerdict) {
	switch prog {
	case "rm", "unlink", "rmdir", "shred":
		return (*classifier).remove
	case "git":
		return (*classifier).git
	case "chmod", "chown", "chgrp":
		return (*classifier).permissions
	case "dd":
		return (*classifier).dd
	case "cp", "ln", "install", "rsync", "scp":
		return destinationWriter
	case "mv", "tee", "touch", "mkdir", "truncate":
		return allOperandsWriter
	case "sed":
		return (*classifier).inPlaceEditor
	case "perl", "ruby":
		return (*classifier).scriptEditor
	case "find":
		return (*classifier).find
	case "kill":
		return (*classifier).kill
	case "go", "npm", "yarn", "pnpm", "cargo", "pip", "pip3", "python", "python3", "node":
		return (*classifier).toolchain
	case "curl":
		return download("-o")
	case "wget":
		return download("-O")
	}
	return nil
}

func readOnly(p string) bool {
	switch p {
	case "ls", "cat", "head", "tail", "less", "more", "grep", "egrep", "fgrep", "rg", "ag", "wc", "echo",
		"printf", "pwd", "which", "type", "whoami", "id", "date", "uname", "hostname", "file", "stat",
		"tree", "du", "df", "diff", "cmp", "sort", "uniq", "cut", "tr", "jq", "basename", "dirname",
		"realpath", "readlink", "true", "false", "test", "[", "printenv", "seq", "nproc", "free",
		"uptime", "ps", "column", "comm", "paste", "join", "fold", "nl", "rev", "tac", "xxd", "od",
		"hexdump", "md5sum", "sha1sum", "sha256sum", "sha512sum", "cksum", "strings", "man", "sleep",
		"tput", "locale", "lsb_release", "whereis", "expr", "exit", "set", "popd", "dirs":
		return true
	}
	return false
}

func diskTool(p string) bool {
	if strings.HasPrefix(p, "mkfs") {
		return true
	}
	switch p {
	case "mke2fs", "fdisk", "sfdisk", "gdisk", "cfdisk", "parted", "wipefs", "mkswap", "swapon", "swapoff",
		"mount", "umount", "losetup", "cryptsetup", "hdparm", "blkdiscard", "badblocks", "format", "diskutil", "zpool", "lvremove", "vgremove", "pvremove":
		return true
	}
	return false
}

func power(p string) bool {
	switch p {
	case "shutdown", "reboot", "halt", "poweroff", "init", "telinit":
		return true
	}
	return false
}

func (c *classifier) readOnly(prog string, rest []string) (Class, string, []PathVerdict) {
	_, ops := flagsAndOperands(rest)
	var paths []PathVerdict
	for _, o := range ops {
		if looksLikePath(o) {
			paths = append(paths, c.env.CheckPath(o))
		}
	}
	for _, p := range paths {
		if !p.Inside {
			return Unknown, prog + " reads outside the repository (" + p.Path + ")", paths
		}
	}
	return Safe, prog + " only reads", paths
}

func (c *classifier) remove(rest []string) (Class, string, []PathVerdict) {
	flags, ops := flagsAndOperands(rest)
	recursive := hasFlag(flags, "rR", "recursive")
	var paths []PathVerdict
	for _, o := range ops {
		v := c.env.CheckPath(o)
		paths = append(paths, v)
		switch {
		case v.Reason == "the path is only known at run time" && recursive:
			return Dangerous, "recursive deletion of a path only known at run time (" + o + ")", paths
		case !v.Inside && recursive:
			return Dangerous, "recursive deletion outside the repository (" + o + ")", paths
		case !v.Inside:
			return Dangerous, "deletes outside the repository (" + o + ")", paths
		case recursive && v.Resolved == c.rootResolved():
			return Dangerous, "recursive deletion of the whole repository", paths
		}
	}
	if len(ops) == 0 {
		return Safe, "deletes nothing", nil
	}
	return Unknown, "deletes files in the repository", paths
}

func (c *classifier) rootResolved() string {
	return resolveExisting(c.env.RepoRoot)
}

func (c *classifier) permissions(rest []string) (Class, string, []PathVerdict) {
	flags, ops := flagsAndOperands(rest)
	recursive := hasFlag(flags, "R", "recursive")
	if len(ops) == 0 {
		return Unknown, "changes permissions", nil
	}
	mode, targets := ops[0], ops[1:]
	var paths []PathVerdict
	for _, t := range targets {
		v := c.env.CheckPath(t)
		paths = append(paths, v)
		if !v.Inside {
			return Dangerous, "changes permissions outside the repository (" + t + ")", paths
		}
	}
	if recursive && worldWritable(mode) {
		return Dangerous, "makes a whole tree writable by everyone (" + mode + ")", paths
	}
	return Unknown, "changes permissions in the repository", paths
}

func worldWritable(mode string) bool {
	if len(mode) >= 3 && strings.Trim(mode, "01234567") == "" {
		last := mode[len(mode)-1]
		return last == '7' || last == '6' || last == '2' || last == '3'
	}
	who, perms, ok := strings.Cut(mode, "+")
	if !ok || !strings.Contains(perms, "w") {
		return false
	}
	return who == "" || strings.ContainsAny(who, "oa")
}

func (c *classifier) dd(rest []string) (Class, string, []PathVerdict) {
	for _, a := range rest {
		if out, ok := strings.CutPrefix(a, "of="); ok {
			v := c.env.CheckPath(out)
			if strings.HasPrefix(out, "/dev/") && !harmlessDevice(out) {
				return Dangerous, "dd writes to the device " + out, []PathVerdict{v}
			}
			if !v.Inside {
				return Dangerous, "dd writes outside the repository (" + out + ")", []PathVerdict{v}
			}
			return Unknown, "dd writes " + out, []PathVerdict{v}
		}
	}
	return Unknown, "dd copies data", nil
}

// destinationWriter judges cp-like commands by where they write.
func destinationWriter(c *classifier, rest []string) (Class, string, []PathVerdict) {
	_, ops := flagsAndOperands(rest)
	if len(ops) == 0 {
		return Unknown, "copies files", nil
	}
	dest := ops[len(ops)-1]
	for i, f := range rest {
		if (f == "-t" || f == "--target-directory") && i+1 < len(rest) {
			dest = rest[i+1]
		} else if d, ok := strings.CutPrefix(f, "--target-directory="); ok {
			dest = d
		}
	}
	v := c.env.CheckPath(dest)
	if !v.Inside {
		return Dangerous, "writes outside the repository (" + dest + ")", []PathVerdict{v}
	}
	return Unknown, "writes " + dest, []PathVerdict{v}
}

// allOperandsWriter judges commands that change every file they name.
func allOperandsWriter(c *classifier, rest []string) (Class, string, []PathVerdict) {
	_, ops := flagsAndOperands(rest)
	var paths []PathVerdict
	for _, o := range ops {
		v := c.env.CheckPath(o)
		paths = append(paths, v)
		if !v.Inside {
			return Dangerous, "changes files outside the repository (" + o + ")", paths
		}
	}
	if len(ops) == 0 {
		return Unknown, "writes files", nil
	}
	return Unknown, "changes files in the repository", paths
}

func (c *classifier) inPlaceEditor(rest []string) (Class, string, []PathVerdict) {
	flags, ops := flagsAndOperands(rest)
	inPlace := false
	for _, f := range flags {
		if f == "-i" || strings.HasPrefix(f, "-i") || f == "--in-place" || strings.HasPrefix(f, "--in-place=") || (strings.HasPrefix(f, "-") && !strings.HasPrefix(f, "--") && strings.Contains(f, "i")) {
			inPlace = true
		}
	}
	if !inPlace {
		if len(ops) > 0 && strings.Contains(strings.Join(rest, " "), "-e") {
			return Unknown, "runs an inline program", nil
		}
		return Safe, "prints edited text without changing files", nil
	}
	files := ops
	if len(files) > 0 {
		files = files[1:]
	}
	return allOperandsWriter(c, files)
}

func (c *classifier) find(rest []string) (Class, string, []PathVerdict) {
	var paths []PathVerdict
	for _, a := range rest {
		if strings.HasPrefix(a, "-") {
			break
		}
		paths = append(paths, c.env.CheckPath(a))
	}
	for _, a := range rest {
		switch a {
		case "-delete":
			for _, p := range paths {
				if !p.Inside {
					return Dangerous, "find -delete outside the repository (" + p.Path + ")", paths
				}
			}
			return Unknown, "find deletes what it matches", paths
		case "-exec", "-execdir", "-ok", "-okdir", "-fprint", "-fprintf", "-fls":
			return Unknown, "find runs commands or writes files (" + a + ")", paths
		}
	}
	for _, p := range paths {
		if !p.Inside {
			return Unknown, "find reads outside the repository (" + p.Path + ")", paths
		}
	}
	return Safe, "find only lists", paths
}

func (c *classifier) kill(rest []string) (Class, string, []PathVerdict) {
	for _, a := range rest {
		if a == "-1" {
			return Dangerous, "kill -1 signals every process of the user", nil
		}
	}
	return Unknown, "signals processes", nil
}

// download judges curl and wget by where they save; outFlag is the
// program's short flag for the output file.
func download(outFlag string) func(*classifier, []string) (Class, string, []PathVerdict) {
	return func(c *classifier, rest []string) (Class, string, []PathVerdict) {
		out := ""
		for i, a := range rest {
			switch {
			case (a == outFlag || a == "--output") && i+1 < len(rest):
				out = rest[i+1]
			case strings.HasPrefix(a, "--output="):
				out = strings.TrimPrefix(a, "--output=")
			case strings.HasPrefix(a, "--output-document="):
				out = strings.TrimPrefix(a, "--output-document=")
			}
		}
		if out == "" || out == "-" {
			return Unknown, "fetches from the network", nil
		}
		v := c.env.CheckPath(out)
		if !v.Inside {
			return Dangerous, "downloads to a file outside the repository (" + out + ")", []PathVerdict{v}
		}
		return Unknown, "downloads to " + out, []PathVerdict{v}
	}
}

// toolchain approves the read-only subcommands of language tools.
func (c *classifier) toolchain(rest []string) (Class, string, []PathVerdict) {
	_, ops := flagsAndOperands(rest)
	if len(ops) == 0 {
		if hasFlag(rest, "V", "version") || len(rest) > 0 && (rest[0] == "-v" || rest[0] == "version") {
			return Safe, "prints a version", nil
		}
		return Unknown, "starts a language tool", nil
	}
	switch ops[0] {
	case "version", "env", "list", "doc", "vet", "ls", "view", "show", "freeze", "outdated", "why", "help", "metadata", "tree", "config":
		if ops[0] == "config" && len(ops) > 1 && ops[1] != "get" && ops[1] != "list" {
			return Unknown, "changes tool configuration", nil
		}
		return Safe, "only reads project or tool information", nil
	}
	return Unknown, "runs " + ops[0] + "; the policy decides", nil
}

// pure commands cannot do harm whatever their arguments are.
func pure(p string) bool {
	switch p {
	case "echo", "printf", "true", "false", "test", "[", "sleep", "seq", "date", "pwd", "expr", "exit":
		return true
	}
	return false
}

// cd moves the directory later relative paths start from.
func (c *classifier) cd(rest []string) (Class, string, []PathVerdict) {
	_, ops := flagsAndOperands(rest)
	target := "~"
	if len(ops) > 0 {
		target = ops[0]
	}
	v := c.env.CheckPath(target)
	switch {
	case v.Resolved == "":
		c.env.Dir = unknownDir
	default:
		c.env.Dir = v.Resolved
	}
	return Safe, "changes directory", []PathVerdict{v}
}

// scriptEditor judges perl and ruby: in-place edits write their files;
// anything else runs a program.
func (c *classifier) scriptEditor(rest []string) (Class, string, []PathVerdict) {
	flags, ops := flagsAndOperands(rest)
	for _, f := range flags {
		if strings.HasPrefix(f, "-") && !strings.HasPrefix(f, "--") && strings.Contains(f, "i") {
			var files []string
			for _, o := range ops {
				if !strings.Contains(o, " ") && !strings.ContainsAny(o, "/;{}") || looksLikePath(o) {
					files = append(files, o)
				}
			}
			return allOperandsWriter(c, files)
		}
	}
	return Unknown, "runs a program", nil
}
