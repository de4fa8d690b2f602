package iostreams

import (
	"fmt"
	"io"
	"sync"
	"time"
)

type spinner struct {
	mu    sync.Mutex
	w     io.Writer
	label string
	done  chan struct{}
	wg    sync.WaitGroup
}

var spinnerFrames = []string{"⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"}

func startSpinner(w io.Writer, label string, every time.Duration) *spinner {
	sp := &spinner{w: w, label: label, done: make(chan struct{})}
	sp.wg.Add(1)
	go sp.run(every)
	return sp
}

func (sp *spinner) run(every time.Duration) {
	defer sp.wg.Done()
	t := time.NewTicker(every)
	defer t.Stop()
	for i := 0; ; i++ {
		sp.mu.Lock()
		fmt.Fprintf(sp.w, "\r\x1b[K%s %s", spinnerFrames[i%len(spinnerFrames)], sp.label)
		sp.mu.Unlock()
		select {
		case <-sp.done:
			fmt.Fprint(sp.w, "\r\x1b[K")
			return
		case <-t.C:
		}
	}
}

func (sp *spinner) setLabel(label string) {
	sp.mu.Lock()
	sp.label = label
	sp.mu.Unlock()
}

func (sp *spinner) stop() {
	close(sp.done)
	sp.wg.Wait()
}
