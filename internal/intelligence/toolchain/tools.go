package toolchain

import (
	"fmt"
	"regexp"
	"strings"
	"sync"
)

// Tool is what the checker needs to know about a tool: the program to
// look for and how to ask it its version.
type Tool struct {
	Name string
	// Program is the executable's name; on Windows WindowsProgram when set.
	Program        string
	WindowsProgram string
	// VersionArgs ask the program its version.
	VersionArgs []string
	// Kind: runtime, package-manager, build or system.
	Kind string
	// Elsewhere is set for a program that loads code from the folder it
	// starts in (Erlang's code path begins with the current folder): it is
	// asked from an empty folder, never from the repository.
	Elsewhere bool
	// Lists is set when the answer lists every installed version, one a
	// line (dotnet --list-sdks): the checker picks the one that fits.
	Lists bool
}

// ProgramFor returns the executable's name on goos.
func (t Tool) ProgramFor(goos string) string {
	if goos == "windows" && t.WindowsProgram != "" {
		return t.WindowsProgram
	}
	return t.Program
}

// LookupTool returns what is known of a canonical tool name.
func LookupTool(name string) (Tool, bool) {
	t := Tool{Name: name, Program: name, VersionArgs: []string{"--version"}}
	switch name {
	case "go":
		t.VersionArgs, t.Kind = []string{"version"}, "runtime"
	case "node", "deno", "bun":
		t.Kind = "runtime"
	case "python":
		t.Program, t.WindowsProgram, t.Kind = "python3", "python", "runtime"
	case "rust":
		t.Program, t.Kind = "rustc", "runtime"
	case "java":
		// -version works from Java 1.x to today; it prints to stderr.
		t.VersionArgs, t.Kind = []string{"-version"}, "runtime"
	case "ruby":
		t.Kind = "runtime"
	case "swift":
		t.Kind = "runtime"
	case "dart":
		t.Kind, t.Elsewhere = "runtime", true
	case "flutter":
		// --version prints "Flutter 3.24.0 • channel stable"; asked from
		// an empty folder, it reads no project's files
		t.Kind, t.Elsewhere = "runtime", true
	case "ghc":
		t.VersionArgs, t.Kind = []string{"--numeric-version"}, "runtime"
	case "cabal", "stack":
		// --numeric-version prints the version alone; Stack would read
		// the folder's stack.yaml for most else, so neither is asked there
		t.VersionArgs, t.Kind, t.Elsewhere = []string{"--numeric-version"}, "package-manager", true
	case "elixir":
		t.Kind, t.Elsewhere = "runtime", true
	case "erlang":
		// the full OTP version (26.2.5) is in a file of the release; the
		// release alone (26) where that file is missing
		t.Program, t.Kind, t.Elsewhere = "erl", "runtime", true
		t.VersionArgs = []string{"-noshell", "-eval", `R = erlang:system_info(otp_release), ` +
			`case file:read_file(filename:join([code:root_dir(), "releases", R, "OTP_VERSION"])) of ` +
			`{ok, V} -> io:put_chars(V); _ -> io:put_chars(R) end, halt().`}
	case "php":
		// -n: no php.ini is read, so no setting of anyone's runs with it
		t.VersionArgs, t.Kind = []string{"-n", "--version"}, "runtime"
	case "dotnet":
		// --version names the SDK global.json selects, and fails when none
		// is installed; the list says what is there either way.
		t.VersionArgs, t.Kind, t.Lists = []string{"--list-sdks"}, "runtime", true
	case "npm", "yarn", "pnpm", "poetry", "uv", "pipenv", "pdm", "cargo", "gradle", "composer":
		t.Kind = "package-manager"
	case "maven":
		t.Program, t.Kind = "mvn", "package-manager"
	case "bundler":
		t.Program, t.Kind = "bundle", "package-manager"
	case "make", "cmake", "protoc", "just", "bazel", "ninja", "meson", "buf", "task":
		t.Kind = "build"
		if name == "bazel" {
			t.VersionArgs = []string{"--version"}
		}
	case "docker":
		t.Kind = "system"
	case "cc", "c++":
		// the system's C or C++ compiler, gcc or clang by its common name
		t.Kind = "build"
	case "autoconf":
		t.Kind = "build"
	default:
		return Tool{}, false
	}
	return t, true
}

