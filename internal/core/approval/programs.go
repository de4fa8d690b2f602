package approval

import (
	"path/filepath"
	"strings"
)

// program classifies a command after wrappers are removed: by its own
// rule when it has one, as a reader when it only reads, and otherwise as
// a program the classifier does not know, which is never safe.
func (c *classifier) program(prog string, rest []string) (Class, string, []PathVerdict) {
	if rule := programRules(prog); rule != nil {
		return rule(c, prog, rest)
	}
	if r, ok := readers[prog]; ok {
		return c.reader(prog, r, rest)
	}
	if why, ok := refusedPrograms(prog); ok {
		return Dangerous, why, nil
	}
	return c.unknownProgram(prog, rest)
}

// judgeFunc classifies one program's arguments.
type judgeFunc func(c *classifier, prog string, rest []string) (Class, string, []PathVerdict)

// programRules are the programs whose arguments need their own reading.
func programRules(prog string) judgeFunc {
	switch prog {
	case "cd", "pushd", "popd":
		return (*classifier).cd
	case "rm", "unlink", "rmdir", "shred":
		return (*classifier).remove
	case "git":
		return (*classifier).git
	case "chmod":
		return (*classifier).permissions
	case "dd":
		return (*classifier).dd
	case "cp", "install", "mv", "rsync", "scp":
		return (*classifier).destinationWriter
	case "ln":
		return (*classifier).link
	case "truncate":
		return truncateFiles
	case "tee", "touch", "mkdir", "mkfifo", "mknod":
		return (*classifier).allOperandsWriter
	case "sed":
		return (*classifier).sed
	case "awk", "gawk", "mawk", "nawk":
		return (*classifier).awk
	case "find":
		return (*classifier).find
	case "kill":
		return (*classifier).kill
	case "go", "npm", "yarn", "pnpm", "cargo", "pip", "pip3":
		return (*classifier).toolchain
	case "curl":
		return download("-o", "--output")
	case "wget":
		return download("-O", "--output-document")
	case "tar":
		return (*classifier).tar
	case "zip":
		return (*classifier).zip
	case "unzip":
		return (*classifier).unzip
	case "ssh":
		return (*classifier).ssh
	case "date":
		return (*classifier).date
	case "hostname":
		return (*classifier).hostname
	case "systemctl":
		return (*classifier).systemctl
	case "crontab":
		return (*classifier).crontab
	case "source", ".":
		return (*classifier).source
	case "make", "gmake":
		return (*classifier).make
	case "trap":
		return (*classifier).trap
	case "alias", "hash", "enable", "mapfile", "readarray":
		return (*classifier).shellBuiltin
	case "printf", "read", "declare", "typeset", "local", "export", "readonly", "let", "unset":
		return (*classifier).assigningBuiltin
	}
	if editorCommands[prog] != nil {
		return (*classifier).editor
	}
	if interpreters[prog].name != "" || pythonName(prog) {
		return (*classifier).interpreter
	}
	return nil
}

// reader is a program that only reads unless given one of its risky
// options; operands are files it reads, except the one it writes.
type reader struct {
	risky opts
	// gnu programs accept any unique prefix of a long option.
	gnu bool
	// writes is the 1-based operand the program writes (uniq IN OUT).
	writes int
}

var (
	takesValue   = opt{effect: harmless, value: true}
	writesFile   = opt{effect: writesValue, value: true, why: "writes a file"}
	runsProgram  = opt{effect: runsCode, value: true, why: "runs a program"}
	decompresses = opt{effect: changes, why: "runs decompression programs"}
	runsEach     = opt{effect: runsCode, why: "runs a command for each file"}
)

