package diag

import (
	"encoding/json"
	"testing"
)

func TestJSONShape(t *testing.T) {
	for _, tt := range []struct {
		d    Diagnostic
		want string
	}{
		{NewWarning("LINK_OUTSIDE_REPOSITORY", "a link leaves").At("docs", 0),
			`{"severity":"warning","code":"LINK_OUTSIDE_REPOSITORY","summary":"a link leaves","source":{"file":"docs"}}`},
		{NewNote("PROGRESS", "Running make test").WithDetail("in /repo"),
			`{"severity":"note","code":"PROGRESS","summary":"Running make test","detail":"in /repo"}`},
		{Diagnostic{Severity: Error, Code: "X", Summary: "s"}.At("go.mod", 3),
			`{"severity":"error","code":"X","summary":"s","source":{"file":"go.mod","line":3}}`},
	} {
		got, err := json.Marshal(tt.d)
		if err != nil || string(got) != tt.want {
			t.Errorf("%+v: got %s (%v), want %s", tt.d, got, err, tt.want)
		}
	}
}

func TestEmptyListIsAnArray(t *testing.T) {
	got, err := json.Marshal(struct {
		W List `json:"warnings"`
	}{})
	if err != nil || string(got) != `{"warnings":[]}` {
		t.Fatalf("got %s (%v)", got, err)
	}
}

func TestString(t *testing.T) {
	for d, want := range map[*Diagnostic]string{
		ptr(NewWarning("C", "bad").At("a.yml", 3)): "a.yml:3: bad",
		ptr(NewWarning("C", "bad").At("a.yml", 0)): "a.yml: bad",
		ptr(NewWarning("C", "bad")):                "bad",
	} {
		if got := d.String(); got != want {
			t.Errorf("String() = %q, want %q", got, want)
		}
	}
}

func ptr(d Diagnostic) *Diagnostic { return &d }
