package linguist

import (
	"strconv"
	"strings"
	"sync"
)

//go:generate go run ./gen -o tables_gen.go

// language is what the tables know of one language.
type language struct {
	typ     Type
	group   string
	primary string // the primary extension, lower case with its dot
}

// tables are the parsed forms of the generated tables. They are built on
// the first call that needs them, never at start-up: a process that
// detects no language never pays for them.
type tables struct {
	languages    map[string]language
	extensions   map[string][]string
	filenames    map[string][]string
	interpreters map[string][]string
	aliases      map[string]string
	heuristics   map[string]*ruleSet
}

var loadTables = sync.OnceValue(parseTables)

// parseTables builds the maps from the generated text; expressions are
// left for first use.
func parseTables() *tables {
	t := &tables{
		languages:    map[string]language{},
		extensions:   parseLists(extensionsTable),
		filenames:    parseLists(filenamesTable),
		interpreters: parseLists(interpretersTable),
		aliases:      map[string]string{},
		heuristics:   map[string]*ruleSet{},
	}
	eachLine(languagesTable, func(f []string) {
		typ, _ := strconv.Atoi(f[1])
		t.languages[f[0]] = language{typ: Type(typ), group: f[2], primary: f[3]}
	})
	eachLine(aliasesTable, func(f []string) { t.aliases[f[0]] = f[1] })
	sets := make([]*ruleSet, len(heuristicSets))
	eachLine(heuristicsTable, func(f []string) {
		i, _ := strconv.Atoi(f[1])
		if sets[i] == nil {
			sets[i] = newRuleSet(heuristicSets[i])
		}
		t.heuristics[f[0]] = sets[i]
	})
	return t
}

// eachLine calls fn with the tab-separated fields of every line of table.
func eachLine(table string, fn func(fields []string)) {
	for line := range strings.SplitSeq(table, "\n") {
		if line != "" {
			fn(strings.Split(line, "\t"))
		}
	}
}

// parseLists parses a table of keys each followed by their languages.
func parseLists(table string) map[string][]string {
	m := make(map[string][]string, strings.Count(table, "\n"))
	eachLine(table, func(f []string) { m[f[0]] = f[1:] })
	return m
}
