package repo

import "testing"

// TestFolderRoles: benchmarks have a role of their own; a module whose
// test files outnumber its code is still source; a folder named for tests
// holds tests unless it is a library for writing them.
func TestFolderRoles(t *testing.T) {
	dir := gitRepo(t, map[string]string{
		"go.mod":                                "module example.com/m\n\ngo 1.22\n",
		"main.go":                               "package main\n\nfunc main() {}\n",
		"bench/run.go":                          "package bench\n",
		"benches/parse.rs":                      "fn main() {}\n",
		"benchmarks/Main.java":                  "class Main {}\n",
		"profiling/run.py":                      "print(1)\n",
		"fuzz/fuzz_parse.rs":                    "fn main() {}\n",
		".changes/1.2/fix.md":                   "Fixed a thing.\n",
		"m4/ax_check.m4":                        "AC_DEFUN([AX_CHECK], [])\n",
		"buildSrc/Plugin.kt":                    "class Plugin\n",
		"gson/pom.xml":                          "<project/>\n",
		"gson/src/main/Gson.java":               "class Gson {}\n",
		"gson/src/test/ATest.java":              "class ATest {}\n",
		"gson/src/test/BTest.java":              "class BTest {}\n",
		"gson/src/test/CTest.java":              "class CTest {}\n",
		"regression-test/src/main/Fixture.java": "class Fixture {}\n",
		"coro-test/src/main/A.java":             "class A {}\n",
		"coro-test/src/main/B.java":             "class B {}\n",
		"coro-test/src/test/ATest.java":         "class ATest {}\n",
		"shapes/src/test/ATest.java":            "class ATest {}\n",
		"shapes/src/test/BTest.java":            "class BTest {}\n",
		"shapes/src/main/A.java":                "class A {}\n",
	}, "Add the tree")
	want := map[string]string{
		"bench/":           RoleBenchmarks,
		"benches/":         RoleBenchmarks,
		"benchmarks/":      RoleBenchmarks,
		"profiling/":       RoleBenchmarks,
		"fuzz/":            RoleTests,
		".changes/":        RoleDocs,
		"m4/":              RoleTooling,
		"buildSrc/":        RoleTooling,
		"gson/":            RoleSource, // its own pom.xml: a module, not a test folder
		"regression-test/": RoleTests,  // named for tests, no test of its own
		"coro-test/":       RoleSource, // a library for tests, with its own tests
		"shapes/":          RoleTests,  // no build file, mostly tests
	}
	got := map[string]string{}
	for _, f := range analyzeRepo(t, dir).Structure.TopLevel {
		got[f.Path] = f.Role + " (" + f.Reason + ")"
		if w, ok := want[f.Path]; ok && f.Role != w {
			t.Errorf("%s is %s (%s), want %s", f.Path, f.Role, f.Reason, w)
		}
	}
	for p := range want {
		if _, ok := got[p]; !ok {
			t.Errorf("%s is not in the layout %v", p, got)
		}
	}
}