// readers are the programs that only read and print, with the options
// that make them do more.
var readers = map[string]reader{
	"ls": {gnu: true}, "cat": {gnu: true}, "head": {gnu: true}, "tail": {gnu: true}, "wc": {gnu: true},
	"grep": {gnu: true}, "egrep": {gnu: true}, "fgrep": {gnu: true}, "echo": {}, "pwd": {}, "which": {},
	"type": {}, "whoami": {}, "id": {}, "uname": {}, "file": {risky: opts{"-C": {effect: changes, why: "compiles magic files into the folder"}}},
	"stat": {gnu: true}, "du": {gnu: true}, "df": {gnu: true}, "diff": {gnu: true}, "cmp": {gnu: true},
	"cut": {gnu: true}, "tr": {gnu: true}, "jq": {}, "basename": {}, "dirname": {}, "realpath": {}, "readlink": {},
	"true": {}, "false": {}, "test": {}, "[": {}, "printenv": {}, "seq": {}, "nproc": {}, "free": {}, "uptime": {},
	"ps": {}, "column": {}, "comm": {gnu: true}, "paste": {gnu: true}, "join": {gnu: true}, "fold": {gnu: true},
	"nl": {gnu: true}, "rev": {}, "tac": {gnu: true}, "od": {gnu: true}, "hexdump": {}, "md5sum": {gnu: true},
	"sha1sum": {gnu: true}, "sha256sum": {gnu: true}, "sha512sum": {gnu: true}, "cksum": {}, "b2sum": {gnu: true},
	"strings": {}, "sleep": {}, "tput": {}, "locale": {}, "lsb_release": {}, "whereis": {}, "expr": {}, "exit": {},
	"set": {}, "dirs": {}, "numfmt": {gnu: true}, "base32": {gnu: true},
	"fd":     {risky: opts{"-x": runsEach, "--exec": runsEach, "-X": runsEach, "--exec-batch": runsEach}},
	"bat":    {risky: opts{"--pager": runsProgram}},
	"base64": {gnu: true, risky: opts{"-o": writesFile, "--output": writesFile}},
	"tree":   {risky: opts{"-o": writesFile}},
	"split": {gnu: true, writes: 2, risky: opts{"-b": takesValue, "-l": takesValue, "-n": takesValue, "-a": takesValue, "-C": takesValue,
		"--additional-suffix": takesValue, "--filter": runsProgram}},
	"csplit": {gnu: true, risky: opts{"-f": writesFile, "--prefix": writesFile, "-b": takesValue, "-n": takesValue}},
	"uniq":   {gnu: true, writes: 2, risky: opts{"-f": takesValue, "-s": takesValue, "-w": takesValue}},
	"xxd":    {writes: 2, risky: opts{"-l": takesValue, "-s": takesValue, "-c": takesValue, "-g": takesValue, "-o": takesValue, "-n": takesValue}},
	"sort": {gnu: true, risky: opts{
		"-o": writesFile, "--output": writesFile, "--compress-program": runsProgram,
		"-T": {effect: movesDir, value: true, why: "keeps temporary files in a folder"}, "--temporary-directory": {effect: movesDir, value: true, why: "keeps temporary files in a folder"},
	}},
	"rg": {risky: opts{
		"--pre": runsProgram, "--hostname-bin": runsProgram, "-z": decompresses, "--search-zip": decompresses,
	}},
	"less": {risky: opts{"-k": {effect: changes, value: true, why: "reads key bindings"}, "--lesskey-file": {effect: changes, value: true, why: "reads key bindings"},
		"-o": writesFile, "-O": writesFile, "--log-file": writesFile, "--LOG-FILE": writesFile}},
	"more": {},
	"man": {gnu: true, risky: opts{
		"-P": runsProgram, "--pager": runsProgram, "-H": runsProgram, "--html": runsProgram,
		"-p": {effect: runsCode, value: true, why: "runs preprocessors"}, "--preprocessor": {effect: runsCode, value: true, why: "runs preprocessors"},
		"-l": {effect: changes, why: "formats a local file with groff"}, "--local-file": {effect: changes, why: "formats a local file with groff"},
	}},
}

// reader judges a reading program: risky options first, then where the
// files it reads are.
func (c *classifier) reader(prog string, r reader, rest []string) (Class, string, []PathVerdict) {
	hits, ops := r.risky.scan(rest, r.gnu)
	class, reason, paths := c.judgeHits(prog, hits)
	if prog == "less" || prog == "more" {
		if cl, why := pagerCommands(rest); cl.rank() > class.rank() {
			class, reason = cl, why
		}
	}
	for i, o := range ops {
		if i+1 == r.writes {
			v := c.env.CheckPath(o)
			paths = append(paths, v)
			if cl, why := c.writeClass(v); cl.rank() > class.rank() {
				class, reason = cl, prog+" "+why
			}
			continue
		}
		if looksLikePath(o) && !pure(prog) {
			v := c.env.CheckPath(o)
			paths = append(paths, v)
			if !v.Inside && class == Safe {
				class, reason = Unknown, prog+" reads outside the repository ("+o+")"
			}
		}
	}
	if class == Safe {
		reason = prog + " only reads"
	}
	return class, reason, paths
}

// pagerCommands judges less's "+command" arguments: "!" and "|" run a
// shell, anything but moving around may save or edit files.
func pagerCommands(rest []string) (Class, string) {
	for _, a := range rest {
		cmd, ok := strings.CutPrefix(a, "+")
		if !ok {
			continue
		}
		switch {
		case strings.ContainsAny(cmd, "!|"):
			return Dangerous, "the pager command " + a + " runs a shell"
		case strings.Trim(cmd, "0123456789GgF") != "" && !strings.HasPrefix(cmd, "/"):
			return Unknown, "the pager command " + a + " may save or edit files"
		}
	}
	return Safe, ""
}

// unknownProgram judges a program with no rule: never safe, and
// dangerous when its arguments show it writing outside the repository or
// running a dangerous command (an unknown wrapper such as taskset or
// systemd-run, or a shell string it is handed).
func (c *classifier) unknownProgram(prog string, rest []string) (Class, string, []PathVerdict) {
	hits, _ := outputOptions.scan(rest, false)
	class, reason, paths := c.judgeHits(prog, hits)
	if class == Dangerous {
		return class, reason, paths
	}
	if why, ok := c.runsDangerousArgs(rest); ok {
		return Dangerous, prog + " " + why, paths
	}
	return Unknown, prog + " may change things; the policy decides", paths
}

// runsDangerousArgs reports whether the arguments hold a dangerous
// command: from an argument that names a program the classifier knows,
// or in an argument that reads as a shell command line.
func (c *classifier) runsDangerousArgs(rest []string) (string, bool) {
	if c.depth >= maxDepth {
		return "has arguments nested too deep to judge", true
	}
	for i, a := range rest {
		if strings.HasPrefix(a, "-") || a == "." {
			continue
		}
		var sub Assessment
		switch {
		case knownProgram(progName([]string{a})):
			sub = c.subArgs(rest[i:])
		case strings.ContainsAny(a, " ;|&\n") && knownProgram(firstWord(a)):
			// a string that starts with a command, as tmux or xterm -e take;
			// prose such as a pull request body is left alone
			sub = c.sub(a)
			if strings.HasPrefix(sub.Reason, "the command cannot be parsed") {
				continue
			}
		default:
			continue
		}
		if sub.Class == Dangerous {
			return "runs a dangerous command in its arguments: " + sub.Reason, true
		}
	}
	return "", false
}

