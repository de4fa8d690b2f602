package issue

import (
	"regexp"
	"sync"
)

// lazyRegexp compiles expr on first use, so that loading the package
// compiles nothing: start-up time is a goal and most runs classify no issue.
func lazyRegexp(expr string) func() *regexp.Regexp {
	return sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(expr) })
}
