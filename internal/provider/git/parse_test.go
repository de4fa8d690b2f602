package git_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/oss-dev/oss-dev/internal/errcode"
	"github.com/oss-dev/oss-dev/internal/model"
	"github.com/oss-dev/oss-dev/internal/provider/git"
)

const (
	shaA = "0123456789abcdef0123456789abcdef01234567"
	shaB = "89abcdef0123456789abcdef0123456789abcdef"
	// modes and hashes as porcelain v2 prints them for an ordinary entry
	ordFields = "N... 100644 100644 100644 " + shaA + " " + shaB
)

// statusSample is porcelain v2 -z --branch output with one of each entry.
var statusSample = strings.Join([]string{
	"# branch.oid " + shaA,
	"# branch.head feature/x",
	"# branch.upstream fork/feature/x",
	"# branch.ab +3 -12",
	"# stash 2",
	"1 .M " + ordFields + " with space.txt",
	"1 A. N... 000000 100644 100644 " + strings.Repeat("0", 40) + " " + shaB + " new\nline.txt",
	"2 R. " + ordFields + " R87 to ✓.txt", "from ✓.txt",
	"2 C. " + ordFields + " C100 copy", "orig",
	"u UU N... 100644 100644 100644 100644 " + shaA + " " + shaB + " " + shaA + " conflict file.txt",
	"? untracked dir/ünï.txt",
	"! build.o",
}, "\x00") + "\x00"

func TestParseStatusV2(t *testing.T) {
	st, err := git.ParseStatusV2([]byte(statusSample))
	if err != nil {
		t.Fatal(err)
	}
	want := model.GitStatus{
		Branch: "feature/x", Head: shaA, Upstream: "fork/feature/x", Ahead: 3, Behind: 12,
		Files: []model.FileStatus{
			{Path: "with space.txt", Index: ".", Worktree: "M", Kind: "ordinary"},
			{Path: "new\nline.txt", Index: "A", Worktree: ".", Kind: "ordinary"},
			{Path: "to ✓.txt", OrigPath: "from ✓.txt", Index: "R", Worktree: ".", Kind: "renamed", Score: 87},
			{Path: "copy", OrigPath: "orig", Index: "C", Worktree: ".", Kind: "copied", Score: 100},
			{Path: "conflict file.txt", Index: "U", Worktree: "U", Kind: "unmerged"},
			{Path: "untracked dir/ünï.txt", Index: "?", Worktree: "?", Kind: "untracked"},
			{Path: "build.o", Index: "!", Worktree: "!", Kind: "ignored"},
		},
	}
	if !statusEqual(st, want) {
		t.Errorf("got  %+v\nwant %+v", st, want)
	}
}

func TestParseStatusV2SpecialHeads(t *testing.T) {
	tests := []struct {
		name, in string
		want     model.GitStatus
	}{
		{"empty output", "", model.GitStatus{}},
		{"detached", "# branch.oid " + shaA + "\x00# branch.head (detached)\x00", model.GitStatus{Head: shaA, Detached: true}},
		{"no commits yet", "# branch.oid (initial)\x00# branch.head main\x00", model.GitStatus{Branch: "main"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st, err := git.ParseStatusV2([]byte(tt.in))
			if err != nil || !statusEqual(st, tt.want) {
				t.Errorf("got %+v, %v; want %+v", st, err, tt.want)
			}
			if st.Files == nil {
				t.Error("Files is nil; want an empty list so JSON shows []")
			}
		})
	}
}