// firstWord is the first word of a string, as a program name.
func firstWord(s string) string {
	f := strings.Fields(s)
	if len(f) == 0 {
		return ""
	}
	return progName(f[:1])
}

// quiet is the environment for judging a command inside another one.
func (c *classifier) quiet() Environment {
	return c.env
}

// knownProgram reports whether the classifier has a rule for p.
func knownProgram(p string) bool {
	if programRules(p) != nil || simpleWrappers[p].name != "" {
		return true
	}
	if _, ok := readers[p]; ok {
		return true
	}
	_, refused := refusedPrograms(p)
	return refused || shellName(p) || privileged[p] != "" || p == "env" || p == "xargs" || p == "eval" || p == "exec"
}

// refusedPrograms are programs that are dangerous whatever their
// arguments: they administer the machine, its disks, users or network.
func refusedPrograms(p string) (string, bool) {
	if strings.HasPrefix(p, "mkfs") {
		return p + " formats a file system", true
	}
	if why, ok := adminPrograms[p]; ok {
		return p + " " + why, true
	}
	if why, ok := windowsPrograms[windowsName(p)]; ok {
		return p + " " + why, true
	}
	return "", false
}

var adminPrograms = map[string]string{
	"mke2fs": "formats a file system", "fdisk": "changes disk partitions", "sfdisk": "changes disk partitions",
	"gdisk": "changes disk partitions", "cfdisk": "changes disk partitions", "parted": "changes disk partitions",
	"wipefs": "erases file system signatures", "mkswap": "formats swap space", "swapon": "changes swap space",
	"swapoff": "changes swap space", "mount": "mounts file systems", "umount": "unmounts file systems",
	"losetup": "changes loop devices", "cryptsetup": "changes encrypted disks", "hdparm": "changes disk settings",
	"blkdiscard": "discards a whole device", "badblocks": "writes to a device", "diskutil": "changes disks",
	"zpool": "changes storage pools", "lvremove": "removes volumes", "vgremove": "removes volumes", "pvremove": "removes volumes",
	"shutdown": "stops the machine", "reboot": "restarts the machine", "halt": "stops the machine",
	"poweroff": "stops the machine", "init": "changes the run level", "telinit": "changes the run level",
	"iptables": "changes the firewall", "ip6tables": "changes the firewall", "iptables-restore": "changes the firewall",
	"nft": "changes the firewall", "ufw": "changes the firewall", "firewall-cmd": "changes the firewall",
	"modprobe": "loads or removes kernel modules", "insmod": "loads a kernel module", "rmmod": "removes a kernel module",
	"depmod": "changes kernel modules", "sysctl": "changes kernel settings", "setenforce": "changes SELinux",
	"chown": "gives files to another owner", "chgrp": "gives files to another group", "chattr": "changes file attributes",
	"service": "starts or stops system services", "hostnamectl": "changes the machine's name", "timedatectl": "changes the clock",
	"hwclock": "changes the hardware clock", "killall": "signals every process of a name", "pkill": "signals processes by pattern",
	"useradd": "adds users", "userdel": "removes users", "usermod": "changes users", "groupadd": "adds groups",
	"groupdel": "removes groups", "passwd": "changes passwords", "chpasswd": "changes passwords", "visudo": "changes sudo rules",
	"vipw": "changes users", "chsh": "changes login shells", "at": "schedules commands", "batch": "schedules commands",
	"launchctl": "changes system services", "dscl": "changes directory services", "sysadminctl": "changes users",
	"csrutil": "changes system protection", "nvram": "changes firmware settings", "pmset": "changes power settings",
	"apt": "changes system packages", "apt-get": "changes system packages", "dpkg": "changes system packages",
	"yum": "changes system packages", "dnf": "changes system packages", "rpm": "changes system packages",
	"pacman": "changes system packages", "zypper": "changes system packages", "apk": "changes system packages",
	"snap": "changes system packages", "chroot": "runs a command in another root", "unshare": "runs a command in new namespaces",
	"nsenter": "runs a command in another process's namespaces", "setpriv": "runs a command with other privileges",
	"capsh": "runs a command with other capabilities", "newgrp": "starts a shell in another group",
}

// windowsPrograms are Windows commands: none is known safe and these
// delete, change permissions, or run strings as code.
var windowsPrograms = map[string]string{
	"del": "deletes files", "erase": "deletes files", "rd": "deletes folders", "format": "formats a disk",
	"cmd": "runs a command string", "powershell": "runs a command string", "pwsh": "runs a command string",
	"icacls": "changes permissions", "takeown": "takes ownership of files", "reg": "changes the registry",
	"remove-item": "deletes files", "invoke-expression": "runs a string as code", "iex": "runs a string as code",
	"start-process": "starts programs", "invoke-webrequest": "downloads", "iwr": "downloads", "wmic": "administers Windows",
	"vssadmin": "deletes shadow copies", "diskpart": "changes disks", "bcdedit": "changes boot settings",
	"certutil": "downloads and decodes files", "bitsadmin": "downloads files", "wsl": "runs commands in Linux",
	"mshta": "runs scripts", "rundll32": "runs library code", "regsvr32": "runs library code", "schtasks": "schedules commands",
	"sc": "changes services", "cipher": "wipes disk space", "robocopy": "copies and deletes folders", "xcopy": "copies folders",
	"set-executionpolicy": "changes script policy", "new-service": "adds services", "stop-computer": "stops the machine",
	"restart-computer": "restarts the machine",
}

