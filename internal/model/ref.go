package model

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"
)

// DefaultHost is the host of references written without one.
const DefaultHost = "github.com"

// IssueRefForms lists the accepted ways of writing an issue reference, for
// error messages and help text.
var IssueRefForms = []string{
	"https://github.com/OWNER/REPO/issues/NUMBER",
	"https://github.com/OWNER/REPO/pull/NUMBER",
	"github.com/OWNER/REPO/issues/NUMBER",
	"https://HOST/OWNER/REPO/issues/NUMBER (GitHub Enterprise)",
	"OWNER/REPO#NUMBER",
}

// RepoRefForms lists the accepted ways of writing a repository reference.
var RepoRefForms = []string{
	"OWNER/REPO",
	"https://github.com/OWNER/REPO",
	"https://github.com/OWNER/REPO.git",
	"github.com/OWNER/REPO",
	"git@github.com:OWNER/REPO.git",
	"ssh://git@github.com/OWNER/REPO.git",
}

// RefError explains why a reference could not be parsed. The model package
// imports nothing of ours, so callers that show it to users wrap it in an
// errcode INVALID_REFERENCE error; its message already names the input and
// the accepted forms.
type RefError struct {
	Input  string
	Kind   string // "issue" or "repository"
	Reason string
	Forms  []string
}

func (e *RefError) Error() string {
	return fmt.Sprintf("%q is not a valid %s reference: %s", e.Input, e.Kind, e.Reason)
}

// Hint lists the accepted forms, as the fix shown with the error.
func (e *RefError) Hint() string {
	return "write the reference as one of: " + strings.Join(e.Forms, ", ")
}

// Code is the errcode code the error maps to.
func (e *RefError) Code() string { return "INVALID_REFERENCE" }

// String is OWNER/REPO#NUMBER.
func (r IssueRef) String() string {
	return fmt.Sprintf("%s/%s#%d", r.Owner, r.Repo, r.Number)
}

// URL is the canonical web address of the issue or pull request.
func (r IssueRef) URL() string {
	kind := "issues"
	if r.IsPull {
		kind = "pull"
	}
	return fmt.Sprintf("https://%s/%s/%s/%s/%d", r.Host, r.Owner, r.Repo, kind, r.Number)
}

// RepoRef returns the repository the issue belongs to.
func (r IssueRef) RepoRef() RepoRef { return RepoRef{Host: r.Host, Owner: r.Owner, Repo: r.Repo} }

// URL is the canonical web address of the repository.
func (r RepoRef) URL() string { return fmt.Sprintf("https://%s/%s/%s", r.Host, r.Owner, r.Repo) }

// ParseIssueRef parses an issue or pull request reference: a web URL (with
// or without scheme, on github.com or an Enterprise host) or OWNER/REPO#N.
// References without a host get defaultHost, or github.com when it is empty.
func ParseIssueRef(s, defaultHost string) (IssueRef, error) {
	fail := func(reason string) (IssueRef, error) {
		return IssueRef{}, &RefError{Input: s, Kind: "issue", Reason: reason, Forms: IssueRefForms}
	}
	in := strings.TrimSpace(s)
	if in == "" {
		return fail("it is empty")
	}
	if i := strings.IndexByte(in, '#'); i > 0 && !strings.Contains(in, "://") && strings.Count(in[:i], "/") == 1 {
		return parseShortIssueRef(in[:i], in[i+1:], defaultHost, fail)
	}
	if isPlainOwnerRepo(in) {
		return fail("the issue number is missing: write OWNER/REPO#NUMBER")
	}
	if strings.HasPrefix(strings.ToLower(in), "ssh://") {
		return fail("an SSH address names a repository, not an issue")
	}
	host, segs, err := splitWebURL(in)
	if err != "" {
		return fail(err)
	}
	if len(segs) < 4 {
		return fail("expected OWNER/REPO/issues/NUMBER or OWNER/REPO/pull/NUMBER after the host")
	}
	ref := IssueRef{Host: host, Owner: segs[0], Repo: segs[1]}
	switch segs[2] {
	case "issues":
		if len(segs) > 4 {
			return fail("unexpected path after the issue number")
		}
	case "pull":
		ref.IsPull = true
		if len(segs) > 5 || (len(segs) == 5 && !pullTabs[segs[4]]) {
			return fail("unexpected path after the pull request number")
		}
	default:
		return fail(fmt.Sprintf("%q is neither issues nor pull", segs[2]))
	}
	if reason := checkOwnerRepo(ref.Owner, ref.Repo); reason != "" {
		return fail(reason)
	}
	n, reason := parseNumber(segs[3])
	if reason != "" {
		return fail(reason)
	}
	ref.Number = n
	return ref, nil
}

