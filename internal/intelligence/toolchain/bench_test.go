package toolchain

import "testing"

// BenchmarkDetect reads every stack's files, as doctor does in a
// repository on each run.
func BenchmarkDetect(b *testing.B) {
	all := stacks()
	b.ReportAllocs()
	for b.Loop() {
		for _, fsys := range all {
			_ = Detect(fsys)
		}
	}
}

// BenchmarkRangeCheck parses and checks a constraint, the work per tool.
func BenchmarkRangeCheck(b *testing.B) {
	c := Constraint{Range: "^16.14.0 || >=18.0.0 <23", Dialect: Semver, Role: Requires, Source: "engines"}
	v, _ := ParseVersion("20.11.1")
	for b.Loop() {
		_ = c.Check("node", v)
	}
}
