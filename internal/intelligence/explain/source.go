package explain

import (
	"context"
	"errors"
	"path"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/oss-dev/oss-dev/internal/errcode"
	"github.com/oss-dev/oss-dev/internal/intelligence/imports"
	"github.com/oss-dev/oss-dev/internal/safefile"
)

// maxFileBytes bounds the file read for an outline: larger ones are data
// or generated code, not something to read symbol by symbol.
const maxFileBytes = 4 << 20

// maxFolderFiles bounds the files of a folder outlined with ctags.
const maxFolderFiles = 200

// unit is the code a report is about: one file, or the files directly in
// a folder.
type unit struct {
	language string
	pkg      *Package
	// outline is what the report shows; all is every symbol, for lookup.
	outline []Symbol
	all     []Symbol
	imports []Import
	// doc is the module documentation of a non-Go file or folder.
	doc string
	// source is the file's text for a file target.
	source string
	notes  []string
	// files are the source files read, relative to the root.
	files []string
	// goDir is the Go package folder relative to the root, "" when not Go.
	goDir string
}

// languageOf names the language of a file from its extension, "" when it
// is not source code this package knows.
func languageOf(name string) string {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".go":
		return "Go"
	case ".py", ".pyi":
		return "Python"
	case ".js", ".mjs", ".cjs", ".jsx":
		return "JavaScript"
	case ".ts", ".tsx", ".mts", ".cts":
		return "TypeScript"
	case ".java":
		return "Java"
	case ".kt", ".kts":
		return "Kotlin"
	case ".scala":
		return "Scala"
	case ".rs":
		return "Rust"
	case ".rb":
		return "Ruby"
	case ".php":
		return "PHP"
	case ".cs":
		return "C#"
	case ".swift":
		return "Swift"
	case ".c", ".h":
		return "C"
	case ".cc", ".cpp", ".cxx", ".hpp", ".hh":
		return "C++"
	case ".sh", ".bash":
		return "Shell"
	case ".lua":
		return "Lua"
	case ".pl", ".pm":
		return "Perl"
	case ".ex", ".exs":
		return "Elixir"
	case ".hs":
		return "Haskell"
	case ".dart":
		return "Dart"
	case ".zig":
		return "Zig"
	}
	return ""
}

// sameFamily lists the pathspecs of files that can refer to code in lang,
// nil when any file may.
func sameFamily(lang string) []string {
	switch lang {
	case "Go":
		return []string{"*.go"}
	case "Python":
		return []string{"*.py", "*.pyi"}
	case "JavaScript", "TypeScript":
		return []string{"*.js", "*.mjs", "*.cjs", "*.jsx", "*.ts", "*.tsx", "*.mts", "*.cts", "*.vue", "*.svelte"}
	case "Java", "Kotlin", "Scala":
		return []string{"*.java", "*.kt", "*.kts", "*.scala"}
	case "Rust":
		return []string{"*.rs"}
	case "Ruby":
		return []string{"*.rb", "*.rake"}
	case "C", "C++":
		return []string{"*.c", "*.h", "*.cc", "*.cpp", "*.cxx", "*.hpp", "*.hh"}
	}
	return nil
}

// loadFile outlines one file.
func loadFile(ctx context.Context, t *target) (*unit, error) {
	lang := languageOf(t.rel)
	src, err := t.dir.ReadFile(t.rel, maxFileBytes)
	var se *safefile.Error
	if errors.As(err, &se) && errors.Is(err, safefile.ErrTooLarge) {
		fi, _ := t.dir.Stat(t.rel)
		size := int64(maxFileBytes)
		if fi != nil {
			size = fi.Size()
		}
		return &unit{language: lang, outline: []Symbol{}, all: []Symbol{}, imports: []Import{}, files: []string{t.rel},
			notes: []string{t.rel + " is " + strconv.FormatInt(size>>20, 10) + " MiB: too large to outline"}}, nil
	}
	if errors.As(err, &se) {
		return nil, errcode.Wrap(errcode.InvalidInput, err, se.Error(), "explain a regular file of the repository")
	}
	if err != nil {
		return nil, missingPath(t.rel, filepath.Join(t.root, filepath.FromSlash(t.rel)), err)
	}
	if lang == "Go" {
		return loadGoFile(t, src)
	}
	u := &unit{language: lang, source: string(src), files: []string{t.rel}, imports: imports.Parse(lang, string(src), t.rel),
		doc: moduleDoc(lang, strings.Split(string(src), "\n"))}
	syms, note := ctagsOutline(ctx, t.ctags, t.dir, []string{t.rel})
	if note != "" {
		u.notes = append(u.notes, note)
	}
	u.all = nonNil(syms)
	u.outline = u.all
	return u, nil
}