// pullTabs are the pull request pages whose URLs still name the pull request.
var pullTabs = map[string]bool{"files": true, "commits": true, "checks": true}

func parseShortIssueRef(repoPart, num, defaultHost string, fail func(string) (IssueRef, error)) (IssueRef, error) {
	owner, repo, _ := strings.Cut(repoPart, "/")
	if reason := checkOwnerRepo(owner, repo); reason != "" {
		return fail(reason)
	}
	n, reason := parseNumber(num)
	if reason != "" {
		return fail(reason)
	}
	host, reason := normalHost(defaultHost)
	if reason != "" {
		return fail("default host: " + reason)
	}
	return IssueRef{Host: host, Owner: owner, Repo: repo, Number: n}, nil
}

// ParseRepoRef parses OWNER/REPO or a repository address: a web URL (extra
// path after the repository is ignored), a clone URL with .git, or an SSH
// remote (git@HOST:OWNER/REPO.git, ssh://git@HOST/OWNER/REPO.git).
func ParseRepoRef(s, defaultHost string) (RepoRef, error) {
	fail := func(reason string) (RepoRef, error) {
		return RepoRef{}, &RefError{Input: s, Kind: "repository", Reason: reason, Forms: RepoRefForms}
	}
	in := strings.TrimSpace(s)
	if in == "" {
		return fail("it is empty")
	}
	var host string
	var segs []string
	switch {
	case strings.HasPrefix(in, "git@") && !strings.Contains(in, "://"):
		h, path, ok := strings.Cut(strings.TrimPrefix(in, "git@"), ":")
		if !ok {
			return fail("an SSH address needs a colon between host and path")
		}
		var reason string
		if host, reason = normalHost(h); reason != "" {
			return fail(reason)
		}
		segs = strings.Split(strings.Trim(path, "/"), "/")
		if len(segs) != 2 {
			return fail("expected OWNER/REPO after the colon")
		}
	case isPlainOwnerRepo(in):
		owner, repo, _ := strings.Cut(in, "/")
		segs = []string{owner, repo}
		var reason string
		if host, reason = normalHost(defaultHost); reason != "" {
			return fail("default host: " + reason)
		}
	default:
		var reason string
		if host, segs, reason = splitWebURL(in); reason != "" {
			return fail(reason)
		}
		if len(segs) < 2 {
			return fail("expected OWNER/REPO after the host")
		}
	}
	owner, repo := segs[0], strings.TrimSuffix(segs[1], ".git")
	if reason := checkOwnerRepo(owner, repo); reason != "" {
		return fail(reason)
	}
	return RepoRef{Host: host, Owner: owner, Repo: repo}, nil
}

// isPlainOwnerRepo reports whether s is OWNER/REPO (the repository name may
// have dots, as in owner/repo.js) rather than HOST/OWNER/...: owner names
// never contain a dot and a host name without a dot has no second slash.
func isPlainOwnerRepo(s string) bool {
	if strings.Count(s, "/") != 1 || strings.ContainsAny(s, ":?#@") {
		return false
	}
	owner, _, _ := strings.Cut(s, "/")
	return !strings.Contains(owner, ".")
}

