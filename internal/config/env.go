package config

import (
	"fmt"
	"sort"
	"strings"

	"github.com/oss-dev/oss-dev/internal/errcode"
)

// envPrefix starts every variable of the environment layer.
const envPrefix = "OSS_DEV_"

// IsReservedEnv reports whether an OSS_DEV_ variable is not a config key
// but has a meaning of its own, so the environment layer leaves it alone.
// The list is short and documented here:
//
//   - OSS_DEV_SHARED_DATA: where tests find the shared test data.
func IsReservedEnv(name string) bool {
	switch name {
	case "OSS_DEV_SHARED_DATA":
		return true
	}
	return false
}

// envKey turns OSS_DEV_APPROVAL__POLICY into approval.policy.
func envKey(name string) string {
	return strings.ReplaceAll(strings.ToLower(strings.TrimPrefix(name, envPrefix)), "__", ".")
}

// envProblem is a bad OSS_DEV_ variable.
type envProblem struct {
	variable string
	msg      string
	code     errcode.Code
	fix      string
}

// decodeEnv reads the OSS_DEV_ variables of env, in name order. An empty
// value counts as unset.
func decodeEnv(ix *keyIndex, env []string) ([]assignment, []envProblem) {
	var names []string
	vals := map[string]string{}
	for _, kv := range env {
		name, val, ok := strings.Cut(kv, "=")
		if !ok || !strings.HasPrefix(name, envPrefix) || IsReservedEnv(name) || val == "" {
			continue
		}
		if _, dup := vals[name]; !dup {
			names = append(names, name)
		}
		vals[name] = val
	}
	sort.Strings(names)

	var out []assignment
	var probs []envProblem
	for _, name := range names {
		a, p := decodeEnvVar(ix, name, vals[name])
		if p != nil {
			probs = append(probs, *p)
			continue
		}
		out = append(out, a)
	}
	return out, probs
}

func decodeEnvVar(ix *keyIndex, name, val string) (assignment, *envProblem) {
	key := envKey(name)
	bad := func(code errcode.Code, fix, format string, args ...any) (assignment, *envProblem) {
		return assignment{}, &envProblem{variable: name, msg: fmt.Sprintf(format, args...), code: code, fix: fix}
	}
	def, ok := ix.lookup(key)
	if !ok {
		if isSecretName(key) && strings.HasPrefix(key, "github.") {
			return bad(errcode.ConfigInvalid, "unset "+name+" and "+secretHome(key),
				"%s is not a config key: the GitHub token is not part of the config", name)
		}
		if tool, ok := strings.CutPrefix(key, toolPrefix); ok {
			return bad(errcode.ConfigInvalid, "unset "+name+" or name one of the tools in it",
				"%s: %s", name, unknownToolMessage(tool))
		}
		msg := fmt.Sprintf("%s does not name a config key", name)
		if s := ix.suggest(key); s != "" {
			msg += fmt.Sprintf("; did you mean %s?", EnvName(s))
		}
		return bad(errcode.ConfigInvalid,
			"unset "+name+"; OSS_DEV_ variables set config keys, spelled OSS_DEV_SECTION__KEY (for example OSS_DEV_APPROVAL__POLICY)", "%s", msg)
	}
	switch def.kind {
	case kindRules:
		return bad(errcode.ConfigInvalid, "unset "+name+" and write the rules in a config file ('oss-dev config path' shows where)",
			"%s: approval rules cannot come from the environment", name)
	case kindToolPolicies:
		return bad(errcode.ConfigInvalid, "set one variable per tool, such as "+EnvName(toolPrefix+string(ToolGitPush))+"=auto",
			"%s: set the policy of each tool separately", name)
	}
	v, err := fromText(def, val)
	if err == nil && def.check != nil {
		if cerr := def.check(v); cerr != nil {
			err = fmt.Errorf("%s: %v", def.name, cerr)
		}
	}
	if err != nil {
		msg := err.Error()
		if def.secret {
			msg = def.name + ": the value is not valid"
		}
		return bad(errcode.ConfigInvalid, "correct or unset "+name, "%s: %s", name, msg)
	}
	return assignment{def: def, val: v, variable: name}, nil
}
