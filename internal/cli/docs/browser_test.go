package docs

import (
	"bytes"
	"context"
	"image"
	"image/png"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

// chromium finds Debian's chromium (or another Chromium-based browser).
// Without one the browser tests skip, except in CI, which installs it.
func chromium(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("CI") == "true" {
		t.Fatal("CI is set and no chromium is installed: .ci/run installs it with apt-get install chromium")
	}
	t.Skip("no chromium installed (apt-get install chromium); the page is not checked in a browser")
	return ""
}

// browser starts one headless browser for the test.
func browser(t *testing.T) context.Context {
	t.Helper()
	opts := append(chromedp.DefaultExecAllocatorOptions[:], chromedp.ExecPath(chromium(t)), chromedp.DisableGPU, chromedp.UserDataDir(t.TempDir()))
	if os.Geteuid() == 0 {
		opts = append(opts, chromedp.NoSandbox) // Chromium refuses its sandbox as root
	}
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(actx)
	ctx, cancelTimeout := context.WithTimeout(ctx, 2*time.Minute)
	t.Cleanup(func() { cancelTimeout(); cancel(); cancelAlloc() })
	return ctx
}

// TestPageInABrowser loads the served page in a real headless Chromium:
// its headings, primary language and first test command are in the DOM,
// the copy buttons appear, nothing goes to the console as an error, the
// page fits 375 and 1440 pixels without scrolling sideways and its
// screenshots are not blank; a traversal and a symbolic link are 404.
func TestPageInABrowser(t *testing.T) {
	ctx := browser(t)
	u, _ := startServe(t, project(t))

	messages := chromedp.Console(ctx)
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(1440, 900), chromedp.Navigate(u), chromedp.WaitVisible("h1")); err != nil {
		t.Fatal(err)
	}
	headings, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`Array.from(document.querySelectorAll("h1, h2")).map(h => h.textContent)`))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"Start here: ", "What this project is", "Languages", "Set up, build and test", "Dependencies", "Contributing", "Where to start reading"} {
		if !containsPrefix(headings, want) {
			t.Errorf("no heading %q in %q", want, headings)
		}
	}
	lang, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("#primary-language")))
	if err != nil || lang != "Go" {
		t.Errorf("primary language %q, %v", lang, err)
	}
	firstTest, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector('.cmd[data-kind="test"] pre').textContent`))
	if err != nil || firstTest != "make test" {
		t.Errorf("first test command %q, %v", firstTest, err)
	}
	buttons, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll("button.copy:not([hidden])").length`))
	if err != nil || buttons == 0 {
		t.Errorf("%d copy buttons shown, %v", buttons, err)
	}
	for _, width := range []int64{375, 1440} {
		checkWidth(t, ctx, width)
	}
	light, dark := background(t, ctx, "light"), background(t, ctx, "dark")
	if light == dark {
		t.Errorf("the page's background is %s in both colour schemes", light)
	}
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[any](`console.log("end of the page checks")`)); err != nil {
		t.Fatal(err)
	}
	for m, err := range messages {
		if err != nil {
			t.Fatal(err)
		}
		if m.Text == "end of the page checks" {
			break
		}
		if m.Type == chromedp.ConsoleError || m.IsException() {
			t.Errorf("console: %s (%s)", m, m.URL)
		}
	}

	for _, p := range []string{"../../etc/passwd", "%2e%2e/%2e%2e/etc/passwd", "passwd-link", "README.md"} {
		resp, err := chromedp.Run(ctx, chromedp.NavigateResponse(u+p))
		if err != nil {
			t.Fatal(err)
		}
		if resp.Status != 404 {
			t.Errorf("%s: %d, want 404", p, resp.Status)
		}
	}
}

// checkWidth lays the page out at width: nothing is wider than the
// window, and the full-page screenshot is not one colour.
func checkWidth(t *testing.T, ctx context.Context, width int64) {
	t.Helper()
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(width, 800)); err != nil {
		t.Fatal(err)
	}
	overflow, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.documentElement.scrollWidth - document.documentElement.clientWidth`))
	if err != nil || overflow > 0 {
		t.Errorf("at %d px the page is %d px too wide (%v)", width, overflow, err)
	}
	shot, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(shot))
	if err != nil {
		t.Fatal(err)
	}
	if img.Bounds().Dx() != int(width) {
		t.Errorf("screenshot %d px wide, want %d", img.Bounds().Dx(), width)
	}
	if share := inked(img); share < 0.01 {
		t.Errorf("the screenshot at %d px is blank: %.4f of its pixels differ from the background", width, share)
	}
}

// background is the page's background colour under a colour scheme.
func background(t *testing.T, ctx context.Context, scheme string) string {
	t.Helper()
	set := chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
			Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: scheme}}})
		return err
	})
	if err := chromedp.Do(ctx, set); err != nil {
		t.Fatal(err)
	}
	bg, err := chromedp.Run(ctx, chromedp.Evaluate[string](`getComputedStyle(document.body).backgroundColor`))
	if err != nil {
		t.Fatal(err)
	}
	return bg
}

// inked is the share of pixels that differ from the top-left one.
func inked(img image.Image) float64 {
	b := img.Bounds()
	bg := img.At(b.Min.X, b.Min.Y)
	br, bgg, bb, _ := bg.RGBA()
	n, total := 0, 0
	for y := b.Min.Y; y < b.Max.Y; y += 2 {
		for x := b.Min.X; x < b.Max.X; x += 2 {
			r, g, bl, _ := img.At(x, y).RGBA()
			if r != br || g != bgg || bl != bb {
				n++
			}
			total++
		}
	}
	return float64(n) / float64(total)
}

func containsPrefix(list []string, prefix string) bool {
	for _, s := range list {
		if strings.HasPrefix(strings.TrimSpace(s), prefix) {
			return true
		}
	}
	return false
}