func TestParseStatusV2Rejects(t *testing.T) {
	tests := map[string]string{
		"unknown record":          "x what\x00",
		"empty record":            "? a\x00\x00? b\x00",
		"short ordinary":          "1 .M N... 100644\x00",
		"rename without original": "2 R. " + ordFields + " R100 new\x00",
		"rename without R or C":   "2 R. " + ordFields + " X100 new\x00old\x00",
		"bad score":               "2 R. " + ordFields + " R1x0 new\x00old\x00",
		"bad letters":             "1 ZZ " + ordFields + " f\x00",
		"short unmerged":          "u UU N... 100644 f\x00",
		"short untracked":         "?\x00",
		"bad ahead/behind":        "# branch.ab 3 12\x00",
		"negative ahead":          "# branch.ab +-3 -1\x00",
	}
	for name, in := range tests {
		t.Run(name, func(t *testing.T) {
			_, err := git.ParseStatusV2([]byte(in))
			wantCode(t, err, errcode.ProviderBadResponse)
		})
	}
}

// encodeStatus writes st back as porcelain v2 -z output.
func encodeStatus(st model.GitStatus) []byte {
	var recs []string
	oid := st.Head
	if oid == "" {
		oid = "(initial)"
	}
	recs = append(recs, "# branch.oid "+oid)
	if st.Detached {
		recs = append(recs, "# branch.head (detached)")
	}
	if st.Branch != "" || !st.Detached {
		recs = append(recs, "# branch.head "+st.Branch)
	}
	if st.Upstream != "" {
		recs = append(recs, "# branch.upstream "+st.Upstream)
	}
	recs = append(recs, fmt.Sprintf("# branch.ab +%d -%d", st.Ahead, st.Behind))
	for _, f := range st.Files {
		xy := f.Index + f.Worktree
		switch f.Kind {
		case "ordinary":
			recs = append(recs, "1 "+xy+" "+ordFields+" "+f.Path)
		case "renamed", "copied":
			recs = append(recs, fmt.Sprintf("2 %s %s %s%d %s", xy, ordFields, map[string]string{"renamed": "R", "copied": "C"}[f.Kind], f.Score, f.Path), f.OrigPath)
		case "unmerged":
			recs = append(recs, "u "+xy+" N... 100644 100644 100644 100644 "+shaA+" "+shaA+" "+shaA+" "+f.Path)
		case "untracked":
			recs = append(recs, "? "+f.Path)
		case "ignored":
			recs = append(recs, "! "+f.Path)
		}
	}
	return []byte(strings.Join(recs, "\x00") + "\x00")
}

func statusEqual(a, b model.GitStatus) bool {
	return a.Branch == b.Branch && a.Detached == b.Detached && a.Head == b.Head &&
		a.Upstream == b.Upstream && a.Ahead == b.Ahead && a.Behind == b.Behind &&
		slices.Equal(a.Files, b.Files)
}

func FuzzParseStatusV2(f *testing.F) {
	f.Add([]byte(statusSample))
	f.Add([]byte("# branch.oid (initial)\x00# branch.head (detached)\x00"))
	f.Add([]byte("2 R. " + ordFields + " R100 new\x00"))
	f.Add([]byte("? \x00! x"))
	f.Fuzz(func(t *testing.T, data []byte) {
		st, err := git.ParseStatusV2(data)
		if err != nil {
			if !errcode.HasCode(err, errcode.ProviderBadResponse) {
				t.Fatalf("error without the bad-response code: %v", err)
			}
			return
		}
		if st.Ahead < 0 || st.Behind < 0 {
			t.Fatalf("negative counts: %+v", st)
		}
		for _, fs := range st.Files {
			if fs.Path == "" || len(fs.Index) != 1 || len(fs.Worktree) != 1 || fs.Kind == "" {
				t.Fatalf("bad entry %+v", fs)
			}
			if (fs.Kind == "renamed" || fs.Kind == "copied") != (fs.OrigPath != "") {
				t.Fatalf("original path on the wrong kind: %+v", fs)
			}
		}
		// What we parsed, written back the way git writes it, parses the same.
		again, err := git.ParseStatusV2(encodeStatus(st))
		if err != nil {
			t.Fatalf("re-encoded status does not parse: %v", err)
		}
		if !statusEqual(st, again) {
			t.Fatalf("round trip changed the status:\n%+v\n%+v", st, again)
		}
	})
}

