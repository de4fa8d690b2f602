package repo

import (
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/oss-dev/oss-dev/internal/sharedtest"
)

// TestMostImported analyses a real git tree in several languages and
// checks the files ranked by their importers, with the first import as
// evidence. Tests, vendored code and what only tests import do not count.
func TestMostImported(t *testing.T) {
	files := map[string]string{
		"go.mod":                     "module example.com/shop\n\ngo 1.22\n",
		"internal/money/money.go":    "package money\n",
		"internal/cart/cart.go":      "package cart\n\nimport (\n\t\"fmt\"\n\n\t\"example.com/shop/internal/money\"\n)\n",
		"cmd/shop/main.go":           "package main\n\nimport \"example.com/shop/internal/money\"\n",
		"internal/cart/cart_test.go": "package cart\n\nimport \"example.com/shop/internal/testkit\"\n",
		"internal/testkit/kit.go":    "package testkit\n",
		"tools/report.go":            "package tools\n\nimport \"example.com/shop/internal/testkit\"\n",

		"py/shop/__init__.py":         "",
		"py/shop/models.py":           "X = 1\n",
		"py/shop/views.py":            "from . import models\nfrom .models import X\n",
		"py/shop/api.py":              "from shop import models\n",
		"py/tests/test_views.py":      "from shop import models\n",
		"py/tests/conftest.py":        "from shop import models\n",
		"third_party/lib/vendored.py": "from shop import models\n",

		"web/src/format.ts": "export const f = 1\n",
		"web/src/a.ts":      "import { f } from './format.js'\n",
		"web/src/b.ts":      "import { f } from \"./format\"\n",
		"web/src/c.test.ts": "import { f } from './format'\n",
	}
	for i := 0; i < 3; i++ {
		files[fmt.Sprintf("c/unit%d.c", i)] = "#include \"common.h\"\n#include <stdio.h>\n"
	}
	files["c/common.h"] = "#pragma once\n"
	r := analyzeRepo(t, sharedtest.GitRepo(t, files))
	got := []string{}
	for _, m := range r.Structure.MostImported {
		got = append(got, fmt.Sprintf("%s %s %d %s", m.Kind, m.Path, m.Importers, m.Evidence))
	}
	want := []string{
		"file c/common.h 3 c/unit0.c:1",
		"package internal/money 2 cmd/shop/main.go:3",
		"file py/shop/models.py 2 py/shop/api.py:1",
		"file web/src/format.ts 2 web/src/a.ts:1",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("most imported:\n got %s\nwant %s", strings.Join(got, "\n     "), strings.Join(want, "\n     "))
	}
}

// TestMostImportedHostile checks that imports naming paths outside the
// tree, absolute paths or odd bytes resolve to nothing and break nothing.
func TestMostImportedHostile(t *testing.T) {
	files := map[string]string{
		"a.ts":     "import x from '../../../../etc/passwd'\nimport y from '/etc/passwd'\nimport z from './\x1b[31mred'\n",
		"b.ts":     "import x from '../../../../etc/passwd'\nimport y from '/etc/passwd'\n",
		"a.c":      "#include \"../../../etc/passwd\"\n#include </etc/passwd>\n",
		"b.c":      "#include \"../../../etc/passwd\"\n#include </etc/passwd>\n",
		"p/x.py":   "from ........ import passwd\nimport etc.passwd\n",
		"p/y.py":   "from ........ import passwd\nimport etc.passwd\n",
		"etc/x.rs": "use crate::super::self::{a, b::{c}};\n",
	}
	r := analyzeRepo(t, sharedtest.GitRepo(t, files))
	if len(r.Structure.MostImported) != 0 {
		t.Errorf("hostile imports resolved: %+v", r.Structure.MostImported)
	}
}
