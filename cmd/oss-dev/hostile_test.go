package main

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/rogpeppe/go-internal/testscript"

	"github.com/oss-dev/oss-dev/internal/provider/github/githubtest"
)

// hostileText carries what an attacker puts in a title, a name or a
// message to take over a terminal: a window title, an OSC 52 clipboard
// write, a screen clear, a recolouring, the 8-bit CSI, a full reset, a
// bell, a backspace and a carriage return.
const hostileText = "x\x1b]0;pwned\x07\x1b]52;c;cm0gLXJmIH4=\x07\x1b[2J\x1b[31m\u009b1A\x1bc\x07\x08\ry"

// cmdHostileRepo writes a repository whose file names, package names,
// README headings and contribution guide carry hostileText:
// hostile-repo DIR
func cmdHostileRepo(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 1 {
		ts.Fatalf("usage: hostile-repo DIR")
	}
	dir := ts.MkAbs(args[0])
	esc := strconv.Quote(hostileText) // a JSON-compatible escape of the same text
	files := map[string]string{
		"README.md":       "# Project " + hostileText + "\n\n## Build " + hostileText + "\n\nRun `make`.\n",
		"CONTRIBUTING.md": "# Contributing " + hostileText + "\n\nOpen a pull request.\n",
		"package.json": `{"name": ` + jsonString(esc) + `, "version": "1.0.0",
  "scripts": {"test": "jest"},
  "dependencies": {` + jsonString(strconv.Quote("left"+hostileText+"pad")) + `: "1.0.0"}}`,
		"src/app" + strings.ReplaceAll(hostileText, "\x08", "") + ".js": "console.log(1)\n",
		"main.go": "package main\n\n// main " + hostileText + "\nfunc main() {}\n",
	}
	for name, content := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			ts.Fatalf("hostile-repo: %v", err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			ts.Fatalf("hostile-repo: %v", err)
		}
	}
}

// jsonString turns a Go-quoted string into a JSON one: the two differ only
// in \x escapes, which strconv.Quote does not emit for these characters.
func jsonString(quoted string) string {
	return strings.NewReplacer(`\a`, `\u0007`, `\b`, `\u0008`, `\r`, `\r`).Replace(strings.ReplaceAll(quoted, `\x1b`, `\u001b`))
}

// cmdGitHubHostile seeds an issue whose title, body, labels and comment
// carry hostileText, and makes another issue's fetch fail with it in
// GitHub's error message: gh-hostile OWNER/REPO NUMBER FAILING-NUMBER
func cmdGitHubHostile(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 3 {
		ts.Fatalf("usage: gh-hostile OWNER/REPO NUMBER FAILING-NUMBER")
	}
	owner, repo, _ := strings.Cut(args[0], "/")
	n, _ := strconv.Atoi(args[1])
	bad := "/repos/" + owner + "/" + repo + "/issues/" + args[2]
	s := fakeGitHub(ts)
	s.AddIssue(owner, repo, githubtest.Issue{Number: n, Title: "Title " + hostileText, Body: "## Heading " + hostileText + "\n\nBody " + hostileText,
		Author: "octocat", Labels: []string{"label" + hostileText}, Comments: 1})
	s.AddComment(owner, repo, n, githubtest.Comment{Author: "mallory", Body: "I'm on it " + hostileText})
	s.HandleRoute("GET", bad, githubtest.Reply(404, githubtest.ErrorBody("Not Found "+hostileText)))
}

// cmdInert fails when the last command's stdout or stderr holds a control
// character other than newline and tab, or a C1 control: inert
func cmdInert(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 0 {
		ts.Fatalf("usage: inert")
	}
	for _, name := range []string{"stdout", "stderr"} {
		text := ts.ReadFile(name)
		for i, r := range text {
			if (r < 0x20 && r != '\n' && r != '\t') || (r >= 0x7f && r <= 0x9f) {
				ts.Fatalf("%s holds %U at byte %d: %q", name, r, i, text)
			}
		}
	}
}