// managerToolName maps the names asdf and mise use to canonical names.
func managerToolName(s string) (string, bool) {
	switch strings.ToLower(s) {
	case "golang", "go":
		return "go", true
	case "nodejs", "node":
		return "node", true
	case "python":
		return "python", true
	case "ruby":
		return "ruby", true
	case "rust":
		return "rust", true
	case "java":
		return "java", true
	case "maven":
		return "maven", true
	case "gradle":
		return "gradle", true
	case "dotnet", "dotnet-core":
		return "dotnet", true
	case "php", "composer", "elixir", "erlang", "swift", "ghc", "cabal", "stack", "dart", "flutter":
		return strings.ToLower(s), true
	case "haskell":
		return "ghc", true
	case "yarn", "pnpm", "bun", "deno", "poetry", "uv", "cmake", "protoc", "just", "bazel", "ninja", "buf", "make":
		return strings.ToLower(s), true
	}
	return "", false
}

// outputPatterns are compiled on first use, not at start-up.
var outputPatterns = sync.OnceValue(func() map[string]*regexp.Regexp {
	return map[string]*regexp.Regexp{
		"ansi":    regexp.MustCompile(`\x1b\[[0-9;?]*[A-Za-z]`),
		"go":      regexp.MustCompile(`\bgo(\d+(?:\.\d+){0,2}(?:(?:rc|beta)\d+)?)\b`),
		"java":    regexp.MustCompile(`version "([^"]+)"`),
		"javaNew": regexp.MustCompile(`(?i)(?:openjdk|java)\s+(\d+(?:\.\d+){0,2})`),
		"elixir":  regexp.MustCompile(`\bElixir (\d+\.\d+(?:\.\d+)?(?:-[0-9A-Za-z.]+)?)`),
		"swift":   regexp.MustCompile(`\bSwift version (\d+\.\d+(?:\.\d+)?)`),
		"erlang":  regexp.MustCompile(`^\s*(\d+(?:\.\d+){0,3})\s*$`),
		"any":     regexp.MustCompile(`(\d+\.\d+(?:\.\d+)?)`),
		"haskell": regexp.MustCompile(`(\d+(?:\.\d+){1,3})`),
	}
})

// ParseProgramVersion reads the version a tool printed for its version
// flag; it fails when the output holds no version.
func ParseProgramVersion(tool, out string) (Version, error) {
	re := outputPatterns()
	out = re["ansi"].ReplaceAllString(out, "")
	switch tool {
	case "go":
		if m := re["go"].FindStringSubmatch(out); m != nil {
			if v, ok := ParseVersion(m[1]); ok {
				return v, nil
			}
		}
	case "java":
		for _, p := range []*regexp.Regexp{re["java"], re["javaNew"]} {
			if m := p.FindStringSubmatch(out); m != nil {
				if v, ok := javaVersion(m[1]); ok {
					return v, nil
				}
			}
		}
	case "ghc", "cabal", "stack":
		// cabal-install's versions have four numbers (3.10.3.0)
		if m := re["haskell"].FindStringSubmatch(out); m != nil {
			if v, ok := ParseVersion(m[1]); ok {
				return v, nil
			}
		}
	case "elixir", "erlang", "swift":
		// elixir --version prints the Erlang/OTP and erts lines first,
		// Xcode's swift the swift-driver's version
		if m := re[tool].FindStringSubmatch(out); m != nil {
			if v, ok := ParseVersion(m[1]); ok {
				return v, nil
			}
		}
	default:
		if m := re["any"].FindStringSubmatch(out); m != nil {
			if v, ok := ParseVersion(m[1]); ok {
				return v, nil
			}
		}
	}
	return Version{}, fmt.Errorf("printed no version: %q", firstLine(out, 80))
}

// ParseProgramVersions reads every version a listing tool printed, one a
// line (dotnet --list-sdks: "8.0.404 [/usr/share/dotnet/sdk]"); other
// tools give the one version they print.
func ParseProgramVersions(tool Tool, out string) ([]Version, error) {
	if !tool.Lists {
		v, err := ParseProgramVersion(tool.Name, out)
		if err != nil {
			return nil, err
		}
		return []Version{v}, nil
	}
	var vs []Version
	for _, l := range strings.Split(outputPatterns()["ansi"].ReplaceAllString(out, ""), "\n") {
		f := strings.Fields(l)
		if len(f) == 0 {
			continue
		}
		if v, ok := ParseVersion(f[0]); ok && v.N >= 2 {
			vs = append(vs, v)
		}
	}
	if len(vs) == 0 {
		return nil, fmt.Errorf("listed no version: %q", firstLine(out, 80))
	}
	return vs, nil
}

// firstLine returns the first non-empty line of s, cut to n bytes of
// printable text.
func firstLine(s string, n int) string {
	for _, l := range strings.Split(s, "\n") {
		l = strings.TrimSpace(l)
		if l == "" {
			continue
		}
		l = strings.Map(func(r rune) rune {
			if r < 32 || r == 127 || r == 0xFFFD {
				return -1
			}
			return r
		}, l)
		if len(l) > n {
			l = l[:n] + "..."
		}
		return l
	}
	return ""
}