// windowsName folds a Windows command name: case does not matter there
// and .exe may be left out.
func windowsName(p string) string {
	p = strings.ToLower(p)
	for _, ext := range []string{".exe", ".com", ".bat", ".cmd", ".ps1"} {
		p = strings.TrimSuffix(p, ext)
	}
	return p
}

func (c *classifier) remove(_ string, rest []string) (Class, string, []PathVerdict) {
	flags, ops := flagsAndOperands(rest)
	recursive := hasAbbrev(flags, "rR", "recursive")
	var paths []PathVerdict
	for _, o := range ops {
		v := c.env.CheckPath(o)
		paths = append(paths, v)
		switch {
		case v.Reason == unknownPath && recursive:
			return Dangerous, "recursive deletion of a path only known at run time (" + o + ")", paths
		case !v.Inside && recursive:
			return Dangerous, "recursive deletion outside the repository (" + o + ")", paths
		case !v.Inside:
			return Dangerous, "deletes outside the repository (" + o + ")", paths
		case recursive && v.Resolved == c.rootResolved():
			return Dangerous, "recursive deletion of the whole repository", paths
		case recursive && dotGlob(o):
			return Dangerous, "recursive deletion of " + o + ", which can match '..'", paths
		case recursive && filepath.Base(o) == "*" && filepath.Dir(v.Resolved) == c.rootResolved():
			return Dangerous, "recursive deletion of everything in the repository (" + o + ")", paths
		case c.settingsPath(v.Resolved):
			return Dangerous, "deletes git's or oss-dev's own settings (" + o + ")", paths
		}
	}
	if len(ops) == 0 {
		return Safe, "deletes nothing", nil
	}
	return Unknown, "deletes files in the repository", paths
}

// dotGlob reports a pattern such as .* that older shells expand to "..".
func dotGlob(p string) bool {
	base := filepath.Base(p)
	return strings.HasPrefix(base, ".") && strings.ContainsAny(base, "*?[")
}

// rootResolved is the repository root with its links followed, worked out
// once per command line.
func (c *classifier) rootResolved() string {
	if c.shared.root == "" {
		c.shared.root = resolveExisting(c.env.RepoRoot)
	}
	return c.shared.root
}

// settingsPath reports a path in the repository's .git or .oss-dev folder:
// hooks and configuration there make later commands run code.
func (c *classifier) settingsPath(resolved string) bool {
	if resolved == "" || c.env.RepoRoot == "" {
		return false
	}
	root := c.rootResolved()
	for _, d := range []string{".git", ".oss-dev"} {
		if within(filepath.Join(root, d), resolved) {
			return true
		}
	}
	return false
}

func (c *classifier) permissions(_ string, rest []string) (Class, string, []PathVerdict) {
	flags, ops := flagsAndOperands(rest)
	recursive := hasAbbrev(flags, "R", "recursive")
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
		if c.settingsPath(v.Resolved) {
			return Dangerous, "changes permissions of git's or oss-dev's own settings (" + t + ")", paths
		}
	}
	if setsID(mode) {
		return Dangerous, "sets the setuid or setgid bit (" + mode + "), which runs a file with its owner's rights", paths
	}
	if recursive && worldWritable(mode) {
		return Dangerous, "makes a whole tree writable by everyone (" + mode + ")", paths
	}
	return Unknown, "changes permissions in the repository", paths
}

// setsID reports a mode that adds the setuid or setgid bit.
func setsID(mode string) bool {
	if strings.Trim(mode, "01234567") == "" {
		return len(mode) >= 4 && strings.ContainsAny(mode[len(mode)-4:len(mode)-3], "234567")
	}
	for _, clause := range strings.Split(mode, ",") {
		if i := strings.IndexAny(clause, "+="); i >= 0 && strings.Contains(clause[i:], "s") {
			return true
		}
	}
	return false
}

func worldWritable(mode string) bool {
	if len(mode) >= 3 && strings.Trim(mode, "01234567") == "" {
		last := mode[len(mode)-1]
		return last == '7' || last == '6' || last == '2' || last == '3'
	}
	for _, clause := range strings.Split(mode, ",") {
		i := strings.IndexAny(clause, "+=")
		if i < 0 || !strings.Contains(clause[i:], "w") {
			continue
		}
		who := clause[:i]
		if who == "" || strings.ContainsAny(who, "oa") {
			return true
		}
	}
	return false
}

func (c *classifier) dd(_ string, rest []string) (Class, string, []PathVerdict) {
	for _, a := range rest {
		if out, ok := strings.CutPrefix(a, "of="); ok {
			v := c.env.CheckPath(out)
			cl, why := c.writeClass(v)
			return cl, "dd " + why, []PathVerdict{v}
		}
	}
	return Unknown, "dd copies data", nil
}