// splitWebURL splits [scheme://]HOST/PATH[?query][#fragment] into a
// normalised host and the non-empty path segments. The reason is empty on
// success.
func splitWebURL(in string) (string, []string, string) {
	raw := in
	switch {
	case strings.HasPrefix(strings.ToLower(raw), "https://"), strings.HasPrefix(strings.ToLower(raw), "http://"):
	case strings.HasPrefix(strings.ToLower(raw), "ssh://"):
	case strings.Contains(raw, "://"):
		return "", nil, "only http, https and ssh addresses are accepted"
	default:
		// Without a scheme, only a dotted host (github.com/...) is taken as
		// a host, so that a/b/c is not read as host a.
		host, _, _ := strings.Cut(raw, "/")
		if !strings.Contains(host, ".") {
			return "", nil, "without https:// the address must start with a host name such as github.com"
		}
		raw = "https://" + raw
	}
	u, err := url.Parse(raw)
	if err != nil {
		return "", nil, "it is not a valid address"
	}
	if u.Opaque != "" {
		return "", nil, "it is not a valid address"
	}
	if u.User != nil && !strings.EqualFold(u.Scheme, "ssh") {
		return "", nil, "addresses with credentials are not accepted"
	}
	host, reason := normalHost(u.Host)
	if reason != "" {
		return "", nil, reason
	}
	var segs []string
	for _, p := range strings.Split(u.Path, "/") {
		if p != "" {
			segs = append(segs, p)
		}
	}
	if strings.Contains(u.Path, "//") {
		return "", nil, "the path has an empty segment"
	}
	return host, segs, ""
}

// normalHost lower-cases a host (with optional port), maps www.github.com to
// github.com and checks that it is a plausible DNS name.
func normalHost(h string) (string, string) {
	if h == "" {
		h = DefaultHost
	}
	h = strings.ToLower(h)
	name, port, hasPort := strings.Cut(h, ":")
	if hasPort {
		p, err := strconv.Atoi(port)
		if err != nil || p < 1 || p > 65535 || strconv.Itoa(p) != port {
			return "", fmt.Sprintf("%q has an invalid port", h)
		}
	}
	if name == "www.github.com" {
		name = DefaultHost
		h = DefaultHost
		if hasPort {
			h += ":" + port
		}
	}
	if len(name) > 253 || name == "" {
		return "", fmt.Sprintf("%q is not a valid host name", h)
	}
	for _, label := range strings.Split(name, ".") {
		if !validHostLabel(label) {
			return "", fmt.Sprintf("%q is not a valid host name", h)
		}
	}
	return h, ""
}

func validHostLabel(l string) bool {
	if l == "" || len(l) > 63 || l[0] == '-' || l[len(l)-1] == '-' {
		return false
	}
	for i := 0; i < len(l); i++ {
		c := l[i]
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-') {
			return false
		}
	}
	return true
}

func parseNumber(s string) (int, string) {
	if s == "" {
		return 0, "the issue number is missing"
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return 0, fmt.Sprintf("%q is not an issue number", s)
		}
	}
	n, err := strconv.ParseInt(s, 10, 32)
	if err != nil || n < 1 || strconv.FormatInt(n, 10) != s {
		return 0, fmt.Sprintf("%q is not an issue number", s)
	}
	return int(n), ""
}

// checkOwnerRepo applies GitHub's naming rules. Owners (users and
// organisations): 1 to 39 letters, digits and hyphens, not starting or
// ending with a hyphen (underscores appear in Enterprise managed user
// names). Repositories: 1 to 100 letters, digits, '.', '-' and '_', and
// neither "." nor "..".
func checkOwnerRepo(owner, repo string) string {
	if !ValidOwner(owner) {
		return fmt.Sprintf("%q is not a valid owner name (letters, digits and single hyphens, at most 39)", owner)
	}
	if !ValidRepoName(repo) {
		return fmt.Sprintf("%q is not a valid repository name (letters, digits, '.', '-' and '_', at most 100)", repo)
	}
	return ""
}

// ValidOwner reports whether s is a valid GitHub user or organisation name.
func ValidOwner(s string) bool {
	if s == "" || len(s) > 39 || s[0] == '-' || s[len(s)-1] == '-' || s[0] == '_' {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(isAlnum(c) || c == '-' || c == '_') {
			return false
		}
	}
	return true
}

// ValidRepoName reports whether s is a valid GitHub repository name.
func ValidRepoName(s string) bool {
	if s == "" || len(s) > 100 || s == "." || s == ".." {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(isAlnum(c) || c == '.' || c == '-' || c == '_') {
			return false
		}
	}
	return true
}

func isAlnum(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}
