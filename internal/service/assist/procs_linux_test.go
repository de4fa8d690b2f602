package assist_test

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// runningIn lists the live processes whose working folder is dir, waiting
// up to ten seconds for killed ones to go: a killed process is gone once
// its parent or init has reaped it.
func runningIn(dir string) []int {
	deadline := time.Now().Add(10 * time.Second)
	for {
		pids := liveIn(dir)
		if len(pids) == 0 || time.Now().After(deadline) {
			return pids
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func liveIn(dir string) []int {
	entries, _ := os.ReadDir("/proc")
	var pids []int
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		cwd, err := os.Readlink(filepath.Join("/proc", e.Name(), "cwd"))
		if err != nil || cwd != dir {
			continue
		}
		if stat, err := os.ReadFile(filepath.Join("/proc", e.Name(), "stat")); err == nil && zombie(string(stat)) {
			continue
		}
		pids = append(pids, pid)
	}
	return pids
}

// zombie reports the state field of /proc/PID/stat, which follows the
// command name in parentheses.
func zombie(stat string) bool {
	i := strings.LastIndexByte(stat, ')')
	return i >= 0 && strings.HasPrefix(strings.TrimSpace(stat[i+1:]), "Z")
}
