package linguist

import (
	"bytes"
	"path"
	"regexp"
	"strings"
	"sync"
)

// binarySniff is how much of a file IsBinary looks at, as git does.
const binarySniff = 8000

// IsBinary tells whether content looks binary: a NUL byte in its first
// 8000 bytes, git's test.
func IsBinary(content []byte) bool {
	if len(content) > binarySniff {
		content = content[:binarySniff]
	}
	return bytes.IndexByte(content, 0) >= 0
}

// strategy narrows a file's language; candidates are those the earlier
// strategies left when they could not decide.
type strategy func(filename string, content []byte, candidates []string) []string

// strategies are linguist's, in its order, without the Bayesian classifier.
var strategies = [...]strategy{
	byModeline,
	byFilename,
	byShebang,
	byExtension,
	byXML,
	byManpage,
	byContent,
}

// Languages returns the languages a file can be, applying linguist's
// strategies in order: modeline, file name, shebang, extension, XML
// header, man page name, content heuristics. The first strategy that gives
// exactly one language decides; otherwise the candidates of the last
// strategy that gave several are returned, for TieBreak. A binary file, or
// one no strategy recognises, has none. filename may be a path: only its
// base name counts. content should be the file's head (linguist reads up to
// 128 KiB).
func Languages(filename string, content []byte) []string {
	if IsBinary(content) {
		return nil
	}
	filename = baseName(filename)
	var langs []string
	for _, s := range strategies {
		found := s(filename, content, langs)
		switch {
		case len(found) == 1:
			return found
		case len(found) > 1:
			langs = found
		}
	}
	return langs
}

// Language returns the one language of a file: Languages, with ties broken
// by TieBreak without knowledge of the rest of the repository. It returns ""
// when the file has no language.
func Language(filename string, content []byte) string {
	return TieBreak(filename, Languages(filename, content), nil)
}

// TieBreak picks one of the candidates linguist's strategies left for a
// file, where linguist would run its Bayesian classifier (trained on
// millions of tokens, far too heavy to load for every run):
//
//  1. the candidate with the largest weight, when weight is not nil and
//     some candidate weighs more than zero: callers pass the bytes of each
//     language among the repository's files that were not ambiguous, so a
//     .h file in a C++ project is C++ and in a C project C;
//  2. else the only candidate whose primary extension (its first in
//     languages.yml) is the file's extension: .m is Objective-C's, .pl
//     Perl's is also Prolog's so it does not decide;
//  3. else the first candidate, in linguist's order.
//
// It returns "" for no candidates.
func TieBreak(filename string, candidates []string, weight func(lang string) int64) string {
	switch len(candidates) {
	case 0:
		return ""
	case 1:
		return candidates[0]
	}
	if weight != nil {
		best, bestWeight := "", int64(0)
		for _, c := range candidates {
			if w := weight(c); w > bestWeight {
				best, bestWeight = c, w
			}
		}
		if best != "" {
			return best
		}
	}
	ext := strings.ToLower(path.Ext(baseName(filename)))
	if ext != "" {
		t := loadTables()
		pick := ""
		for _, c := range candidates {
			if t.languages[c].primary == ext {
				if pick != "" {
					pick = ""
					break
				}
				pick = c
			}
		}
		if pick != "" {
			return pick
		}
	}
	return candidates[0]
}

func byFilename(filename string, _ []byte, _ []string) []string {
	if filename == "" {
		return nil
	}
	return LanguagesByFilename(filename)
}

func byShebang(_ string, content []byte, _ []string) []string {
	interp := Interpreter(content)
	if interp == "" {
		return nil
	}
	return LanguagesByInterpreter(interp)
}

func byExtension(filename string, _ []byte, _ []string) []string {
	return LanguagesByExtension(filename)
}

// byXML finds XML by its declaration in the first two lines, when nothing
// before narrowed the file.
func byXML(_ string, content []byte, candidates []string) []string {
	if len(candidates) > 0 {
		return candidates
	}
	// go-enry's expression `<?xml version=` makes the "<" optional, so
	// this is a plain search for the rest.
	if bytes.Contains(firstLines(content, 2), []byte("xml version=")) {
		return []string{"XML"}
	}
	return nil
}

var manpageName = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`\.(?:[1-9](?:[a-z_]+[a-z_0-9]*)?|0p|n|man|mdoc)(?:\.in)?$`)
})

// byManpage recognises man page names (ls.1, foo.3pm, bar.man).
func byManpage(filename string, _ []byte, _ []string) []string {
	if !strings.Contains(filename, ".") {
		return nil
	}
	if manpageName().MatchString(strings.ToLower(filename)) {
		return []string{"Roff Manpage", "Roff"}
	}
	return nil
}

// byContent runs the heuristics of the file's extension.
func byContent(filename string, content []byte, _ []string) []string {
	ext := strings.ToLower(path.Ext(filename))
	if ext == "" {
		return nil
	}
	set := loadTables().heuristics[ext]
	if set == nil {
		return nil
	}
	return set.match(content)
}

// firstLines returns content up to (not including) the newline that ends
// line n, or all of it.
func firstLines(content []byte, n int) []byte {
	end := -1
	for ; n > 0; n-- {
		i := bytes.IndexByte(content[end+1:], '\n')
		if i < 0 {
			return content
		}
		end += i + 1
	}
	return content[:end]
}
