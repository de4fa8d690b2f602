package repo

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// busl is BUSL-1.1 as a project fills it in.
const busl = `License text copyright (c) 2020 MariaDB Corporation Ab, All Rights Reserved.
"Business Source License" is a trademark of MariaDB Corporation Ab.

Parameters

Licensor:             Acme, Inc.
Licensed Work:        Widget 1.0 or later. The Licensed Work is (c) 2024 Acme, Inc.
Additional Use Grant: You may make production use of the Licensed Work, provided
                      Your use does not include offering the Licensed Work to third
                      parties on a hosted or embedded basis in order to compete with
                      Acme's paid version(s) of the Licensed Work.
Change Date:          Four years from the date the Licensed Work is published.
Change License:       MPL 2.0

Notice

Business Source License 1.1

Terms

The Licensor hereby grants you the right to copy, modify, create derivative
works, redistribute, and make non-production use of the Licensed Work. The
Licensor may make an Additional Use Grant, above, permitting limited production use.

Effective on the Change Date, or the fourth anniversary of the first publicly
available distribution of a specific version of the Licensed Work under this
License, whichever comes first, the Licensor hereby grants you rights under
the terms of the Change License, and the rights granted in the paragraph
above terminate.

If your use of the Licensed Work does not comply with the requirements
currently in effect as described in this License, you must purchase a
commercial license from the Licensor, its affiliated entities, or authorized
resellers, or you must refrain from using the Licensed Work.

All copies of the original and modified Licensed Work, and derivative works
of the Licensed Work, are subject to this License. This License applies
separately for each version of the Licensed Work and the Change Date may vary
for each version of the Licensed Work released by Licensor.

You must conspicuously display this License on each original or modified copy
of the Licensed Work. If you receive the Licensed Work in original or
modified form from a third party, the terms and conditions set forth in this
License apply to your use of that work.

Any use of the Licensed Work in violation of this License will automatically
terminate your rights under this License for the current and all other
versions of the Licensed Work.

This License does not grant you any right in any trademark or logo of
Licensor or its affiliates (provided that you may use a trademark or logo of
Licensor as expressly required by this License).

TO THE EXTENT PERMITTED BY APPLICABLE LAW, THE LICENSED WORK IS PROVIDED ON
AN "AS IS" BASIS. LICENSOR HEREBY DISCLAIMS ALL WARRANTIES AND CONDITIONS,
EXPRESS OR IMPLIED, INCLUDING (WITHOUT LIMITATION) WARRANTIES OF
MERCHANTABILITY, FITNESS FOR A PARTICULAR PURPOSE, NON-INFRINGEMENT, AND
TITLE.
`

const bsd2License = `Copyright (c) 2024 Ada

Redistribution and use in source and binary forms, with or without
modification, are permitted provided that the following conditions are met:

1. Redistributions of source code must retain the above copyright notice, this
   list of conditions and the following disclaimer.

2. Redistributions in binary form must reproduce the above copyright notice,
   this list of conditions and the following disclaimer in the documentation
   and/or other materials provided with the distribution.

THIS SOFTWARE IS PROVIDED BY THE COPYRIGHT HOLDERS AND CONTRIBUTORS "AS IS"
AND ANY EXPRESS OR IMPLIED WARRANTIES, INCLUDING, BUT NOT LIMITED TO, THE
IMPLIED WARRANTIES OF MERCHANTABILITY AND FITNESS FOR A PARTICULAR PURPOSE ARE
DISCLAIMED. IN NO EVENT SHALL THE COPYRIGHT HOLDER OR CONTRIBUTORS BE LIABLE
FOR ANY DIRECT, INDIRECT, INCIDENTAL, SPECIAL, EXEMPLARY, OR CONSEQUENTIAL
DAMAGES (INCLUDING, BUT NOT LIMITED TO, PROCUREMENT OF SUBSTITUTE GOODS OR
SERVICES; LOSS OF USE, DATA, OR PROFITS; OR BUSINESS INTERRUPTION) HOWEVER
CAUSED AND ON ANY THEORY OF LIABILITY, WHETHER IN CONTRACT, STRICT LIABILITY,
OR TORT (INCLUDING NEGLIGENCE OR OTHERWISE) ARISING IN ANY WAY OUT OF THE USE
OF THIS SOFTWARE, EVEN IF ADVISED OF THE POSSIBILITY OF SUCH DAMAGE.
`