// destinationWriter judges cp-like commands by where they write; a
// destination on another machine (host:path) is outside the repository.
func (c *classifier) destinationWriter(prog string, rest []string) (Class, string, []PathVerdict) {
	options := opts{"-t": {effect: writesValue, value: true}, "--target-directory": {effect: writesValue, value: true}}
	switch prog {
	case "rsync":
		options = opts{"-e": runsProgram, "--rsh": runsProgram, "--rsync-path": runsProgram}
	case "scp":
		options = opts{"-S": runsProgram, "-o": {effect: changes, value: true}, "-F": runsProgram}
	}
	hits, ops := options.scan(rest, prog != "scp")
	if len(ops) == 0 && len(hits) == 0 {
		return Unknown, prog + " copies files", nil
	}
	dest := ""
	if len(ops) > 0 {
		dest = ops[len(ops)-1]
	}
	for _, h := range hits {
		switch {
		case h.opt.effect == runsCode:
			return Dangerous, prog + " " + h.name + " runs a program", nil
		case h.opt.effect == writesValue:
			dest = h.value
		}
	}
	if remotePath(dest) {
		return Dangerous, prog + " copies to another machine (" + dest + ")", nil
	}
	if prog == "mv" {
		// mv deletes its sources
		for _, src := range ops[:max(0, len(ops)-1)] {
			if v := c.env.CheckPath(src); !v.Inside || c.settingsPath(v.Resolved) {
				return Dangerous, "mv takes files away from outside the repository or from its settings (" + src + ")", []PathVerdict{v}
			}
		}
	}
	v := c.env.CheckPath(dest)
	cl, why := c.writeClass(v)
	return cl, prog + " " + why, []PathVerdict{v}
}

// remotePath reports host:path, the form scp and rsync send away.
func remotePath(p string) bool {
	i := strings.Index(p, ":")
	return i > 0 && !strings.Contains(p[:i], "/")
}

// allOperandsWriter judges commands that change every file they name.
func (c *classifier) allOperandsWriter(prog string, rest []string) (Class, string, []PathVerdict) {
	_, ops := flagsAndOperands(rest)
	return c.writesAll(prog, ops)
}

func (c *classifier) writesAll(prog string, files []string) (Class, string, []PathVerdict) {
	var paths []PathVerdict
	for _, o := range files {
		v := c.env.CheckPath(o)
		paths = append(paths, v)
		if cl, why := c.writeClass(v); cl == Dangerous {
			return cl, prog + " " + why, paths
		}
	}
	if len(files) == 0 {
		return Unknown, prog + " writes files", nil
	}
	return Unknown, prog + " changes files in the repository", paths
}

// link judges ln: a link that points out of the repository lets a later
// write in the repository land outside it.
func (c *classifier) link(prog string, rest []string) (Class, string, []PathVerdict) {
	flags, ops := flagsAndOperands(rest)
	cl, why, paths := c.destinationWriter(prog, rest)
	if cl == Dangerous || !hasAbbrev(flags, "s", "symbolic") || len(ops) == 0 {
		return cl, why, paths
	}
	dir := ""
	if len(ops) > 1 {
		dir = filepath.Dir(ops[len(ops)-1])
	}
	for _, target := range ops[:max(1, len(ops)-1)] {
		p := target
		if !filepath.IsAbs(p) && !strings.HasPrefix(p, "~") && !strings.HasPrefix(p, "$") {
			p = filepath.Join(dir, p)
		}
		v := c.env.CheckPath(p)
		if !v.Inside {
			return Dangerous, "ln makes a link to outside the repository (" + target + "), which later writes would follow", append(paths, v)
		}
	}
	return cl, why, paths
}

func (c *classifier) find(_ string, rest []string) (Class, string, []PathVerdict) {
	var paths []PathVerdict
	i := 0
	for i < len(rest) && (rest[i] == "-L" || rest[i] == "-H" || rest[i] == "-P" || strings.HasPrefix(rest[i], "-O") || rest[i] == "-D") {
		if rest[i] == "-D" {
			i++
		}
		i++
	}
	for ; i < len(rest) && !strings.HasPrefix(rest[i], "-") && rest[i] != "(" && rest[i] != "!"; i++ {
		paths = append(paths, c.env.CheckPath(rest[i]))
	}
	for _, a := range rest {
		switch a {
		case "-delete":
			return Dangerous, "find -delete deletes whatever it matches", paths
		case "-exec", "-execdir", "-ok", "-okdir":
			return Dangerous, "find " + a + " runs commands on what it matches", paths
		case "-fprint", "-fprint0", "-fprintf", "-fls":
			return Dangerous, "find " + a + " writes a file", paths
		}
	}
	for _, p := range paths {
		if !p.Inside {
			return Unknown, "find reads outside the repository (" + p.Path + ")", paths
		}
	}
	return Safe, "find only lists", paths
}

// kill is dangerous when it signals every process (-1), init (1) or a
// whole process group (a negative or zero pid).
func (c *classifier) kill(_ string, rest []string) (Class, string, []PathVerdict) {
	pids := rest
	for i := 0; i < len(pids); {
		a := pids[i]
		switch {
		case a == "--":
			pids = pids[i+1:]
			i = len(pids) + 1
		case a == "-s" || a == "-n":
			i += 2
		case strings.HasPrefix(a, "-") && i == 0 && a != "-1":
			i++
		default:
			pids = pids[i:]
			i = len(pids) + 1
		}
		if i > len(pids) {
			break
		}
	}
	for _, p := range pids {
		if p == "-1" || p == "1" || p == "0" || strings.HasPrefix(p, "-") && strings.Trim(p[1:], "0123456789") == "" {
			return Dangerous, "kill " + p + " signals every process, init or a whole process group", nil
		}
	}
	return Unknown, "signals processes", nil
}

