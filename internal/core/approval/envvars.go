package approval

import "strings"

// harmlessVariables change only language, colours and layout of output,
// or name the author of a commit.
var harmlessVariables = map[string]bool{
	"LANG": true, "LANGUAGE": true, "TZ": true, "CI": true, "NO_COLOR": true, "FORCE_COLOR": true,
	"CLICOLOR": true, "CLICOLOR_FORCE": true, "TERM": true, "COLUMNS": true, "LINES": true,
	"GIT_AUTHOR_NAME": true, "GIT_AUTHOR_EMAIL": true, "GIT_AUTHOR_DATE": true, "GIT_COMMITTER_NAME": true,
	"GIT_COMMITTER_EMAIL": true, "GIT_COMMITTER_DATE": true, "GIT_TERMINAL_PROMPT": true, "GIT_OPTIONAL_LOCKS": true,
	"GIT_MERGE_AUTOEDIT": true, "GIT_FLUSH": true, "GIT_LITERAL_PATHSPECS": true, "GIT_ADVICE": true,
	"GOOS": true, "GOARCH": true, "CGO_ENABLED": true, "GO111MODULE": true, "RUST_BACKTRACE": true, "RUST_LOG": true,
	"PYTHONUNBUFFERED": true, "PYTHONDONTWRITEBYTECODE": true, "PYTHONHASHSEED": true, "PYTHONIOENCODING": true,
	"NODE_ENV": true,
}

// codeVariables make programs load or run other code, read another
// configuration (which can name programs), or find commands elsewhere.
var codeVariables = map[string]bool{
	"PATH": true, "BASH_ENV": true, "ENV": true, "PROMPT_COMMAND": true, "PS0": true, "PS1": true, "PS2": true,
	"PS4": true, "SHELLOPTS": true, "BASHOPTS": true, "IFS": true, "CDPATH": true, "PAGER": true, "EDITOR": true,
	"VISUAL": true, "HOME": true, "ZDOTDIR": true, "BROWSER": true, "GOFLAGS": true, "CC": true, "CXX": true,
	"CPP": true, "LD": true, "AR": true, "MAKEFLAGS": true, "MFLAGS": true, "GOTOOLCHAIN": true, "GOROOT": true,
	"GOENV": true, "TAR_OPTIONS": true, "GREP_OPTIONS": true, "SYSTEMD_PAGER": true, "SYSTEMD_EDITOR": true,
	"RSYNC_RSH": true, "RSYNC_CONNECT_PROG": true, "CVS_RSH": true, "WGETRC": true, "CURL_HOME": true,
	"GNUPGHOME": true, "EXECIGNORE": true, "HISTFILE": true, "TMOUT": true, "GCONV_PATH": true, "HOSTALIASES": true,
	"MALLOC_CONF": true, "RUSTC_WRAPPER": true, "RUSTC": true, "RUSTDOC": true, "RUSTFLAGS": true,
	"JAVA_TOOL_OPTIONS": true, "_JAVA_OPTIONS": true, "JDK_JAVA_OPTIONS": true, "MAVEN_OPTS": true, "GRADLE_OPTS": true,
	"PHPRC": true, "PHP_INI_SCAN_DIR": true,
}

// codePrefixes are families of such variables.
var codePrefixes = []string{
	"LD_", "DYLD_", "GIT_", "PYTHON", "PERL", "RUBY", "NODE_", "NPM_CONFIG_", "npm_config_", "BASH_FUNC_",
	"LESS", "MAN", "CARGO_", "LUA_", "GEM_", "BUNDLE_", "XDG_CONFIG", "SUDO_", "SSH_", "DOCKER_", "KUBECONFIG",
	"PIP_", "UV_", "YARN_", "PNPM_", "BAT_", "GOPROXY", "GOINSECURE", "GONOSUM", "GOPRIVATE", "TCL",
}

// envVarClass judges setting the variable name: for a command's
// environment, or (withCommand false) as a shell variable that the rest
// of the line inherits when exported or uses to find commands.
func envVarClass(name string, withCommand bool) (Class, string) {
	if harmlessVariables[name] || strings.HasPrefix(name, "LC_") {
		return Safe, ""
	}
	if codeVariables[name] {
		return Dangerous, "setting " + name + " changes which code programs run"
	}
	for _, p := range codePrefixes {
		if strings.HasPrefix(name, p) {
			return Dangerous, "setting " + name + " changes which code programs run"
		}
	}
	if !withCommand {
		return Safe, ""
	}
	return Unknown, "runs with " + name + " set, which the classifier cannot judge"
}
