package mentoring

import (
	"embed"
	"strings"
	"sync"
	"text/template"

	"github.com/oss-dev/oss-dev/internal/errcode"
)

// templateFS holds the Markdown this package writes: plan.md and the pull
// request's body, each fed by a small view struct.
//
//go:embed templates/*.tmpl
var templateFS embed.FS

// templates are parsed on first use, not at start-up: most commands never
// write a plan.
var templates = sync.OnceValue(func() *template.Template {
	funcs := template.FuncMap{"text": mdText, "code": mdCode, "link": mdLink, "inc": func(i int) int { return i + 1 }}
	return template.Must(template.New("").Funcs(funcs).ParseFS(templateFS, "templates/*.tmpl"))
})

// render executes the named template with view.
func render(name string, view any) (string, error) {
	var b strings.Builder
	if err := templates().ExecuteTemplate(&b, name, view); err != nil {
		return "", errcode.Wrap(errcode.WorkflowPhaseFailed, err, "could not write "+name+": "+err.Error(),
			"this is a bug in oss-dev; please report it with the command you ran")
	}
	return b.String(), nil
}