// download judges curl and wget by where they save.
func download(short, long string) judgeFunc {
	return func(c *classifier, prog string, rest []string) (Class, string, []PathVerdict) {
		out := opts{short: writesFile, long: writesFile,
			"-P": {effect: movesDir, value: true, why: "saves into a folder"}, "--directory-prefix": {effect: movesDir, value: true, why: "saves into a folder"},
			"-K": {effect: changes, value: true, why: "reads options from a file"}, "--config": {effect: changes, value: true, why: "reads options from a file"},
			"-e": {effect: changes, value: true, why: "runs wgetrc commands"}, "--execute": {effect: changes, value: true, why: "runs wgetrc commands"},
		}
		if prog == "curl" {
			delete(out, "-P")
			delete(out, "-e")
			out["--output-dir"] = opt{effect: movesDir, value: true, why: "saves into a folder"}
		} else {
			out["-o"], out["--output-file"], out["-a"], out["--append-output"] = writesFile, writesFile, writesFile, writesFile
		}
		hits, _ := out.scan(rest, prog == "wget")
		cl, why, paths := c.judgeHits(prog, hits)
		for _, h := range hits {
			if h.opt.effect == writesValue && h.value != "-" {
				c.downloaded[pathKey(c.env.CheckPath(h.value))] = true
			}
		}
		if cl == Dangerous {
			return cl, why, paths
		}
		return Unknown, prog + " fetches from the network", paths
	}
}

// pathKey names a file the same way however the command line spells it.
func pathKey(v PathVerdict) string {
	if v.Resolved != "" {
		return v.Resolved
	}
	return v.Path
}

// toolchain approves the read-only subcommands of language tools.
func (c *classifier) toolchain(prog string, rest []string) (Class, string, []PathVerdict) {
	hits, ops := opts{
		"-toolexec": runsProgram, "--toolexec": runsProgram, "-exec": runsProgram, "--exec": runsProgram,
		"-vettool": runsProgram, "--vettool": runsProgram, "-o": writesFile, "--target": {effect: movesDir, value: true, why: "installs into a folder"},
		"--target-dir": {effect: movesDir, value: true, why: "builds into a folder"}, "--prefix": {effect: movesDir, value: true, why: "installs into a folder"},
		"-d": {effect: movesDir, value: true, why: "saves into a folder"}, "--dest": {effect: movesDir, value: true, why: "saves into a folder"},
		"--root": {effect: movesDir, value: true, why: "installs into a folder"}, "-coverprofile": writesFile, "--coverprofile": writesFile,
		"-C": {effect: movesDir, value: true, why: "works in a folder"},
	}.scan(rest, false)
	if cl, why, paths := c.judgeHits(prog, hits); cl == Dangerous {
		return cl, why, paths
	}
	if why, ok := c.runsDangerousArgs(rest); ok {
		return Dangerous, prog + " " + why, nil
	}
	if len(ops) == 0 {
		if len(rest) > 0 && (rest[0] == "-v" || rest[0] == "-V" || rest[0] == "--version" || rest[0] == "version") {
			return Safe, "prints a version", nil
		}
		return Unknown, prog + " starts a language tool", nil
	}
	if len(hits) > 0 {
		return Unknown, prog + " " + hits[0].name + " " + hits[0].opt.why, nil
	}
	switch ops[0] {
	case "env":
		if hasFlag(rest, "wu", "") {
			return c.goEnvWrite(rest)
		}
		return Safe, "only reads project or tool information", nil
	case "version", "list", "doc", "vet", "ls", "view", "show", "freeze", "outdated", "why", "help", "metadata", "tree", "config":
		if ops[0] == "config" && len(ops) > 1 && ops[1] != "get" && ops[1] != "list" {
			return toolConfig(prog, ops[1], rest)
		}
		return Safe, "only reads project or tool information", nil
	}
	return Unknown, "runs " + ops[0] + "; the policy decides", nil
}

// toolConfig judges "npm config set" and the like: the user's
// configuration is outside the repository, and keys such as npm's
// script-shell name programs later commands run.
func toolConfig(prog, verb string, rest []string) (Class, string, []PathVerdict) {
	for _, a := range rest {
		if a == "--location=project" || a == "--local" || a == "--site" {
			return Unknown, prog + " config " + verb + " changes the project's configuration", nil
		}
	}
	return Dangerous, prog + " config " + verb + " writes the tool's configuration outside the repository", nil
}

// goEnvWrite judges "go env -w": variables that name programs or flags
// make every later build run them.
func (c *classifier) goEnvWrite(rest []string) (Class, string, []PathVerdict) {
	for _, a := range rest {
		name, _, ok := strings.Cut(a, "=")
		if !ok {
			continue
		}
		switch name {
		case "GOFLAGS", "CC", "CXX", "FC", "AR", "PKG_CONFIG", "GOTOOLCHAIN", "GOENV", "GOROOT", "GOPROXY", "GONOSUMDB", "GONOSUMCHECK", "GOSUMDB", "GOINSECURE", "GOPRIVATE", "GOEXPERIMENT", "GOBIN":
			return Dangerous, "go env -w " + name + " changes what later builds run", nil
		}
		if strings.HasPrefix(name, "CGO_") {
			return Dangerous, "go env -w " + name + " changes what later builds run", nil
		}
	}
	return Unknown, "go env -w changes the Go configuration", nil
}

// cd moves the directory later relative paths start from. A cd that may
// not run (in a branch, a loop, a function) or may fail leaves the
// directory unknown: later relative paths are then judged as unknown.
func (c *classifier) cd(prog string, rest []string) (Class, string, []PathVerdict) {
	_, ops := flagsAndOperands(rest)
	if prog == "popd" || len(ops) > 0 && ops[0] == "-" || prog == "pushd" && len(ops) == 0 {
		c.env.Dir = unknownDir
		return Safe, prog + " changes to a directory only known at run time", nil
	}
	target := "~"
	if len(ops) > 0 {
		target = ops[0]
	}
	v := c.env.CheckPath(target)
	switch {
	case v.Resolved == "" || c.conditional > 0 || !isDir(v.Resolved):
		c.env.Dir = unknownDir
	default:
		c.env.Dir = v.Resolved
	}
	return Safe, "changes directory", []PathVerdict{v}
}

