package explain

import (
	"path"
	"strings"
)

// moduleDoc is the documentation a non-Go file gives itself: a Python
// module's docstring, a Rust file's //! lines or /*! block. Comments
// before it (a licence header, a shebang, Rust's #![...] attributes) are
// passed over; a licence header is never the documentation.
func moduleDoc(lang string, lines []string) string {
	switch lang {
	case "Python":
		return pythonModuleDoc(lines)
	case "Rust":
		return rustInnerDoc(lines)
	}
	return ""
}

// pythonModuleDoc is the string literal that is the module's first
// statement.
func pythonModuleDoc(lines []string) string {
	for i, l := range lines {
		t := strings.TrimSpace(l)
		switch {
		case t == "", strings.HasPrefix(t, "#"):
			continue
		case strings.HasPrefix(strings.TrimLeft(t, "rRuU"), `"""`), strings.HasPrefix(strings.TrimLeft(t, "rRuU"), `'''`):
			// pythonDocstring reads the body that follows a line ending
			// in ':'; a module's body starts at the top, so give it one.
			return pythonDocstring(append([]string{"module:"}, lines[i:]...), 1)
		}
		return ""
	}
	return ""
}

// rustInnerDoc collects the //! lines or the /*! block that document the
// enclosing module.
func rustInnerDoc(lines []string) string {
	var doc []string
	for i := 0; i < len(lines); i++ {
		t := strings.TrimSpace(lines[i])
		switch {
		case strings.HasPrefix(t, "//!"):
			doc = append(doc, strings.TrimSpace(strings.TrimPrefix(t, "//!")))
			continue
		case len(doc) > 0:
			return trimBlank(doc)
		case strings.HasPrefix(t, "/*!"):
			return rustBlockDoc(lines[i:])
		case t == "", strings.HasPrefix(t, "//"), strings.HasPrefix(t, "#!["):
			continue
		case strings.HasPrefix(t, "/*"):
			// a licence or other block comment: skip to its end
			for i < len(lines) && !strings.Contains(lines[i], "*/") {
				i++
			}
			continue
		}
		return ""
	}
	return trimBlank(doc)
}

// rustBlockDoc reads a /*! ... */ block from its first line.
func rustBlockDoc(lines []string) string {
	var doc []string
	for i, l := range lines {
		t := strings.TrimSpace(l)
		if i == 0 {
			t = strings.TrimSpace(strings.TrimPrefix(t, "/*!"))
		}
		end := strings.Contains(t, "*/")
		t = strings.TrimSpace(strings.TrimPrefix(strings.TrimSuffix(strings.TrimSpace(strings.SplitN(t, "*/", 2)[0]), "*/"), "*"))
		doc = append(doc, t)
		if end {
			break
		}
	}
	return trimBlank(doc)
}

// folderDocFile is the file that documents a folder's module: a Python
// package's __init__.py, a Rust crate's lib.rs or module's mod.rs.
func folderDocFile(names []string) string {
	for _, want := range []string{"__init__.py", "lib.rs", "mod.rs", "main.rs"} {
		for _, n := range names {
			if path.Base(n) == want {
				return n
			}
		}
	}
	return ""
}

// licenceWords mark a comment as a licence or copyright header.
var licenceWords = []string{"copyright", "licence", "license", "spdx-license-identifier", "all rights reserved"}

// isLicence reports whether a comment is a licence or copyright header.
func isLicence(text string) bool {
	lower := strings.ToLower(text)
	for _, w := range licenceWords {
		if strings.Contains(lower, w) {
			return true
		}
	}
	return false
}
