package github

import (
	"fmt"
	"strings"
)

// repoSignalsFragment reads what the health score and the exclusion rules
// need of a repository in the same request as the search that found it.
// CONTRIBUTING is looked for where GitHub itself looks (root, .github/,
// docs/); CI is the list of files under .github/workflows; commit activity
// is the size of the default branch's history since $since.
const repoSignalsFragment = `fragment repoSignals on Repository {
  nameWithOwner
  description
  url
  stargazerCount
  forkCount
  isArchived
  isFork
  hasIssuesEnabled
  pushedAt
  primaryLanguage { name }
  licenseInfo { spdxId name }
  codeOfConduct { name }
  repositoryTopics(first: 10) { nodes { topic { name } } }
  contributingRoot: object(expression: "HEAD:CONTRIBUTING.md") { id }
  contributingGitHub: object(expression: "HEAD:.github/CONTRIBUTING.md") { id }
  contributingDocs: object(expression: "HEAD:docs/CONTRIBUTING.md") { id }
  workflows: object(expression: "HEAD:.github/workflows") { ... on Tree { entries { name } } }
  openIssues: issues(states: OPEN) { totalCount }
  openPRs: pullRequests(states: OPEN) { totalCount }
  goodFirst: issues(states: OPEN, labels: ["good first issue"]) { totalCount }
  defaultBranchRef { name target { ... on Commit { history(since: $since) { totalCount } } } }
}`

// activityFragment reads a repository's recent issues and pull requests
// with their first comments and reviews (maintainer response time) and its
// recently closed pull requests (newcomers' merge share).
const activityFragment = `fragment activity on Repository {
  recentIssues: issues(first: 20, orderBy: {field: CREATED_AT, direction: DESC}) {
    nodes { number createdAt state authorAssociation author { login }
      comments(first: 10) { nodes { createdAt authorAssociation author { login } } } }
  }
  recentPRs: pullRequests(first: 20, orderBy: {field: CREATED_AT, direction: DESC}) {
    nodes { number createdAt state merged authorAssociation author { login }
      comments(first: 10) { nodes { createdAt authorAssociation author { login } } }
      reviews(first: 10) { nodes { submittedAt createdAt authorAssociation author { login } } } }
  }
  closedPRs: pullRequests(first: 30, states: [MERGED, CLOSED], orderBy: {field: UPDATED_AT, direction: DESC}) {
    nodes { number createdAt state merged authorAssociation author { login } }
  }
}`

const linkedPRFragment = `fragment linkedPR on PullRequest {
  number
  url
  state
  merged
  isDraft
  author { login }
  repository { nameWithOwner }
}`

// DiscoverIssuesQuery is the batched issue search: one page of issues with
// labels, assignees, the last comments, linked pull requests and the
// repository's signals.
const DiscoverIssuesQuery = `query DiscoverIssues($q: String!, $first: Int!, $after: String, $since: GitTimestamp!) {
  rateLimit { cost remaining resetAt }
  search(query: $q, type: ISSUE, first: $first, after: $after) {
    issueCount
    pageInfo { hasNextPage endCursor }
    nodes {
      __typename
      ... on Issue {
        number
        title
        body
        url
        state
        locked
        createdAt
        updatedAt
        authorAssociation
        author { login }
        labels(first: 20) { nodes { name } }
        assignees(first: 10) { nodes { login } }
        comments(last: 5) { totalCount nodes { databaseId url body createdAt authorAssociation author { login } } }
        timelineItems(last: 20, itemTypes: [CONNECTED_EVENT, CROSS_REFERENCED_EVENT]) {
          nodes {
            __typename
            ... on ConnectedEvent { subject { ... on PullRequest { ...linkedPR } } }
            ... on CrossReferencedEvent { source { ... on PullRequest { ...linkedPR } } }
          }
        }
        repository { ...repoSignals }
      }
    }
  }
}

` + linkedPRFragment + "\n\n" + repoSignalsFragment

// DiscoverReposQuery is the batched repository search with each
// repository's signals.
const DiscoverReposQuery = `query DiscoverRepos($q: String!, $first: Int!, $after: String, $since: GitTimestamp!) {
  rateLimit { cost remaining resetAt }
  search(query: $q, type: REPOSITORY, first: $first, after: $after) {
    repositoryCount
    pageInfo { hasNextPage endCursor }
    nodes { __typename ... on Repository { ...repoSignals } }
  }
}

` + repoSignalsFragment

// UserPullRequestsQuery reads the viewer's own repositories and a search
// of their pull requests ($q is "is:pr author:LOGIN").
const UserPullRequestsQuery = `query UserActivity($q: String!) {
  viewer {
    login
    repositories(first: 50, ownerAffiliations: [OWNER], isFork: false, orderBy: {field: PUSHED_AT, direction: DESC}) {
      nodes { primaryLanguage { name } }
    }
  }
  search(query: $q, type: ISSUE, first: 50) {
    nodes {
      __typename
      ... on PullRequest { number state merged createdAt repository { nameWithOwner primaryLanguage { name } } }
    }
  }
}`

// ViewerQuery asks who the token belongs to.
const ViewerQuery = `query Viewer { viewer { login } }`

// ActivityQuery builds one request for the activity of n repositories,
// aliased r0, r1, ...; withSignals adds the repoSignals fragment (for a
// repository no search has described yet) and so the $since variable,
// which GraphQL allows only when it is used.
func ActivityQuery(n int, withSignals bool) string {
	var b strings.Builder
	b.WriteString("query RepoActivity(")
	var params []string
	if withSignals {
		params = append(params, "$since: GitTimestamp!")
	}
	for i := range n {
		params = append(params, fmt.Sprintf("$o%d: String!, $n%d: String!", i, i))
	}
	b.WriteString(strings.Join(params, ", ") + ") {\n")
	spread := "...activity"
	if withSignals {
		spread += " ...repoSignals"
	}
	for i := range n {
		fmt.Fprintf(&b, "  r%d: repository(owner: $o%d, name: $n%d) { nameWithOwner %s }\n", i, i, i, spread)
	}
	b.WriteString("}\n\n" + activityFragment)
	if withSignals {
		b.WriteString("\n\n" + repoSignalsFragment)
	}
	return b.String()
}
