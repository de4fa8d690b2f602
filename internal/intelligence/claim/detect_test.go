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
		// Phrasings of each kind written for this test, in the languages
		// the cues cover.
		{"I'll work on this.", "ana", true},
		{"I'm on it!", "ana", true},
		{"Working on it.", "ana", true},
		{"I'd like to give this a shot if that's ok", "ana", true},
		{"Hey, I'd love to work on this issue. Could you assign it to me?", "ana", true},
		{"I can take this one.", "ana", true},
		{"Let me take a look at this and submit a fix.", "ana", true},
		{"Opened #1234 to fix this.", "ana", true},
		{"PR submitted: #55", "ana", true},
		{"I have created a PR for this issue, please review.", "ana", true},
		{"Raised a PR #88", "ana", true},
		{"I'll send a PR shortly.", "ana", true},
		{"Unless someone else is already on this, I'll pick it up.", "ana", true},
		{"If no one is working on this, I would like to take it.", "ana", true},
		{"Interested in working on this!", "ana", true},
		{"Assign me please", "ana", true},
		{"plz assign", "ana", true},
		{"Hi! I am a beginner and want to solve this issue. Kindly assign me.", "ana", true},
		{"Me gustaría trabajar en esto.", "ana", true},
		{"Estoy trabajando en ello.", "ana", true},
		{"Eu posso resolver essa issue!", "ana", true},
		{"Vou abrir um PR em breve.", "ana", true},
		{"Je m'en occupe.", "ana", true},
		{"Je vais faire une PR.", "ana", true},
		{"Ich kümmere mich darum.", "ana", true},
		{"Ich arbeite daran.", "ana", true},
		{"我来修复这个问题", "ana", true},
		{"我正在处理这个", "ana", true},
		{"已提交PR #12", "ana", true},
		{"Is anyone working on this issue?", "ana", false},
		{"Is this issue still open? I don't see a PR.", "ana", false},
		{"Any updates on this?", "ana", false},
		{"@maintainer could you assign this to @friend? They want to work on it.", "ana", false},
		{"Assigned to @bob.", "ana", false},
		{"@alice thanks, assigned!", "ana", false},
		{"I won't have time to finish this, unassigning myself.", "ana", false},
		{"Sorry, I got busy. Someone else can take this.", "ana", false},
		{"Unassigning @carl due to inactivity.", "ana", false},
		{"You don't need to be assigned, just open a PR.", "ana", false},
		{"Please read CONTRIBUTING.md before asking to be assigned.", "ana", false},
		{"> Can I work on this?\n\nThis has already been fixed in main.", "ana", false},
		{"@dave is already working on this, see #99.", "ana", false},
		{"+1, same problem here", "ana", false},
		{"This is still happening on version 3.2", "ana", false},
		{"I can reproduce this on Linux too.", "ana", false},
		{"Thanks for the report! This looks like a bug in the parser.", "ana", false},
		{"I think this should be fixed in the next release.", "ana", false},
		{"Closing as duplicate of #12.", "ana", false},
		{"Would be great if someone could pick this up.", "ana", false},
		{"This is a good first issue for anyone who wants to contribute.", "ana", false},
		{"¿Alguien está trabajando en esto?", "ana", false},
		{"Quelqu'un travaille dessus ?", "ana", false},
		{"有人在做这个吗？", "ana", false},
		{"Arbeitet schon jemand daran?", "ana", false},
		{"Alguém está trabalhando nisso?", "ana", false},
		{"Je peux reproduire le problème sur Linux.", "ana", false},
		{"Ich kann das Problem reproduzieren.", "ana", false},
		{"我可以复现这个问题", "ana", false},
		{"Puedo reproducir el error en Windows.", "ana", false},
		{"Posso confirmar o bug na versão 2.", "ana", false},
		{"Kann ich das übernehmen?", "ana", true},
		{"Mind if I take this?", "ana", true},
		{"Fixed in #321.", "ana", true},
		{"Yo lo hago.", "ana", true},
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