// encodeLog writes commits as git log -z with the provider's format does.
func encodeLog(commits []model.Commit) []byte {
	var b strings.Builder
	for _, c := range commits {
		for _, f := range []string{c.SHA, c.Author, c.AuthorEmail, c.Date.Format(time.RFC3339Nano), c.Subject, c.Body} {
			b.WriteString(f)
			b.WriteByte(0)
		}
	}
	return []byte(b.String())
}

func TestParseLog(t *testing.T) {
	date := time.Date(2024, 5, 1, 12, 30, 0, 0, time.FixedZone("", 2*3600))
	commits := []model.Commit{
		{SHA: shaA, Author: "Zoë Q", AuthorEmail: "z@example.com", Date: date, Subject: "odd\x1e|%x00\tsubject", Body: "para one\n\npara two"},
		{SHA: shaB, Author: "", AuthorEmail: "", Date: date, Subject: "", Body: ""},
	}
	data := encodeLog(commits)
	got, err := git.ParseLog(data)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || !logEqual(got, commits) {
		t.Errorf("got %+v", got)
	}
	if got, err := git.ParseLog(nil); err != nil || got == nil || len(got) != 0 {
		t.Errorf("empty log = %#v, %v", got, err)
	}
	bad := map[string]string{
		"no terminator":  string(data[:len(data)-1]),
		"missing fields": shaA + "\x00a\x00b\x00",
		"bad sha":        strings.Replace(string(data), shaA, "not-a-sha", 1),
		"bad date":       strings.Replace(string(data), "2024-05-01T12:30:00+02:00", "yesterday", 1),
	}
	for name, in := range bad {
		t.Run(name, func(t *testing.T) {
			_, err := git.ParseLog([]byte(in))
			wantCode(t, err, errcode.ProviderBadResponse)
		})
	}
}

func logEqual(a, b []model.Commit) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		x, y := a[i], b[i]
		if !x.Date.Equal(y.Date) {
			return false
		}
		x.Date, y.Date = time.Time{}, time.Time{}
		if x != y {
			return false
		}
	}
	return true
}

func FuzzParseLog(f *testing.F) {
	date := time.Date(2024, 5, 1, 12, 30, 0, 0, time.UTC)
	f.Add(encodeLog([]model.Commit{{SHA: shaA, Author: "a", AuthorEmail: "e", Date: date, Subject: "s\x1e", Body: "b"}}))
	f.Add([]byte(shaA + "\x00\x00\x00" + "2024-01-01T00:00:00Z\x00\x00\x00"))
	f.Add([]byte("\x00"))
	f.Fuzz(func(t *testing.T, data []byte) {
		commits, err := git.ParseLog(data)
		if err != nil {
			if !errcode.HasCode(err, errcode.ProviderBadResponse) {
				t.Fatalf("error without the bad-response code: %v", err)
			}
			return
		}
		for _, c := range commits {
			if len(c.SHA) != 40 && len(c.SHA) != 64 {
				t.Fatalf("bad sha %q", c.SHA)
			}
			if strings.HasSuffix(c.Body, "\n") {
				t.Fatalf("body keeps its trailing newline: %q", c.Body)
			}
		}
		again, err := git.ParseLog(encodeLog(commits))
		if err != nil || !logEqual(commits, again) {
			t.Fatalf("round trip: %v\n%+v\n%+v", err, commits, again)
		}
	})
}