// date sets the clock with -s or --set; otherwise it prints.
func (c *classifier) date(prog string, rest []string) (Class, string, []PathVerdict) {
	hits, _ := opts{"-s": {effect: administers, value: true, why: "sets the clock"}, "--set": {effect: administers, value: true, why: "sets the clock"},
		"-f": {effect: changes, value: true, why: "reads dates from a file"}, "--file": {effect: changes, value: true, why: "reads dates from a file"}}.scan(rest, true)
	if cl, why, paths := c.judgeHits(prog, hits); cl != Safe {
		return cl, why, paths
	}
	return Safe, "date only prints", nil
}

// hostname with an operand or -F renames the machine.
func (c *classifier) hostname(prog string, rest []string) (Class, string, []PathVerdict) {
	hits, ops := opts{"-F": {effect: administers, value: true, why: "renames the machine"}, "--file": {effect: administers, value: true, why: "renames the machine"}}.scan(rest, true)
	if len(hits) > 0 || len(ops) > 0 {
		return Dangerous, "hostname with a name renames the machine", nil
	}
	return Safe, "hostname only prints", nil
}

// systemctl only reads with the subcommands below; anything else starts,
// stops or powers off.
func (c *classifier) systemctl(_ string, rest []string) (Class, string, []PathVerdict) {
	_, ops := flagsAndOperands(rest)
	if len(ops) == 0 {
		return Unknown, "systemctl lists units", nil
	}
	switch ops[0] {
	case "status", "show", "cat", "is-active", "is-enabled", "is-failed", "list-units", "list-unit-files", "list-timers", "list-dependencies":
		return Unknown, "systemctl " + ops[0] + " reads the state of services", nil
	}
	return Dangerous, "systemctl " + ops[0] + " changes system services or power", nil
}

// crontab lists with -l; anything else replaces or removes the table.
func (c *classifier) crontab(_ string, rest []string) (Class, string, []PathVerdict) {
	if len(rest) == 1 && rest[0] == "-l" {
		return Unknown, "crontab -l lists scheduled commands", nil
	}
	return Dangerous, "crontab replaces or removes scheduled commands", nil
}

// ssh runs commands on another machine; options that run local commands
// or read another configuration are dangerous.
func (c *classifier) ssh(_ string, rest []string) (Class, string, []PathVerdict) {
	hits, ops := opts{
		"-o": {effect: changes, value: true}, "-F": {effect: runsCode, value: true, why: "reads a configuration that can run commands"},
		"-i": {effect: changes, value: true}, "-l": {effect: changes, value: true}, "-p": {effect: changes, value: true},
		"-J": {effect: changes, value: true}, "-L": {effect: changes, value: true}, "-R": {effect: changes, value: true},
		"-D": {effect: changes, value: true}, "-E": {effect: writesValue, value: true, why: "writes a log"}, "-S": {effect: changes, value: true},
		"-W": {effect: changes, value: true}, "-b": {effect: changes, value: true}, "-c": {effect: changes, value: true},
		"-m": {effect: changes, value: true}, "-e": {effect: changes, value: true}, "-w": {effect: changes, value: true},
		"-O": {effect: changes, value: true}, "-Q": {effect: changes, value: true}, "-B": {effect: changes, value: true},
		"-I": {effect: changes, value: true},
	}.scan(rest, false)
	for _, h := range hits {
		if h.name == "-o" && sshRunsLocal(h.value) {
			return Dangerous, "ssh -o " + h.value + " runs a local command", nil
		}
	}
	if cl, why, paths := c.judgeHits("ssh", hits); cl == Dangerous {
		return cl, why, paths
	}
	if len(ops) > 1 {
		return Dangerous, "ssh runs a command on another machine (" + strings.Join(ops[1:], " ") + ")", nil
	}
	return Unknown, "ssh connects to another machine", nil
}

func sshRunsLocal(option string) bool {
	key, _, _ := strings.Cut(strings.ToLower(option), "=")
	key, _, _ = strings.Cut(key, " ")
	switch key {
	case "proxycommand", "localcommand", "permitlocalcommand", "knownhostscommand", "remotecommand", "match", "include", "securitykeyprovider", "pkcs11provider":
		return true
	}
	return false
}

// source runs a file in the current shell: a file only known at run time,
// or standard input, cannot be seen.
func (c *classifier) source(prog string, rest []string) (Class, string, []PathVerdict) {
	_, ops := flagsAndOperands(rest)
	if len(ops) == 0 {
		return Dangerous, prog + " with no file", nil
	}
	if why, ok := c.hiddenScript(ops[0]); ok {
		return Dangerous, prog + " runs " + why, nil
	}
	return Unknown, prog + " runs the script " + ops[0], []PathVerdict{c.env.CheckPath(ops[0])}
}

// hiddenScript reports a script operand whose content cannot be seen: one
// only known at run time, standard input, a file descriptor, or a file
// this command line downloaded.
func (c *classifier) hiddenScript(p string) (string, bool) {
	switch {
	case p == "-" || p == "/dev/stdin" || strings.HasPrefix(p, "/dev/fd/") || strings.HasPrefix(p, "/proc/"):
		return "code read from its input (" + p + ")", true
	case strings.ContainsAny(p, "$`") || strings.HasPrefix(p, "<(") || strings.HasPrefix(p, ">("):
		return "a script only known at run time (" + p + ")", true
	case c.downloaded[pathKey(c.env.CheckPath(p))]:
		return "a script this command line downloads (" + p + ")", true
	}
	return "", false
}

