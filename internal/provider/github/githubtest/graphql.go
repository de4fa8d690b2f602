package githubtest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"strings"
	"sync"
	"testing"

	"github.com/vektah/gqlparser/v2"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/parser"
	"github.com/vektah/gqlparser/v2/validator"

	"github.com/oss-dev/oss-dev/internal/sharedtest"
)

// GraphQLRequest is one GraphQL call as the server received it.
type GraphQLRequest struct {
	Query         string         `json:"query"`
	Variables     map[string]any `json:"variables"`
	OperationName string         `json:"operationName"`
	Authenticated bool           `json:"-"`
	// Document is the parsed, validated query.
	Document *ast.QueryDocument `json:"-"`
}

type graphqlRule struct {
	match string
	fn    func(*GraphQLRequest) Response
}

// HandleGraphQL answers GraphQL calls whose operation name is match, or
// whose query contains match; "" answers every call. The latest matching
// registration wins. Answer with Response{Body: map[string]any{"data": ...}}.
func (s *Server) HandleGraphQL(match string, fn func(*GraphQLRequest) Response) {
	s.mu.Lock()
	s.graphql = append(s.graphql, graphqlRule{match: match, fn: fn})
	s.mu.Unlock()
}

// GraphQLData is a Responder body helper: {"data": data}.
func GraphQLData(data any) Response {
	return Response{Status: http.StatusOK, Body: map[string]any{"data": data}}
}

var schemaCache sync.Map // path -> *schemaEntry; read-only once parsed

type schemaEntry struct {
	once   sync.Once
	schema *ast.Schema
	err    error
}

// LoadGraphQLSchema parses GitHub's schema at path (cached per path).
func LoadGraphQLSchema(path string) (*ast.Schema, error) {
	e, _ := schemaCache.LoadOrStore(path, &schemaEntry{})
	entry := e.(*schemaEntry)
	entry.once.Do(func() {
		raw, err := os.ReadFile(path)
		if err != nil {
			entry.err = err
			return
		}
		entry.schema, entry.err = loadSchema(string(raw))
	})
	return entry.schema, entry.err
}

// loadSchema parses and validates the SDL. GitHub's published schema
// declares a few fields twice (EnterpriseOwnerInfo.repositoryDeployKeySetting
// in 15.26.1); GitHub's own tooling keeps the first, and so does this, so
// that the rest of the schema can be checked strictly.
func loadSchema(sdl string) (*ast.Schema, error) {
	doc, err := parser.ParseSchemas(validator.Prelude, &ast.Source{Name: "schema.graphql", Input: sdl})
	if err != nil {
		return nil, err
	}
	for _, defs := range []ast.DefinitionList{doc.Definitions, doc.Extensions} {
		for _, d := range defs {
			seen := map[string]bool{}
			kept := d.Fields[:0]
			for _, f := range d.Fields {
				if !seen[f.Name] {
					seen[f.Name] = true
					kept = append(kept, f)
				}
			}
			d.Fields = kept
		}
	}
	return validator.ValidateSchemaDocument(doc)
}

// ValidateGraphQL checks query (and its variables) against GitHub's
// schema from the shared data; tests of query builders call it directly.
func ValidateGraphQL(t testing.TB, query string, variables map[string]any) (*ast.QueryDocument, error) {
	schema, err := LoadGraphQLSchema(sharedtest.DataFile(t, "github-graphql/schema.graphql"))
	if err != nil {
		return nil, fmt.Errorf("loading the GraphQL schema: %w", err)
	}
	return validateQuery(schema, query, variables)
}

func validateQuery(schema *ast.Schema, query string, variables map[string]any) (*ast.QueryDocument, error) {
	doc, errs := gqlparser.LoadQuery(schema, query)
	if len(errs) > 0 {
		return nil, fmt.Errorf("query does not validate against GitHub's schema: %s", errs.Error())
	}
	if len(doc.Operations) != 1 {
		return nil, fmt.Errorf("expected one operation in the query, found %d", len(doc.Operations))
	}
	if _, err := validator.VariableValues(schema, doc.Operations[0], variables); err != nil {
		return nil, fmt.Errorf("variables do not fit the query: %v", err)
	}
	return doc, nil
}

func (s *Server) answerGraphQL(r *Request) Response {
	r.Operation = "graphql"
	return s.withFaults(r, func(r *Request) Response {
		if !r.Authenticated {
			// GitHub's GraphQL API has no anonymous access.
			return Response{Status: http.StatusUnauthorized, Body: map[string]any{
				"message":           "This endpoint requires you to be authenticated.",
				"documentation_url": "https://docs.github.com/graphql/guides/forming-calls-with-graphql#authenticating-with-graphql",
			}}
		}
		var q GraphQLRequest
		dec := json.NewDecoder(bytes.NewReader(r.Body))
		dec.UseNumber()
		if err := dec.Decode(&q); err != nil {
			s.reject(fmt.Sprintf("POST /graphql: body is not JSON: %v", err))
			return Response{Status: http.StatusBadRequest, Body: map[string]any{"message": "Problems parsing JSON"}}
		}
		q.Authenticated = true
		schema, err := LoadGraphQLSchema(sharedtest.DataFile(s.t, "github-graphql/schema.graphql"))
		if err != nil {
			s.t.Errorf("githubtest: %v", err)
			return Response{Status: http.StatusInternalServerError, Body: ErrorBody(err.Error())}
		}
		doc, err := validateQuery(schema, q.Query, q.Variables)
		if err != nil {
			s.reject("POST /graphql: " + err.Error())
			return GraphQLErrors(err.Error())
		}
		q.Document = doc
		if q.OperationName == "" {
			q.OperationName = doc.Operations[0].Name
		}
		fn := s.graphqlRule(&q)
		if fn == nil {
			s.t.Logf("githubtest: no GraphQL answer registered for operation %q", q.OperationName)
			return GraphQLErrors("githubtest: no answer registered for this query")
		}
		return fn(&q)
	})
}

// GraphQLErrors is GitHub's answer to a query it cannot run: 200 with an
// errors list and no data.
func GraphQLErrors(messages ...string) Response {
	var errs []any
	for _, m := range messages {
		errs = append(errs, map[string]any{"message": m})
	}
	return Response{Status: http.StatusOK, Body: map[string]any{"errors": errs}}
}

func (s *Server) graphqlRule(q *GraphQLRequest) func(*GraphQLRequest) Response {
	s.mu.Lock()
	defer s.mu.Unlock()
	for i := len(s.graphql) - 1; i >= 0; i-- {
		r := s.graphql[i]
		if r.match == "" || r.match == q.OperationName || strings.Contains(q.Query, r.match) {
			return r.fn
		}
	}
	return nil
}