// Managers are the version managers found on the machine; fixes use them
// when present.
type Managers struct {
	Asdf, Mise, Nvm, Pyenv, Rustup, Rbenv, Sdkman bool
	// The system installers found: fixes name only those the machine has
	// once Probed says the machine was looked at.
	Pipx, Brew, Apt, Dnf bool
	Probed               bool
}

// Fix is a one-line fix for a missing or mismatched tool on goos, using a
// version manager the machine has when one fits. want is the version to
// install ("" for any).
func Fix(tool, want, goos string, m Managers) string {
	ver := want
	switch {
	case m.Mise && tool != "docker" && tool != "make":
		if n := miseName(tool); n != "" {
			return "mise use " + n + "@" + orLatest(ver)
		}
	case m.Asdf && tool != "docker" && tool != "make":
		if n := miseName(tool); n != "" {
			return "asdf install " + asdfName(n) + " " + orLatest(ver)
		}
	}
	switch tool {
	case "node":
		if m.Nvm {
			return "nvm install " + orDefault(ver, "--lts")
		}
	case "python":
		if m.Pyenv {
			return "pyenv install " + orDefault(ver, "3") + " (then pyenv local " + orDefault(ver, "3") + ")"
		}
	case "rust", "cargo":
		if m.Rustup {
			return "rustup toolchain install " + orDefault(ver, "stable")
		}
	case "ruby":
		if m.Rbenv {
			return "rbenv install " + orDefault(ver, "-l")
		}
	case "java", "maven", "gradle":
		if m.Sdkman {
			n := map[string]string{"java": "java", "maven": "maven", "gradle": "gradle"}[tool]
			return "sdk install " + n + " " + ver
		}
	}
	return onThisMachine(platformFix(tool, ver, goos), tool, goos, m)
}

// onThisMachine rewrites a fix that names an installer the machine does
// not have (pipx, apt-get) into one it has.
func onThisMachine(fix, tool, goos string, m Managers) string {
	if !m.Probed {
		return fix
	}
	if rest, ok := strings.CutPrefix(fix, "pipx install "); ok && !m.Pipx {
		switch {
		case m.Brew:
			return "brew install " + rest
		case tool == "uv":
			return "curl -LsSf https://astral.sh/uv/install.sh | sh (or: python3 -m pip install --user uv)"
		}
		return "python3 -m pip install --user " + rest
	}
	if goos == "linux" && strings.Contains(fix, "sudo apt-get install ") && !m.Apt {
		if m.Dnf {
			return strings.ReplaceAll(fix, "sudo apt-get install ", "sudo dnf install ")
		}
		pkg := strings.Fields(fix[strings.Index(fix, "sudo apt-get install ")+len("sudo apt-get install "):])[0]
		return "install " + pkg + " with your distribution's package manager"
	}
	return fix
}

func orLatest(v string) string { return orDefault(v, "latest") }

func orDefault(v, d string) string {
	if v == "" {
		return d
	}
	return v
}

func miseName(tool string) string {
	switch tool {
	case "go", "node", "python", "ruby", "rust", "java", "maven", "gradle", "yarn", "pnpm", "bun", "deno", "cmake", "protoc", "just", "bazel", "uv", "poetry",
		"dotnet", "php", "elixir", "erlang", "swift", "dart", "flutter":
		return tool
	}
	return ""
}

func asdfName(n string) string {
	switch n {
	case "go":
		return "golang"
	case "node":
		return "nodejs"
	}
	return n
}