// trap runs its first operand as shell code when the signal comes.
func (c *classifier) trap(_ string, rest []string) (Class, string, []PathVerdict) {
	_, ops := flagsAndOperands(rest)
	if len(ops) < 2 || ops[0] == "-" || ops[0] == "" {
		return Safe, "trap lists or resets handlers", nil
	}
	sub := c.sub(ops[0])
	return worst(Unknown, sub.Class), "trap runs " + ops[0] + " later: " + sub.Reason, nil
}

// shellBuiltin judges builtins that change what later names run.
func (c *classifier) shellBuiltin(prog string, rest []string) (Class, string, []PathVerdict) {
	switch {
	case prog == "alias" && strings.Contains(strings.Join(rest, " "), "="):
		return Dangerous, "alias changes what a later command name runs", nil
	case prog == "hash" && hasFlag(rest, "p", ""):
		return Dangerous, "hash -p changes which file a command name runs", nil
	case prog == "enable" && hasFlag(rest, "f", ""):
		return Dangerous, "enable -f loads code into the shell", nil
	case (prog == "mapfile" || prog == "readarray") && hasFlag(rest, "C", ""):
		return Dangerous, prog + " -C runs a callback", nil
	case prog == "alias" || prog == "hash" || prog == "enable":
		return Safe, prog + " only lists", nil
	}
	return Unknown, prog + " changes shell variables", nil
}

// assigningBuiltin judges builtins that assign variables: a name or value
// holding $(...) is run by arithmetic and array subscripts.
func (c *classifier) assigningBuiltin(prog string, rest []string) (Class, string, []PathVerdict) {
	for _, a := range rest {
		if holdsCode(a) {
			return Dangerous, prog + " is given shell code (" + a + ") that arithmetic or a subscript would run", nil
		}
	}
	if prog == "printf" && !hasFlag(rest, "v", "") {
		return Safe, "printf only prints", nil
	}
	return Unknown, prog + " changes shell variables", nil
}

// holdsCode reports text that the shell would run if it were evaluated
// again, as arithmetic and subscripts do.
func holdsCode(s string) bool {
	return strings.Contains(s, "$(") || strings.Contains(s, "`") || strings.Contains(s, "${")
}

// pure commands cannot do harm whatever their arguments are.
func pure(p string) bool {
	switch p {
	case "echo", "printf", "true", "false", "test", "[", "sleep", "seq", "date", "pwd", "expr", "exit":
		return true
	}
	return false
}

// editorCommands are editors with the options that run their own
// commands (a vim command can start a shell) or load code.
var editorCommands = map[string]opts{
	"vim": vimOptions, "vi": vimOptions, "nvim": vimOptions, "view": vimOptions, "ex": vimOptions, "vimdiff": vimOptions, "gvim": vimOptions,
	"emacs": {"--eval": codeArg, "-l": codeLoad, "--load": codeLoad, "-f": codeArg, "--funcall": codeArg, "--batch": codeTTY, "--script": codeLoad, "-x": codeLoad},
	"nano":  {"--rcfile": codeLoad},
}

var vimOptions = opts{"-c": codeArg, "--cmd": codeArg, "-S": codeLoad, "-u": codeLoad, "-U": codeLoad, "-s": codeLoad, "-w": writesFile, "-W": writesFile}

// editor is never safe; commands given on the command line are dangerous.
func (c *classifier) editor(prog string, rest []string) (Class, string, []PathVerdict) {
	for _, a := range rest {
		if strings.HasPrefix(a, "+") && len(a) > 1 && strings.Trim(a[1:], "0123456789") != "" {
			return Dangerous, prog + " " + a + " runs an editor command", nil
		}
	}
	hits, _ := editorCommands[prog].scan(rest, prog == "emacs")
	if cl, why, paths := c.judgeHits(prog, hits); cl == Dangerous {
		return cl, why, paths
	}
	return Unknown, prog + " opens an editor", nil
}

// make runs the makefile it is given: one only known at run time, read
// from standard input or downloaded by the line cannot be seen, and
// --eval adds makefile text from the command line.
func (c *classifier) make(prog string, rest []string) (Class, string, []PathVerdict) {
	hits, _ := opts{"-f": takesValue, "--file": takesValue, "--makefile": takesValue,
		"--eval":      {effect: runsCode, value: true, why: "adds makefile text with recipes to run"},
		"-C":          {effect: movesDir, value: true, why: "runs the makefile of another folder"},
		"--directory": {effect: movesDir, value: true, why: "runs the makefile of another folder"}}.scan(rest, true)
	for _, h := range hits {
		if h.opt.effect != harmless {
			continue
		}
		if why, hidden := c.hiddenScript(h.value); hidden {
			return Dangerous, prog + " " + h.name + " runs " + why, nil
		}
		if v := c.env.CheckPath(h.value); !v.Inside {
			return Dangerous, prog + " " + h.name + " runs a makefile outside the repository (" + h.value + ")", []PathVerdict{v}
		}
	}
	if cl, why, paths := c.judgeHits(prog, hits); cl == Dangerous {
		return cl, why, paths
	}
	return c.unknownProgram(prog, rest)
}

// truncateFiles refuses truncate: what it cuts off a file is gone, with no
// copy in git for an untracked or changed file.
func truncateFiles(_ *classifier, _ string, _ []string) (Class, string, []PathVerdict) {
	return Dangerous, "truncate cuts files, and what it cuts off is lost", nil
}
