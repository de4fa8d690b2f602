package repo

import "testing"

// TestAmbiguousFilesFollowTheRepository checks the tie-break that stands
// in for linguist's classifier: a file the rules leave ambiguous takes the
// candidate with the most bytes among the repository's other files, and
// its lines are counted with that language's comment syntax.
func TestAmbiguousFilesFollowTheRepository(t *testing.T) {
	// "x = 1" matches none of the .m heuristics: Limbo, M, MATLAB, MUF,
	// Mercury, Objective-C and Wolfram Language remain.
	ambiguous := "// a note\nx = 1\n"
	tests := []struct {
		name     string
		files    map[string]string
		lang     string
		comments int
	}{
		{
			name: "Objective-C project",
			files: map[string]string{
				"App/AppDelegate.m": "#import \"AppDelegate.h\"\n@implementation AppDelegate\n// starts the app\n@end\n",
				"App/Tools.m":       ambiguous,
			},
			lang:     "Objective-C",
			comments: 2,
		},
		{
			name: "MATLAB project",
			files: map[string]string{
				"src/solve.m": "function y = solve(x)\n  % doubles x\n  y = 2 * x;\nend\n",
				"src/tools.m": ambiguous,
			},
			// MATLAB comments are %, so "// a note" is code there.
			lang:     "MATLAB",
			comments: 1,
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := analyzeRepo(t, gitRepo(t, tc.files))
			if len(r.Languages) != 1 || r.Languages[0].Name != tc.lang || r.Languages[0].Files != 2 {
				t.Fatalf("languages = %+v, want both files in %s", r.Languages, tc.lang)
			}
			if len(r.Size.ByLanguage) != 1 || r.Size.ByLanguage[0].Comment != tc.comments {
				t.Errorf("size = %+v, want %d comment lines in %s", r.Size.ByLanguage, tc.comments, tc.lang)
			}
		})
	}
}
