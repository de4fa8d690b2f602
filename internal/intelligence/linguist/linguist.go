// Package linguist detects the language of a file with the rules of
// GitHub's linguist: its language, extension, file name and interpreter
// tables, its content heuristics for ambiguous extensions, and its vendored,
// generated and documentation path rules.
//
// The tables come from go-enry's data through a generator (see gen/): they
// are stored as string constants and parsed into maps on first use, and each
// extension's heuristics are compiled on first use, so a process that never
// detects a language pays nothing for them at start-up.
//
// Where linguist falls back on a Bayesian classifier to choose between the
// candidates that remain after every strategy (a .h file that is C, C++ or
// Objective-C), this package does not: Languages returns the candidates,
// and TieBreak picks one cheaply (see its documentation).
package linguist

import "strings"

// Type is a language's kind in linguist's languages.yml.
type Type int

// The language types. Only programming and markup languages count in
// GitHub's language bar.
const (
	Unknown Type = iota
	Data
	Programming
	Markup
	Prose
)

// String returns linguist's name of the type, or "unknown".
func (t Type) String() string {
	switch t {
	case Data:
		return "data"
	case Programming:
		return "programming"
	case Markup:
		return "markup"
	case Prose:
		return "prose"
	}
	return "unknown"
}

// LanguageType returns the type of a language, Unknown for a name linguist
// does not know.
func LanguageType(lang string) Type {
	return loadTables().languages[lang].typ
}

// LanguageGroup returns the group a language is counted under in the
// language bar (TSX under TypeScript), or "" when it has none.
func LanguageGroup(lang string) string {
	return loadTables().languages[lang].group
}

// LanguageByAlias returns the language a name or alias stands for, as
// .gitattributes' linguist-language and modelines write it: matching
// ignores case, treats spaces as underscores and drops anything from the
// first comma.
func LanguageByAlias(alias string) (string, bool) {
	key, _, _ := strings.Cut(alias, ",")
	key = strings.ToLower(strings.ReplaceAll(key, " ", "_"))
	lang, ok := loadTables().aliases[key]
	return lang, ok
}

// LanguagesByExtension returns the languages linguist associates with the
// longest known extension of filename (".d.ts" before ".ts"), or nil.
func LanguagesByExtension(filename string) []string {
	if !strings.Contains(filename, ".") {
		return nil
	}
	t := loadTables()
	lower := strings.ToLower(filename)
	for i := 0; i < len(lower); i++ {
		if lower[i] != '.' {
			continue
		}
		if langs, ok := t.extensions[lower[i:]]; ok {
			return langs
		}
	}
	return nil
}

// LanguageByExtension returns the first language of LanguagesByExtension,
// and whether it was the only one.
func LanguageByExtension(filename string) (lang string, safe bool) {
	langs := LanguagesByExtension(filename)
	if len(langs) == 0 {
		return "", false
	}
	return langs[0], len(langs) == 1
}

// LanguagesByFilename returns the languages of an exact file name
// (Makefile, Dockerfile, CMakeLists.txt), or nil.
func LanguagesByFilename(filename string) []string {
	return loadTables().filenames[baseName(filename)]
}

// LanguagesByInterpreter returns the languages run by an interpreter named
// in a shebang (python3, node, bash), or nil.
func LanguagesByInterpreter(interpreter string) []string {
	return loadTables().interpreters[interpreter]
}

// LinguistCommit is the linguist commit the tables were extracted from.
func LinguistCommit() string { return linguistCommit }

func baseName(p string) string {
	if i := strings.LastIndexAny(p, `/\`); i >= 0 {
		return p[i+1:]
	}
	return p
}
