package docs

import (
	"strings"
	"testing"
)

func TestFirstParagraphStartsAtABlock(t *testing.T) {
	cases := []struct {
		name, readme, want string
		line               int
	}{
		{"emphasis opens the sentence",
			"# Black\n\n> “Any color you like.”\n\n_Black_ is the uncompromising Python code formatter. By using it,\nyou agree to cede control.\n",
			"Black is the uncompromising Python code formatter. By using it, you agree to cede control.", 5},
		{"a quote's second line is not a start",
			"# X\n\n> a quote that goes on\nover two lines of the quote\n\nThe project parses configuration files quickly.\n",
			"The project parses configuration files quickly.", 6},
		{"an HTML block's inner lines are not a start",
			"<p align=\"center\">\n  some centred words here for show\n</p>\n\nA tool that formats code the same way everywhere.\n",
			"A tool that formats code the same way everywhere.", 5},
		{"a list item is not prose",
			"* first item of a list that is long\n* second\n\nWords of a real paragraph about the tool.\n",
			"Words of a real paragraph about the tool.", 4},
		{"a paragraph right under a heading",
			"# Tool\nTool turns issues into pull requests, with approval.\n",
			"Tool turns issues into pull requests, with approval.", 2},
		{"prose right under a setext heading",
			"ripgrep (rg)\n------------\nripgrep is a line-oriented search tool that searches\nthe current directory.\n",
			"ripgrep is a line-oriented search tool that searches the current directory.", 3},
		{"a code span opens the sentence",
			"# jq\n\n`jq` is a lightweight and flexible command-line JSON processor.\n",
			"jq is a lightweight and flexible command-line JSON processor.", 3},
		{"a rule is not prose",
			"___\n\n**Fast** search through every file of a repository.\n",
			"Fast search through every file of a repository.", 3},
		{"a news section is passed over, up to a rule",
			"# Gin\n\n## 📰 Gin 1.12.0 is now available!\n\nWe're excited to announce the release of **[Gin 1.12.0](https://x)**! It brings fixes.\n\n---\n\nGin is a high-performance HTTP web framework written in [Go](https://go.dev/).\n",
			"Gin is a high-performance HTTP web framework written in Go.", 9},
		{"a news section covers its subsections; a pointer is no description",
			"# GoogleTest\n\n### Announcements\n\n#### Documentation Updates\n\nOur documentation is now live on GitHub Pages.\n\n## Welcome\n\nSee the [website][w] for documentation.\n\n**Documentation**: [https://x.dev](https://x.dev)\n\nGoogleTest is Google's C++ testing and mocking framework, the [WSGI] of tests. It is:\n\n- fast\n",
			"GoogleTest is Google's C++ testing and mocking framework, the WSGI of tests.", 15},
		{"a news heading's section ends at the next heading",
			"# T\n\n## Sponsors\n\nThanks to the companies who keep this going.\n\n## About\n\nT turns snake_case names into *readable* words, __fast__.\n",
			"T turns snake_case names into readable words, fast.", 9},
		{"an installation section is steps, not a description",
			"## Installation\n\nAdd `:ecto` to the list of dependencies in `mix.exs`:\n\n```elixir\n# In your config/config.exs file\n```\n\n## About\n\nEcto is a toolkit for data mapping and language integrated query for Elixir. Here is an example:\n",
			"Ecto is a toolkit for data mapping and language integrated query for Elixir.", 11},
		{"an HTML heading ends a table of contents",
			"## Table of contents\n\n- <a href=\"#about\">The T3 Stack</a>\n\nJump to any part of this page from here.\n\n<h2 id=\"about\">The T3 Stack</h2>\n\nThe T3 Stack is a web development stack focused on simplicity.\n",
			"The T3 Stack is a web development stack focused on simplicity.", 9},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, line := firstParagraph(c.readme)
			if got != c.want || line != c.line {
				t.Fatalf("got %q at %d; want %q at %d", got, line, c.want, c.line)
			}
		})
	}
}

func TestFirstTitleIsTheProjectsName(t *testing.T) {
	cases := []struct{ readme, want string }{
		{"# OSS-Dev\n\nWords.\n", "OSS-Dev"},
		{"OkHttp\n======\n\nSee the site.\n", "OkHttp"},
		{"<p align=center><img src=logo.png></p>\n\n# [Black](https://black.rtfd.io) #\n", "Black"},
		{"# **jq**\n", "jq"},
		{"![cobra logo](logo.png)\n\n# Overview\n\nCobra is a library.\n", ""},
		{"[![CI](https://x/b.svg)](https://x)\n\n## Only a second-level heading\n", ""},
		{"# ![logo](logo.png)\n", ""},
		{"# " + strings.Repeat("long ", 30) + "\n", ""},
		{"ripgrep (rg)\n------------\n", ""},
		{"", ""},
		{"## Installation\n\n```elixir\n# In your config/config.exs file\n```\n", ""},
		{"# Welcome to `aeson`\n", "aeson"},
		{"<p align=\"center\"><img src=l.png></p>\n\n<h1 align=\"center\">\n  create-t3-app\n</h1>\n", "create-t3-app"},
		{"<h1>\n" + strings.Repeat("never closed\n", 10), ""},
	}
	for _, c := range cases {
		if got := firstTitle(c.readme); got != c.want {
			t.Errorf("firstTitle(%q) = %q; want %q", c.readme, got, c.want)
		}
	}
}

func TestStateNotice(t *testing.T) {
	cases := []struct {
		readme, want string
		line         int
	}{
		{"> [!IMPORTANT]\n> This repo has moved to https://example.com/core/args\n\n# args\n", "This repo has moved to https://example.com/core/args", 2},
		{"# Maybe\n\n> [!IMPORTANT]\n> This repository is no longer actively maintained. Read our [final release](https://x).\n",
			"This repository is no longer actively maintained. Read our final release.", 4},
		{"# Rack\n\nRack is an interface.\n\n## Versions\n\n### Rack 3.0\n\nThis version of rack is no longer maintained.\n", "", 0},
		{"# A\n\n```sh\n# the old package is deprecated and unmaintained\n```\n\nA parses things.\n", "", 0},
		{"# A\n\nA is not deprecated, it parses things.\n", "", 0},
	}
	for _, c := range cases {
		if got, line := stateNotice(c.readme); got != c.want || line != c.line {
			t.Errorf("stateNotice(%q) = %q at %d; want %q at %d", c.readme, got, line, c.want, c.line)
		}
	}
}
