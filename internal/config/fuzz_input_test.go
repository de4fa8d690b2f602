package config

import (
	"strings"
	"testing"
)

// FuzzAppendRule appends a rule to any config text: when the text was a
// valid config, the result is one too, with one more rule of that kind,
// the new one last and as given, and the old text kept as its prefix.
func FuzzAppendRule(f *testing.F) {
	for _, s := range []string{
		"",
		"[approval]\npolicy = \"auto\"\n",
		"[[approval.allow]]\nprogram = \"go\"\nargs = [\"test\"]\n",
		"approval.allow = [{program = \"go\"}]\n",
		"# comment only",
		"[ui]\r\ncolor = \"never\"\r\n",
	} {
		f.Add([]byte(s), "go", "test", "./...", "allow")
	}
	f.Add([]byte("[[approval.deny]]\nprogram = \"rm\"\n"), "rm\"\n[x]", "-rf", "a'b\\c", "deny")
	f.Fuzz(func(t *testing.T, data []byte, program, arg1, arg2, kind string) {
		if kind != "allow" {
			kind = "deny"
		}
		if strings.TrimSpace(program) == "" {
			return // AppendRule refuses it before it gets here
		}
		doc, err := parseDocument(data)
		if err != nil {
			return
		}
		key := []string{"approval", kind}
		n, err := doc.countRules(key)
		if err != nil {
			return
		}
		_, probs := decodeFile(newKeyIndex(), data)
		r := Rule{Program: program, Args: []string{arg1, arg2}}
		out := doc.appendRule(key, r)
		if !strings.HasPrefix(string(out), string(data)) {
			t.Fatalf("the existing text was changed:\n%q\n%q", data, out)
		}
		if len(probs) > 0 {
			return
		}
		doc2, err := parseDocument(out)
		if err != nil {
			t.Fatalf("appending made the file unreadable: %v\n%s", err, out)
		}
		if n2, err := doc2.countRules(key); err != nil || n2 != n+1 {
			t.Fatalf("rules of kind %s: %d then %d (%v)", kind, n, n2, err)
		}
		got, err := doc2.ruleAt(key, n)
		if err != nil {
			t.Fatalf("the new rule does not load: %v\n%s", err, out)
		}
		// TOML text is UTF-8: invalid bytes are written as U+FFFD.
		valid := func(s string) string { return strings.ToValidUTF8(s, "\uFFFD") }
		if got.Program != valid(r.Program) || len(got.Args) != 2 || got.Args[0] != valid(arg1) || got.Args[1] != valid(arg2) {
			t.Fatalf("appended %+v, read back %+v\n%s", r, got, out)
		}
	})
}
