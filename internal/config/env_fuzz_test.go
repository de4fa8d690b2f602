package config

import (
	"strings"
	"testing"
)

// FuzzDecodeEnv feeds the environment layer any OSS_DEV_ variable. It must
// never panic; what it accepts must pass the key's own check and assign
// cleanly; a problem must name the variable and never echo a secret's value.
func FuzzDecodeEnv(f *testing.F) {
	for _, seed := range [][2]string{
		{"APPROVAL__POLICY", "yolo"}, {"APPROVAL__TOOLS__RUN_TESTS", "auto"}, {"APPROVAL__TOOLS__a/b", "never"},
		{"GITHUB__TIMEOUT", "1h30m"}, {"GITHUB__TIMEOUT", "-5s"}, {"GITHUB__MAX_RETRIES", "99999999999999999999"},
		{"PROFILE__LANGUAGES", "go, rust ,"}, {"MODEL__API_KEY", "sk-secret\x00"}, {"MODEL__TEMPERATURE", "NaN"},
		{"APPROVAL__ALLOW", "make"}, {"GITHUB__TOKEN", "ghp_x"}, {"", "x"}, {"UI__COLOR", "\x1b]0;x\x07"},
	} {
		f.Add(seed[0], seed[1])
	}
	ix := newKeyIndex()
	f.Fuzz(func(t *testing.T, name, val string) {
		if strings.Contains(name, "=") {
			return // an environment entry's name ends at its first '='
		}
		variable := envPrefix + name
		as, probs := decodeEnv(ix, []string{variable + "=" + val})
		for _, a := range as {
			var c Config = Default()
			if err := assign(&c, a.def, a.val); err != nil {
				t.Fatalf("%s=%q was accepted but does not assign: %v", variable, val, err)
			}
		}
		for _, p := range probs {
			if !strings.Contains(p.msg, variable) {
				t.Fatalf("problem %q does not name %s", p.msg, variable)
			}
			if d, ok := ix.lookup(envKey(variable)); ok && d.secret && len(val) > 3 && strings.Contains(p.msg, val) {
				t.Fatalf("problem %q shows the secret value", p.msg)
			}
		}
	})
}