// platformFix is the plain install command of each platform.
func platformFix(tool, ver, goos string) string {
	major := ver
	if v, ok := ParseVersion(ver); ok {
		major = fmt.Sprint(v.Major())
	}
	pick := func(darwin, linux, windows string) string {
		switch goos {
		case "darwin":
			return darwin
		case "windows":
			return windows
		}
		return linux
	}
	at := func(prefix string) string {
		if ver == "" {
			return ""
		}
		return prefix + ver
	}
	switch tool {
	case "go":
		return pick("brew install go", "install Go"+at(" ")+" from https://go.dev/dl (unpack into /usr/local/go)", "winget install GoLang.Go")
	case "node":
		return pick("brew install node"+at("@"), "install Node.js"+at(" ")+" (https://nodejs.org, or nvm: nvm install "+orDefault(ver, "--lts")+")", "winget install OpenJS.NodeJS.LTS")
	case "npm":
		return "npm comes with Node.js; for another version: npx npm@" + orLatest(ver) + " --version, or upgrade Node.js"
	case "yarn", "pnpm":
		return "corepack enable (it installs the " + tool + " version package.json names)"
	case "bun":
		return pick("brew install oven-sh/bun/bun", "install Bun from https://bun.sh", "winget install Oven-sh.Bun")
	case "python":
		return pick("brew install python"+at("@"), "install Python"+at(" ")+" (pyenv install "+orDefault(ver, "3")+", or sudo apt-get install python3)", "winget install Python.Python."+orDefault(ver, "3"))
	case "poetry", "pipenv", "pdm":
		return "pipx install " + tool
	case "uv":
		return pick("brew install uv", "pipx install uv", "winget install astral-sh.uv")
	case "rust", "cargo":
		return "install rustup (https://rustup.rs), then: rustup toolchain install " + orDefault(ver, "stable")
	case "java":
		return pick("brew install openjdk@"+orDefault(major, "21"), "sudo apt-get install openjdk-"+orDefault(major, "17")+"-jdk", "winget install EclipseAdoptium.Temurin."+orDefault(major, "21")+".JDK")
	case "maven":
		return pick("brew install maven", "sudo apt-get install maven", "winget install Apache.Maven")
	case "gradle":
		return "use the project's ./gradlew, or install Gradle (https://gradle.org/install)"
	case "ruby":
		return pick("brew install ruby", "sudo apt-get install ruby-full (or rbenv install "+orDefault(ver, "-l")+")", "winget install RubyInstallerTeam.Ruby")
	case "bundler":
		return "gem install bundler" + at(" -v ")
	case "make":
		return pick("xcode-select --install", "sudo apt-get install make", "winget install GnuWin32.Make")
	case "cmake":
		return pick("brew install cmake", "sudo apt-get install cmake", "winget install Kitware.CMake")
	case "protoc":
		return pick("brew install protobuf", "sudo apt-get install protobuf-compiler", "winget install Google.Protobuf")
	case "docker":
		return pick("install Docker Desktop (https://docs.docker.com/desktop)", "sudo apt-get install docker.io", "install Docker Desktop (https://docs.docker.com/desktop)")
	case "cc", "c++":
		return pick("xcode-select --install", "sudo apt-get install build-essential", "winget install LLVM.LLVM")
	case "autoconf":
		return pick("brew install autoconf automake libtool", "sudo apt-get install autoconf automake libtool", "install autoconf in MSYS2 (pacman -S autoconf)")
	case "dart":
		return pick("brew install dart-lang/dart/dart", "install the Dart SDK"+at(" ")+" (https://dart.dev/get-dart, or with Flutter)", "choco install dart-sdk")
	case "flutter":
		return "install Flutter" + at(" ") + " (https://docs.flutter.dev/get-started/install, or fvm install " + orDefault(ver, "stable") + ")"
	case "ghc", "cabal", "stack":
		if tool != "ghc" {
			ver = "" // a package's cabal-version is a floor from long ago
		}
		return "ghcup install " + tool + " " + orDefault(ver, "recommended") + " (GHCup: https://www.haskell.org/ghcup)"
	case "swift":
		return pick("xcode-select --install (or swiftly install "+orLatest(ver)+")", "install Swift"+at(" ")+" (https://www.swift.org/install, or swiftly install "+orLatest(ver)+")", "winget install Swift.Toolchain")
	case "elixir":
		return pick("brew install elixir", "install Elixir"+at(" ")+" (https://elixir-lang.org/install.html, or sudo apt-get install elixir)", "winget install ElixirLang.Elixir")
	case "erlang":
		return pick("brew install erlang", "install Erlang/OTP"+at(" ")+" (https://www.erlang.org/downloads, or sudo apt-get install erlang)", "winget install Erlang.ErlangOTP")
	case "php":
		return pick("brew install php"+at("@"), "sudo apt-get install php-cli (for another version: mise use php@"+orLatest(ver)+")", "winget install PHP.PHP."+orDefault(ver, "8.4"))
	case "composer":
		return pick("brew install composer", "sudo apt-get install composer (or https://getcomposer.org/download)", "install Composer from https://getcomposer.org/download")
	case "dotnet":
		channel := orDefault(major, "LTS")
		if channel != "LTS" {
			channel += ".0"
		}
		return pick("brew install --cask dotnet-sdk", "install the .NET SDK "+channel+" (https://dot.net/download, or dotnet-install.sh --channel "+channel+")",
			"winget install Microsoft.DotNet.SDK."+orDefault(major, "10"))
	case "deno":
		return pick("brew install deno", "install Deno from https://deno.land", "winget install DenoLand.Deno")
	}
	return pick("brew install "+tool, "install "+tool+" with your package manager", "winget install "+tool)
}
