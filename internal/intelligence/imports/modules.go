package imports

import (
	"strings"

	"golang.org/x/mod/modfile"
)

// ModuleName reads the name a manifest gives its module: the module path
// of a go.mod, the package name of a Cargo.toml; "" for anything else or
// when it names none.
func ModuleName(base string, data []byte) string {
	switch base {
	case "go.mod":
		return modfile.ModulePath(data)
	case "Cargo.toml":
		return crateName(string(data))
	}
	return ""
}

// crateName is the name in a Cargo.toml's [package] table.
func crateName(src string) string {
	inPackage := false
	for _, line := range strings.Split(src, "\n") {
		line = strings.TrimSpace(line)
		if strings.HasPrefix(line, "[") {
			inPackage = line == "[package]"
			continue
		}
		key, value, ok := strings.Cut(line, "=")
		if !inPackage || !ok || strings.TrimSpace(key) != "name" {
			continue
		}
		if name, ok := quoted(strings.TrimSpace(value)); ok && validModule(strings.ReplaceAll(name, "-", "_")) {
			return name
		}
	}
	return ""
}
