package iostreams

// ColorScheme wraps text in ANSI styles when colour is enabled and returns
// it unchanged otherwise.
type ColorScheme struct{ enabled bool }

func (c *ColorScheme) wrap(code, s string) string {
	if !c.enabled || s == "" {
		return s
	}
	return "\x1b[" + code + "m" + s + "\x1b[0m"
}

// Enabled reports whether the scheme emits colour.
func (c *ColorScheme) Enabled() bool { return c.enabled }

// Bold text.
func (c *ColorScheme) Bold(s string) string { return c.wrap("1", s) }

// Red text, for failures.
func (c *ColorScheme) Red(s string) string { return c.wrap("31", s) }

// Green text, for success.
func (c *ColorScheme) Green(s string) string { return c.wrap("32", s) }

// Yellow text, for warnings.
func (c *ColorScheme) Yellow(s string) string { return c.wrap("33", s) }

// Cyan text, for names and references.
func (c *ColorScheme) Cyan(s string) string { return c.wrap("36", s) }

// Gray text, for secondary detail.
func (c *ColorScheme) Gray(s string) string { return c.wrap("90", s) }

// SuccessIcon is a check mark.
func (c *ColorScheme) SuccessIcon() string { return c.Green("✓") }

// WarningIcon is an exclamation mark.
func (c *ColorScheme) WarningIcon() string { return c.Yellow("!") }

// FailureIcon is a cross.
func (c *ColorScheme) FailureIcon() string { return c.Red("X") }