// loadFolder outlines the source files directly in a folder: a Go package
// through go/doc, anything else through ctags.
func loadFolder(ctx context.Context, t *target) (*unit, error) {
	names, subdirs, err := folderEntries(ctx, t)
	if err != nil {
		return nil, err
	}
	var goFiles, others []string
	for _, n := range names {
		switch lang := languageOf(n); {
		case lang == "Go" && !strings.HasSuffix(n, "_test.go"):
			goFiles = append(goFiles, n)
		case lang != "" && lang != "Go":
			others = append(others, n)
		}
	}
	var u *unit
	if len(goFiles) > 0 {
		u = loadGoPackage(t, goFiles)
	} else {
		u = loadOthers(ctx, t, others)
	}
	if len(goFiles) == 0 && len(others) == 0 {
		note := "no source files directly in " + display(t.rel)
		if len(subdirs) > 0 {
			shown := subdirs
			if len(shown) > 12 {
				shown = shown[:12]
			}
			note += "; its folders: " + strings.Join(shown, ", ")
			if len(subdirs) > len(shown) {
				note += " and " + strconv.Itoa(len(subdirs)-len(shown)) + " more"
			}
		}
		u.notes = append(u.notes, note)
	}
	return u, nil
}

func loadOthers(ctx context.Context, t *target, names []string) *unit {
	u := &unit{imports: []Import{}}
	langs := map[string]int{}
	var rels []string
	for _, n := range names {
		rel := path.Join(t.rel, n)
		if t.rel == "." {
			rel = n
		}
		rels = append(rels, rel)
		langs[languageOf(n)]++
	}
	if len(rels) > maxFolderFiles {
		u.notes = append(u.notes, "outlined the first "+strconv.Itoa(maxFolderFiles)+" of "+strconv.Itoa(len(rels))+" files")
		rels = rels[:maxFolderFiles]
	}
	u.files = rels
	if len(langs) == 1 {
		for l := range langs {
			u.language = l
		}
	}
	if f := folderDocFile(rels); f != "" {
		if src, err := t.dir.ReadFile(f, maxFileBytes); err == nil {
			u.doc = moduleDoc(languageOf(f), strings.Split(string(src), "\n"))
		}
	}
	seen := map[string]bool{}
	for _, rel := range rels {
		src, err := t.dir.ReadFile(rel, maxFileBytes)
		if err != nil {
			continue
		}
		for _, imp := range imports.Parse(languageOf(rel), string(src), rel) {
			if !seen[imp.Path] {
				seen[imp.Path] = true
				u.imports = append(u.imports, imp)
			}
		}
	}
	syms, note := ctagsOutline(ctx, t.ctags, t.dir, rels)
	if note != "" {
		u.notes = append(u.notes, note)
	}
	u.all = nonNil(syms)
	u.outline = u.all
	return u
}

// folderEntries lists the files directly in the folder (tracked ones in a
// repository) and its subfolders, sorted.
func folderEntries(ctx context.Context, t *target) (files, dirs []string, err error) {
	if t.repo != nil {
		all, err := t.repo.LsFiles(ctx)
		if err == nil {
			prefix := t.rel + "/"
			if t.rel == "." {
				prefix = ""
			}
			seenDir := map[string]bool{}
			for _, f := range all {
				rest, ok := strings.CutPrefix(f, prefix)
				if !ok {
					continue
				}
				if d, _, nested := strings.Cut(rest, "/"); nested {
					if !seenDir[d] {
						seenDir[d] = true
						dirs = append(dirs, d+"/")
					}
					continue
				}
				files = append(files, rest)
			}
			if len(files)+len(dirs) > 0 {
				slices.Sort(files)
				slices.Sort(dirs)
				return files, dirs, nil
			}
			// Nothing tracked here yet: read the folder as it is on disk.
		}
	}
	entries, err := t.dir.ReadDir(t.rel)
	if err != nil {
		return nil, nil, missingPath(t.rel, filepath.Join(t.root, filepath.FromSlash(t.rel)), err)
	}
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), ".") {
			continue
		}
		if e.IsDir() {
			dirs = append(dirs, e.Name()+"/")
		} else if e.Type().IsRegular() {
			files = append(files, e.Name())
		}
	}
	return files, dirs, nil
}

// display names a folder for people: "." is the repository's top.
func display(rel string) string {
	if rel == "." {
		return "the top folder"
	}
	return rel + "/"
}
