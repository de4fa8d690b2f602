package license

import (
	"strings"
	"testing"
)

// licenseText is one of the embedded texts with its placeholders filled
// in, as a project would.
func licenseText(t *testing.T, id string) string {
	t.Helper()
	data, err := textFiles.ReadFile("texts/" + id + ".txt")
	if err != nil {
		t.Fatal(err)
	}
	s := string(data)
	for _, marker := range []string{"<<optional>>\n", "<</optional>>\n"} {
		s = strings.ReplaceAll(s, marker, "")
	}
	r := strings.NewReplacer("<YEAR>", "2024", "<HOLDER>", "Ada Lovelace", "<OWNER>", "Ada Lovelace",
		"<year>", "2024", "<holders>", "Ada Lovelace", "<LICENSOR>", "Acme, Inc.",
		"<WORK>", "Widget 2.0 or later. The Licensed Work is (c) 2024 Acme, Inc.",
		"<GRANT>", "You may make production use of the Licensed Work, provided your use does not include "+
			"offering the Licensed Work to third parties on a hosted or embedded basis in order to compete "+
			"with Acme's paid version(s) of the Licensed Work. A competitive offering is a product that is "+
			"offered to third parties on a paid basis and that significantly overlaps with the capabilities "+
			"of Acme's paid version(s) of the Licensed Work.",
		"<DATE>", "Four years from the date the Licensed Work is published.", "<LICENSE>", "MPL 2.0",
		"<CONTACT>", "write to licensing@example.com.")
	return r.Replace(s)
}

func TestIdentify(t *testing.T) {
	mit := licenseText(t, "MIT")
	bsd2 := licenseText(t, "BSD-2-Clause")
	apache := licenseText(t, "Apache-2.0")
	cases := []struct {
		name string
		text string
		want string // "" when nothing may be claimed
	}{
		{"MIT with a title and copyright lines", "The MIT License (MIT)\n\nCopyright (c) 2019 Ada\nCopyright (c) 2020 Grace\n\n" + mit, "MIT"},
		{"MIT reflowed, licence spelt the British way", strings.ReplaceAll(strings.ReplaceAll(mit, "\n", " "), "license", "licence"), "MIT"},
		{"MIT-0 is not MIT", licenseText(t, "MIT-0"), "MIT-0"},
		{"BSD-3-Clause", licenseText(t, "BSD-3-Clause"), "BSD-3-Clause"},
		{"BSD-3-Clause naming its holder", strings.Replace(licenseText(t, "BSD-3-Clause"), "the copyright holder nor", "Acme Inc. nor", 1), "BSD-3-Clause"},
		{"BSD-2-Clause is not BSD-3-Clause", bsd2, "BSD-2-Clause"},
		{"Apache-2.0", apache, "Apache-2.0"},
		{"Apache-2.0 without its appendix", apache[:strings.Index(apache, "APPENDIX")], "Apache-2.0"},
		{"GPL-3.0", licenseText(t, "GPL-3.0"), "GPL-3.0"},
		{"AGPL-3.0 is not GPL-3.0", licenseText(t, "AGPL-3.0"), "AGPL-3.0"},
		{"LGPL-2.1", licenseText(t, "LGPL-2.1"), "LGPL-2.1"},
		{"MPL-2.0", licenseText(t, "MPL-2.0"), "MPL-2.0"},
		{"ISC", licenseText(t, "ISC"), "ISC"},
		{"Unlicense", licenseText(t, "Unlicense"), "Unlicense"},
		{"BUSL-1.1 with its parameters filled in", licenseText(t, "BUSL-1.1"), "BUSL-1.1"},
		{"BUSL-1.1 without the covenants", licenseText(t, "BUSL-1.1")[:strings.Index(licenseText(t, "BUSL-1.1"), "MariaDB hereby grants")], "BUSL-1.1"},
		{"an SPDX line", "SPDX-License-Identifier: Apache-2.0 OR MIT\n", "Apache-2.0 OR MIT"},
		// Near variants are other licences: a full matcher must name them.
		{"MIT with a clause added (the JSON licence)", strings.Replace(mit, "substantial portions of the Software.", "substantial portions of the Software.\n\nThe Software shall be used for Good, not Evil.", 1), ""},
		{"MIT cut short", mit[:strings.Index(mit, "THE SOFTWARE IS PROVIDED")], ""},
		{"BSD-2-Clause with an advertising clause", strings.Replace(bsd2, "THIS SOFTWARE IS PROVIDED", "3. All advertising materials mentioning features or use of this software must display the following acknowledgement: This product includes software developed by Acme.\n\nTHIS SOFTWARE IS PROVIDED", 1), ""},
		{"two licences in one file", mit + "\n\n---\n\n" + bsd2, ""},
		{"Apache-2.0 followed by MIT", apache + "\n\nThird-party code in vendor/ is under:\n\n" + mit, ""},
		{"prose", "This project is dual-licensed under the Unlicense and MIT licenses.\nYou may use this code under the terms of either license.\n", ""},
		{"an SPDX line that is not an expression", "SPDX-License-Identifier: $(rm -rf /)\n", ""},
		{"empty", "", ""},
		{"too big to be a licence", strings.Repeat(mit, MaxSize/len(mit)+1), ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			m, ok := Identify([]byte(c.text))
			if c.want == "" {
				if ok {
					t.Fatalf("claimed %s (%.2f%%)", m.ID, m.Coverage)
				}
				return
			}
			if !ok || m.ID != c.want {
				t.Fatalf("got %q, %v; want %s", m.ID, ok, c.want)
			}
			if m.Coverage < 90 || m.Coverage > 100 {
				t.Errorf("coverage %.2f", m.Coverage)
			}
		})
	}
}

// FuzzIdentify: any text, never a panic, a coverage in range.
func FuzzIdentify(f *testing.F) {
	f.Add([]byte("Copyright (c) 2024\n\nPermission is hereby granted, free of charge"))
	f.Add([]byte("SPDX-License-Identifier: MIT"))
	f.Add([]byte("\xff\xfe<<optional>> © copyright licence"))
	f.Fuzz(func(t *testing.T, text []byte) {
		if m, ok := Identify(text); ok && (m.Coverage < 0 || m.Coverage > 100 || m.ID == "") {
			t.Fatalf("%+v", m)
		}
	})
}

// BenchmarkIdentify is the first use in a process (the texts parsed) and
// then one MIT file.
func BenchmarkIdentify(b *testing.B) {
	data, _ := textFiles.ReadFile("texts/MIT.txt")
	b.Run("parse", func(b *testing.B) {
		for b.Loop() {
			entries, _ := textFiles.ReadDir("texts")
			for _, e := range entries {
				src, _ := textFiles.ReadFile("texts/" + e.Name())
				parseText(e.Name(), string(src))
			}
		}
	})
	b.Run("MIT", func(b *testing.B) {
		loadTexts()
		b.ReportAllocs()
		for b.Loop() {
			if _, ok := Identify(data); !ok {
				b.Fatal("not recognised")
			}
		}
	})
}
