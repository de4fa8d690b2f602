package claim

import "testing"

// TestDetectKinds covers each kind of comment issue 17 names, in words
// that are not in the training data.
func TestDetectKinds(t *testing.T) {
	tests := []struct {
		body, author string
		want         bool
	}{
		{"/assign", "ana", true},
		{"/assign me", "ana", true},
		{"/claim", "ana", true},
		{"@rustbot claim", "ana", true},
		{"@zulipbot claim", "ana", true},
		{"take", "ana", true},
		{"Take.", "ana", true},
		{".take", "ana", true},
		{"@issue-bot assign me", "ana", true},
		{"/assign @ana", "ana", true},
		{"/assign @bo", "ana", false},
		{"/unassign", "ana", false},
		{"@zulipbot abandon", "ana", false},
		{"Hi, could I pick this one up?", "ana", true},
		{"pls asign me", "ana", true},
		{"Assign this to me please", "ana", true},
		{"I'm currently working on this, expect a PR by Friday.", "ana", true},
		{"I have opened #4512 which fixes this.", "ana", true},
		{"Submitted a PR: #991", "ana", true},
		{"If nobody else is on it, I'd be glad to give it a try.", "ana", true},
		{"¿Puedo trabajar en este issue?", "ana", true},
		{"Posso trabalhar nessa issue?", "ana", true},
		{"Je peux m'en occuper si personne ne l'a pris.", "ana", true},
		{"Ich würde das gerne übernehmen.", "ana", true},
		{"我可以做这个吗？", "ana", true},
		{"请分配给我", "ana", true},
		{"Is anyone working on this?", "ana", false},
		{"Is this still open? Any progress?", "ana", false},
		{"@bo you are assigned, go ahead!", "lead", false},
		{"Sorry, I no longer have time for this, unassigning myself.", "ana", false},
		{"You should ask before you start working on an issue.", "lead", false},
		{"> I'd like to work on this\nAny news on that?", "ana", false},
		{"@lead please assign this to @bo, she wants to work on it.", "ana", false},
		{"+1, same problem here on macOS", "ana", false},
		{"Thanks for the report, I can reproduce it.", "lead", false},
		{"", "ana", false},
	}
	m, err := DefaultModel()
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range tests {
		v := m.Detect(tt.body, tt.author)
		if v.Claim != tt.want {
			t.Errorf("Detect(%q by %s) = %v (p=%.2f, %s), want %v", tt.body, tt.author, v.Claim, v.Prob, v.Source, tt.want)
		}
		if v.Claim && v.Phrase == "" {
			t.Errorf("Detect(%q): a claim must carry its deciding phrase", tt.body)
		}
	}
}
