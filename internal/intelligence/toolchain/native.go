package toolchain

import (
	"io/fs"
	"path"
	"regexp"
	"strings"
)

var (
	reCMakeMin = regexp.MustCompile(`(?i)cmake_minimum_required\s*\(\s*VERSION\s+([0-9]+(?:\.[0-9]+)*)`)
	reACPrereq = regexp.MustCompile(`AC_PREREQ\(\s*\[?\s*([0-9]+(?:\.[0-9]+)*)`)
	reQuoted   = regexp.MustCompile(`["']([^"']+)["']`)
)

// nativeFiles reads what a C or C++ build asks: CMake's minimum version,
// autoconf's AC_PREREQ, and a compiler for the languages it builds.
func (d *detector) nativeFiles() {
	cxx := false
	native := false
	if data, ok := d.read("CMakeLists.txt"); ok {
		native = true
		if line, v := matchLine(data, reCMakeMin); v != "" {
			d.add("cmake", true, Constraint{Range: v, Dialect: Minimum, Role: Requires, Source: "CMakeLists.txt cmake_minimum_required", Evidence: at("CMakeLists.txt", line)})
		}
		cxx = cxx || cmakeBuildsCXX(data)
	}
	for _, name := range []string{"configure.ac", "configure.in"} {
		data, ok := d.read(name)
		if !ok {
			continue
		}
		native = true
		// a released tarball ships configure, and a CMake build is the
		// other way in; otherwise a checkout must generate configure
		needed := !d.exists("configure") && !d.exists("CMakeLists.txt")
		if line, v := matchLine(data, reACPrereq); v != "" {
			d.add("autoconf", needed, Constraint{Range: v, Dialect: Minimum, Role: Requires, Source: name + " AC_PREREQ", Evidence: at(name, line)})
		} else {
			d.uses("autoconf", needed, name, Location{Path: name})
		}
		d.uses("make", true, name, Location{Path: name})
		cxx = cxx || strings.Contains(string(data), "AC_PROG_CXX")
		break
	}
	if data, ok := d.read("meson.build"); ok {
		native = true
		cxx = cxx || strings.Contains(string(data), "'cpp'")
	}
	if !native {
		// a plain Makefile over C or C++ sources
		c, cpp := d.nativeSources()
		if !(c || cpp) || !(d.exists("Makefile") || d.exists("GNUmakefile") || d.exists("makefile")) {
			return
		}
		cxx = cpp
	}
	where := d.nativeEvidence()
	d.uses("cc", true, "a C build ("+where.Path+")", where)
	if cxx {
		d.uses("c++", true, "a C++ build ("+where.Path+")", where)
	}
}

// cmakeBuildsCXX: project() names CXX, or names no language (CMake then
// enables C and C++).
func cmakeBuildsCXX(data []byte) bool {
	s := string(data)
	i := strings.Index(strings.ToLower(s), "project(")
	if i < 0 {
		return true
	}
	end := strings.IndexByte(s[i:], ')')
	if end < 0 {
		return true
	}
	args := strings.Fields(s[i+len("project(") : i+end])
	langs := false
	for _, a := range args[min(1, len(args)):] {
		switch strings.ToUpper(a) {
		case "C", "LANGUAGES", "NONE", "OBJC", "ASM", "FORTRAN", "CUDA":
			langs = true
		case "CXX":
			return true
		}
	}
	return !langs
}

// nativeSources reports C and C++ sources at the root or in src/.
func (d *detector) nativeSources() (c, cpp bool) {
	for _, dir := range []string{".", "src"} {
		entries, err := fs.ReadDir(d.fsys, dir)
		if err != nil {
			continue
		}
		for _, e := range entries {
			switch path.Ext(e.Name()) {
			case ".c":
				c = true
			case ".cc", ".cpp", ".cxx":
				cpp = true
			}
		}
	}
	return c, cpp
}

func (d *detector) nativeEvidence() Location {
	for _, n := range []string{"CMakeLists.txt", "configure.ac", "configure.in", "meson.build", "Makefile", "GNUmakefile", "makefile"} {
		if d.exists(n) {
			return Location{Path: n}
		}
	}
	return Location{}
}

// matchLine returns the 1-based line and first group of re's first match.
func matchLine(data []byte, re *regexp.Regexp) (int, string) {
	for i, l := range strings.Split(string(data), "\n") {
		if strings.HasPrefix(strings.TrimSpace(l), "#") || strings.HasPrefix(strings.TrimSpace(l), "dnl") {
			continue
		}
		if m := re.FindStringSubmatch(l); m != nil {
			return i + 1, m[1]
		}
	}
	return 0, ""
}

// gemspecs reads required_ruby_version from the root's gemspecs.
func (d *detector) gemspecs() {
	entries, err := fs.ReadDir(d.fsys, ".")
	if err != nil {
		return
	}
	for _, e := range entries {
		if e.IsDir() || !strings.HasSuffix(e.Name(), ".gemspec") {
			continue
		}
		data, ok := d.read(e.Name())
		if !ok {
			continue
		}
		d.uses("ruby", true, e.Name(), Location{Path: e.Name(), Line: 1})
		for i, l := range strings.Split(string(data), "\n") {
			if !strings.Contains(l, "required_ruby_version") || strings.HasPrefix(strings.TrimSpace(l), "#") {
				continue
			}
			var reqs []string
			for _, m := range reQuoted.FindAllStringSubmatch(l, -1) {
				reqs = append(reqs, m[1])
			}
			if len(reqs) > 0 {
				d.add("ruby", true, Constraint{Range: strings.Join(reqs, ", "), Dialect: Gem, Role: Requires,
					Source: e.Name() + " required_ruby_version", Evidence: at(e.Name(), i+1)})
			}
			break
		}
	}
}

// maxToolchainDepth bounds how deep rust-toolchain files are looked for.
const maxToolchainDepth = 3

// nestedRustToolchains reads rust-toolchain files below the root (a
// workspace member's or a sub-crate's): each pins that crate's toolchain.
func (d *detector) nestedRustToolchains() {
	var walk func(dir string, depth int)
	walk = func(dir string, depth int) {
		if depth > maxToolchainDepth {
			return
		}
		entries, err := fs.ReadDir(d.fsys, dir)
		if err != nil {
			return
		}
		for _, e := range entries {
			n := e.Name()
			p := path.Join(dir, n)
			switch {
			case e.IsDir():
				if strings.HasPrefix(n, ".") || n == "target" || n == "node_modules" || n == "vendor" {
					continue
				}
				walk(p, depth+1)
			case dir != "." && (n == "rust-toolchain" || n == "rust-toolchain.toml"):
				if data, ok := d.read(p); ok {
					d.rustToolchainFile(p, data)
				}
			}
		}
	}
	walk(".", 1)
}