// TestLicenseVerdicts analyses repositories that carry their license in
// the ways real projects do, and some that try to mislead or hang it.
func TestLicenseVerdicts(t *testing.T) {
	cases := []struct {
		name  string
		files map[string]string
		after func(t *testing.T, dir string) // changes the work tree after the commit
		spdx  string
		path  string
	}{
		{"MIT", map[string]string{"LICENSE": mitLicense}, nil, "MIT", "LICENSE"},
		{"BUSL-1.1, which licensecheck does not know", map[string]string{"LICENSE": busl}, nil, "BUSL-1.1", "LICENSE"},
		{"MIT-LICENSE, as Ruby projects name it", map[string]string{"MIT-LICENSE": mitLicense}, nil, "MIT", "MIT-LICENSE"},
		{"two files: the better covered one", map[string]string{"LICENSE-MIT": mitLicense, "LICENSE-BSD": bsd2License}, nil, "BSD-2-Clause", "LICENSE-BSD"},
		{"two licenses in one file: licensecheck names both", map[string]string{"COPYING": mitLicense + "\n\n" + bsd2License}, nil, "MIT AND BSD-2-Clause", "COPYING"},
		{"an SPDX line", map[string]string{"LICENSE.md": "SPDX-License-Identifier: Apache-2.0 OR MIT\n"}, nil, "Apache-2.0 OR MIT", "LICENSE.md"},
		{"a license outside the root does not count", map[string]string{"third_party/x/LICENSE": mitLicense}, nil, "", ""},
		{"a source file named license.go is not read as one", map[string]string{"license.go": "package main\n\n// " + strings.ReplaceAll(mitLicense, "\n", "\n// ")}, nil, "", ""},
		{"no license", map[string]string{"README.md": "# x\n"}, nil, "", ""},
		{"a link to a license outside", map[string]string{"README.md": "# x\n"}, func(t *testing.T, dir string) {
			outside := filepath.Join(t.TempDir(), "LICENSE")
			if err := os.WriteFile(outside, []byte(mitLicense), 0o644); err != nil {
				t.Fatal(err)
			}
			if err := os.Symlink(outside, filepath.Join(dir, "LICENSE")); err != nil {
				t.Fatal(err)
			}
			gitAdd(t, dir, "LICENSE")
		}, "", ""},
		{"a FIFO in the license's place does not hang", map[string]string{"LICENSE": mitLicense}, func(t *testing.T, dir string) {
			p := filepath.Join(dir, "LICENSE")
			if err := os.Remove(p); err != nil {
				t.Fatal(err)
			}
			if err := syscall.Mkfifo(p, 0o644); err != nil {
				t.Skip("no FIFOs here:", err)
			}
		}, "", ""},
		{"a license too big to be one", map[string]string{"LICENSE": strings.Repeat(mitLicense, 2000)}, nil, "", ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := gitRepo(t, c.files)
			if c.after != nil {
				c.after(t, dir)
			}
			got := analyzeRepo(t, dir).Contribution.License
			if got.SPDX != c.spdx || got.Evidence.Path != c.path {
				t.Fatalf("license = %q in %q; want %q in %q", got.SPDX, got.Evidence.Path, c.spdx, c.path)
			}
			if c.spdx != "" && (got.Coverage < 50 || got.Coverage > 100) {
				t.Errorf("coverage %.2f", got.Coverage)
			}
		})
	}
}

func gitAdd(t *testing.T, dir string, names ...string) {
	t.Helper()
	cmd := exec.Command("git", append([]string{"-C", dir, "add", "--"}, names...)...)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("git add: %v\n%s", err, out)
	}
}
