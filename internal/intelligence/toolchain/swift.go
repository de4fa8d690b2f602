package toolchain

import "strings"

// --- Swift ---

func (d *detector) swiftFiles() {
	if data, ok := d.read(".swift-version"); ok {
		if v, line := firstValueLine(data); v != "" {
			d.add("swift", true, Constraint{Range: v, Dialect: Exact, Role: Pins, Source: ".swift-version", Evidence: at(".swift-version", line)})
		}
	}
	data, ok := d.read("Package.swift")
	if !ok {
		return
	}
	d.uses("swift", true, "Package.swift", Location{Path: "Package.swift", Line: 1})
	first, _, _ := strings.Cut(string(data), "\n")
	v, ok := toolsVersion(first)
	if !ok {
		d.warn(CodeNotChecked, "Package.swift", 1, "the first line names no swift-tools-version; the Swift version is not checked")
		return
	}
	d.add("swift", true, Constraint{Range: v, Dialect: Minimum, Role: Requires, Source: "Package.swift swift-tools-version", Evidence: at("Package.swift", 1)})
}

// toolsVersion reads the manifest's first line, "// swift-tools-version:5.9"
// (spaces and a ;-separated suffix allowed): the oldest Swift that reads
// the manifest.
func toolsVersion(line string) (string, bool) {
	rest, ok := strings.CutPrefix(strings.TrimSpace(line), "//")
	if !ok {
		return "", false
	}
	rest, ok = strings.CutPrefix(strings.ToLower(strings.TrimSpace(rest)), "swift-tools-version:")
	if !ok {
		return "", false
	}
	rest, _, _ = strings.Cut(strings.TrimSpace(rest), ";")
	rest = strings.TrimSpace(rest)
	if v, ok := ParseVersion(rest); !ok || v.Pre != "" || !isVersionText(rest) {
		return "", false
	}
	return rest, true
}