func TestParseNameStatus(t *testing.T) {
	in := "M\x00src/a b.go\x00R096\x00old\x00new\nname\x00A\x00ünï\x00D\x00gone\x00C100\x00x\x00y\x00"
	got, err := git.ParseNameStatus([]byte(in))
	if err != nil {
		t.Fatal(err)
	}
	want := []model.ChangedFile{
		{Path: "src/a b.go", Status: "M"},
		{Path: "new\nname", OrigPath: "old", Status: "R"},
		{Path: "ünï", Status: "A"},
		{Path: "gone", Status: "D"},
		{Path: "y", OrigPath: "x", Status: "C"},
	}
	if !slices.Equal(got, want) {
		t.Errorf("got %+v", got)
	}
	for _, in := range []string{"Q\x00x\x00", "M\x00", "R100\x00old\x00", "M\x00\x00"} {
		_, err := git.ParseNameStatus([]byte(in))
		wantCode(t, err, errcode.ProviderBadResponse)
	}
}

func FuzzParseNameStatus(f *testing.F) {
	f.Add([]byte("M\x00a\x00R100\x00b\x00c\x00"))
	f.Fuzz(func(t *testing.T, data []byte) {
		files, err := git.ParseNameStatus(data)
		if err != nil {
			return
		}
		for _, c := range files {
			if c.Path == "" || len(c.Status) != 1 {
				t.Fatalf("bad entry %+v", c)
			}
		}
	})
}

func TestParseGrep(t *testing.T) {
	in := "a b.txt\x001\x00hello world\nnew\nline\x0012\x00  indented\r\nlast\x003\x00no newline"
	got, err := git.ParseGrep([]byte(in))
	if err != nil {
		t.Fatal(err)
	}
	want := []model.GrepMatch{
		{Path: "a b.txt", Line: 1, Text: "hello world"},
		{Path: "new\nline", Line: 12, Text: "  indented"},
		{Path: "last", Line: 3, Text: "no newline"},
	}
	if !slices.Equal(got, want) {
		t.Errorf("got %+v", got)
	}
	for _, in := range []string{"\x001\x00x\n", "f\x00x\x00t\n", "f\x00", "f\x000\x00t\n"} {
		_, err := git.ParseGrep([]byte(in))
		wantCode(t, err, errcode.ProviderBadResponse)
	}
}

func FuzzParseGrep(f *testing.F) {
	f.Add([]byte("a\x001\x00x\nb\x002\x00y\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		ms, err := git.ParseGrep(data)
		if err != nil {
			return
		}
		for _, m := range ms {
			if m.Path == "" || m.Line <= 0 || strings.Contains(m.Text, "\n") {
				t.Fatalf("bad match %+v", m)
			}
		}
	})
}

func TestParseSymref(t *testing.T) {
	tests := []struct {
		in, want string
		ok       bool
	}{
		{"ref: refs/heads/trunk\tHEAD\n" + shaA + "\tHEAD\n", "trunk", true},
		{"ref: refs/heads/feature/x\tHEAD\n", "feature/x", true},
		{shaA + "\tHEAD\n", "", false},
		{"ref: refs/tags/v1\tHEAD\n", "", false},
		{"", "", false},
	}
	for _, tt := range tests {
		got, ok := git.ParseSymref([]byte(tt.in))
		if got != tt.want || ok != tt.ok {
			t.Errorf("ParseSymref(%q) = %q, %v", tt.in, got, ok)
		}
	}
}

func TestParsePushRejections(t *testing.T) {
	out := "To /tmp/upstream.git\n" +
		"!\trefs/heads/main:refs/heads/main\t[rejected] (fetch first)\n" +
		"!\trefs/heads/x:refs/heads/x\t[remote rejected] (pre-receive hook declined)\n" +
		"=\trefs/heads/y:refs/heads/y\t[up to date]\n" +
		"Done\n"
	got := git.ParsePushRejections([]byte(out))
	want := []string{"fetch first", "remote rejected: pre-receive hook declined"}
	if !slices.Equal(got, want) {
		t.Errorf("got %q", got)
	}
	if got := git.ParsePushRejections([]byte("Done\n")); len(got) != 0 {
		t.Errorf("a clean push has rejections: %q", got)
	}
}
