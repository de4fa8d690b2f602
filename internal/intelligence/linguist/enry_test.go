package linguist_test

import (
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/go-enry/go-enry/v2"

	"github.com/oss-dev/oss-dev/internal/intelligence/linguist"
	"github.com/oss-dev/oss-dev/internal/sharedtest"
)

// The tests in this file hold package linguist to go-enry, whose data it
// was generated from: on every file of a tree, every strategy but the
// Bayesian classifier must give what go-enry's gives. Only tests link
// go-enry; the oss-dev binary does not (see TestBinaryDoesNotLinkEnry).

// enryLanguages is enry.GetLanguages without its last strategy, the
// classifier, which package linguist replaces by TieBreak.
func enryLanguages(filename string, content []byte) []string {
	if enry.IsBinary(content) {
		return nil
	}
	var langs []string
	for _, s := range enry.DefaultStrategies[:len(enry.DefaultStrategies)-1] {
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

// diffStats counts, over a tree, the files where the two disagree.
type diffStats struct {
	files, languages, classifierPicks, vendor, documentation, generated int
	examples                                                            []string
}

func (d *diffStats) note(format string) {
	if len(d.examples) < 40 {
		d.examples = append(d.examples, format)
	}
}

// compareTree runs both on every regular file under root, reading at most
// 128 KiB of each as the repo package does.
func compareTree(t *testing.T, root string) diffStats {
	t.Helper()
	var d diffStats
	err := filepath.WalkDir(root, func(p string, e fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if e.IsDir() {
			if e.Name() == ".git" {
				return filepath.SkipDir
			}
			return nil
		}
		if !e.Type().IsRegular() {
			return nil
		}
		rel, _ := filepath.Rel(root, p)
		rel = filepath.ToSlash(rel)
		content, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		if len(content) > 128*1024 {
			content = content[:128*1024]
		}
		d.files++
		base := filepath.Base(rel)
		ours, theirs := linguist.Languages(base, content), enryLanguages(base, content)
		if !slices.Equal(ours, theirs) {
			d.languages++
			d.note(rel + ": languages " + strings.Join(ours, ",") + " != enry " + strings.Join(theirs, ","))
		}
		if len(ours) > 1 {
			if got, want := linguist.Language(base, content), enry.GetLanguage(base, content); got != want {
				d.classifierPicks++
				d.note(rel + ": tie-break " + got + ", enry's classifier " + want)
			}
		}
		if linguist.IsVendor(rel) != enry.IsVendor(rel) {
			d.vendor++
			d.note(rel + ": vendored differs")
		}
		if linguist.IsDocumentation(rel) != enry.IsDocumentation(rel) {
			d.documentation++
			d.note(rel + ": documentation differs")
		}
		if linguist.IsGenerated(rel, content) != enry.IsGenerated(rel, content) {
			d.generated++
			d.note(rel + ": generated differs")
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func checkAgreement(t *testing.T, root string) {
	d := compareTree(t, root)
	t.Logf("%s: %d files; differences: languages %d, vendored %d, documentation %d, generated %d; tie-break differs from enry's classifier on %d",
		root, d.files, d.languages, d.vendor, d.documentation, d.generated, d.classifierPicks)
	for _, e := range d.examples {
		t.Log("  " + e)
	}
	if d.languages+d.vendor+d.documentation+d.generated > 0 {
		t.Errorf("package linguist disagrees with go-enry on %d results", d.languages+d.vendor+d.documentation+d.generated)
	}
}

// TestAgreesWithEnryOnThisModule compares on this repository's own files.
func TestAgreesWithEnryOnThisModule(t *testing.T) {
	checkAgreement(t, sharedtest.ModuleRoot(t))
}

// TestAgreesWithEnryOnTree compares on any checkout named by
// LINGUIST_COMPARE_TREE, for measuring on real repositories.
func TestAgreesWithEnryOnTree(t *testing.T) {
	root := os.Getenv("LINGUIST_COMPARE_TREE")
	if root == "" {
		t.Skip("set LINGUIST_COMPARE_TREE to a checkout to compare on it")
	}
	checkAgreement(t, root)
}

// BenchmarkEnryLanguage is BenchmarkLanguage/h with go-enry, for comparison:
// the same heuristics, then its classifier for what they leave.
func BenchmarkEnryLanguage(b *testing.B) {
	header := []byte("#pragma once\n#include <vector>\n\nnamespace app {\n" + strings.Repeat("int f(int a, int b);\n", 200) + "class Widget { public: std::vector<int> v; };\n}\n")
	b.SetBytes(int64(len(header)))
	for b.Loop() {
		if enry.GetLanguage("widget.h", header) != "C++" {
			b.Fatal("not C++")
		}
	}
}
