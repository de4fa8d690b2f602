package llmtest

import (
	"encoding/base64"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
)

// Gemini is a fake Gemini API (generativelanguage) server. It serves, under
// /v1beta/models/MODEL, the methods :streamGenerateContent (server-sent
// events with ?alt=sse), :generateContent and :countTokens.
type Gemini struct {
	server
	// URL is the base URL to configure a client with (no version path).
	URL string
	// APIKey, when set, is required in the x-goog-api-key header or the key
	// query parameter; other requests get the API's 400 API_KEY_INVALID.
	APIKey string
	// Models, when set, lists the models that exist; others get a 404.
	Models []string
}

// NewGemini starts a fake Gemini API server, closed when t ends.
func NewGemini(t testing.TB) *Gemini {
	s := &Gemini{}
	mux := http.NewServeMux()
	mux.HandleFunc("POST /v1beta/models/{call}", s.handle)
	s.start(t, mux)
	s.URL = s.srv.URL + "/"
	return s
}

// GeminiRequest is the part of a generateContent or countTokens request
// that tests look at.
type GeminiRequest struct {
	Contents          []GeminiContent `json:"contents"`
	SystemInstruction *GeminiContent  `json:"systemInstruction"`
	Tools             []struct {
		FunctionDeclarations []struct {
			Name                 string         `json:"name"`
			Description          string         `json:"description"`
			Parameters           map[string]any `json:"parameters"`
			ParametersJSONSchema map[string]any `json:"parametersJsonSchema"`
		} `json:"functionDeclarations"`
	} `json:"tools"`
	GenerationConfig *struct {
		Temperature *float64 `json:"temperature"`
	} `json:"generationConfig"`
}

// GeminiContent is one turn of a Gemini conversation.
type GeminiContent struct {
	Role  string       `json:"role"`
	Parts []GeminiPart `json:"parts"`
}

// GeminiPart is one part of a turn: text, a function call or its response.
type GeminiPart struct {
	Text         string `json:"text,omitempty"`
	FunctionCall *struct {
		ID   string         `json:"id"`
		Name string         `json:"name"`
		Args map[string]any `json:"args"`
	} `json:"functionCall,omitempty"`
	FunctionResponse *struct {
		ID       string         `json:"id"`
		Name     string         `json:"name"`
		Response map[string]any `json:"response"`
	} `json:"functionResponse,omitempty"`
	ThoughtSignature string `json:"thoughtSignature,omitempty"`
}

// Generate decodes a recorded request as a Gemini request.
func (r Request) Generate() (GeminiRequest, error) {
	var g GeminiRequest
	err := r.Decode(&g)
	return g, err
}

// Signature is the thoughtSignature the fake attaches to a function call
// part, so tests can check that it is sent back with the call.
func Signature(name string) string {
	return base64.StdEncoding.EncodeToString([]byte("sig-" + name))
}

func (s *Gemini) handle(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	reply := s.record(r, body)
	addHeaders(w, reply.Header)
	if !wait(r, reply.HeaderDelay) {
		return
	}
	model, method, ok := strings.Cut(r.PathValue("call"), ":")
	if !ok {
		geminiError(w, http.StatusNotFound, "Method not found.")
		return
	}
	var req GeminiRequest
	if err := json.Unmarshal(body, &req); err != nil {
		geminiError(w, http.StatusBadRequest, "Invalid JSON payload received.")
		return
	}
	if s.APIKey != "" && r.Header.Get("x-goog-api-key") != s.APIKey && r.URL.Query().Get("key") != s.APIKey {
		geminiKeyError(w)
		return
	}
	if len(s.Models) > 0 && !contains(s.Models, model) {
		geminiError(w, http.StatusNotFound, "models/"+model+" is not found for API version v1beta, or is not supported for "+method+". Call ListModels to see the list of available models and their supported methods.")
		return
	}
	if reply.Status != 0 && reply.Status != http.StatusOK {
		msg := reply.ErrorMessage
		if msg == "" {
			msg = http.StatusText(reply.Status)
		}
		geminiError(w, reply.Status, msg)
		return
	}
	switch method {
	case "streamGenerateContent":
		if r.URL.Query().Get("alt") != "sse" {
			geminiError(w, http.StatusBadRequest, "this fake streams only with alt=sse")
			return
		}
		s.stream(w, r, model, reply)
	case "generateContent":
		writeJSON(w, http.StatusOK, geminiResponse(model, reply.geminiParts(), reply.geminiFinish(), reply.geminiUsage()))
	case "countTokens":
		s.countTokens(w, req, reply)
	default:
		geminiError(w, http.StatusNotFound, "Method not found.")
	}
}

// geminiStatus is the google.rpc status name the API sends with an HTTP status.
func geminiStatus(code int) string {
	switch code {
	case http.StatusBadRequest:
		return "INVALID_ARGUMENT"
	case http.StatusUnauthorized:
		return "UNAUTHENTICATED"
	case http.StatusForbidden:
		return "PERMISSION_DENIED"
	case http.StatusNotFound:
		return "NOT_FOUND"
	case http.StatusTooManyRequests:
		return "RESOURCE_EXHAUSTED"
	case http.StatusServiceUnavailable:
		return "UNAVAILABLE"
	case http.StatusGatewayTimeout:
		return "DEADLINE_EXCEEDED"
	}
	return "INTERNAL"
}

// geminiError writes the API's error body: {"error": {code, message, status}}.
func geminiError(w http.ResponseWriter, code int, message string) {
	writeJSON(w, code, map[string]any{"error": map[string]any{
		"code": code, "message": message, "status": geminiStatus(code),
	}})
}

// geminiKeyError is what the API answers to a wrong key: a 400, not a 401.
func geminiKeyError(w http.ResponseWriter) {
	writeJSON(w, http.StatusBadRequest, map[string]any{"error": map[string]any{
		"code": 400, "message": "API key not valid. Please pass a valid API key.", "status": "INVALID_ARGUMENT",
		"details": []any{map[string]any{
			"@type":  "type.googleapis.com/google.rpc.ErrorInfo",
			"reason": "API_KEY_INVALID", "domain": "googleapis.com",
			"metadata": map[string]any{"service": "generativelanguage.googleapis.com"},
		}},
	}})
}

func (r Reply) geminiFinish() string {
	if r.FinishReason != "" {
		return r.FinishReason
	}
	return "STOP"
}

func (r Reply) geminiUsage() map[string]any {
	u := r.usage()
	return map[string]any{
		"promptTokenCount": u.Input, "candidatesTokenCount": u.Output, "totalTokenCount": u.Input + u.Output,
	}
}

// geminiParts turns the reply's text and calls into parts; a function call
// part carries a thoughtSignature, as thinking models send.
func (r Reply) geminiParts() []any {
	var parts []any
	if t := strings.Join(r.text(), ""); t != "" {
		parts = append(parts, map[string]any{"text": t})
	}
	for _, c := range r.ToolCalls {
		parts = append(parts, functionCallPart(c))
	}
	return parts
}

func functionCallPart(c ToolCall) map[string]any {
	var args map[string]any
	_ = json.Unmarshal([]byte(c.Arguments), &args)
	call := map[string]any{"name": c.Name, "args": args}
	if c.ID != "" {
		call["id"] = c.ID
	}
	return map[string]any{"functionCall": call, "thoughtSignature": Signature(c.Name)}
}

// geminiResponse builds one GenerateContentResponse; finish and usage are
// left out when empty, as in the middle of a stream.
func geminiResponse(model string, parts []any, finish string, usage map[string]any) map[string]any {
	cand := map[string]any{"content": map[string]any{"role": "model", "parts": parts}, "index": 0}
	if finish != "" {
		cand["finishReason"] = finish
	}
	resp := map[string]any{"candidates": []any{cand}, "modelVersion": model, "responseId": "fake-response"}
	if usage != nil {
		resp["usageMetadata"] = usage
	}
	return resp
}

// stream sends one event per text delta and per function call; the last
// event carries the finish reason and the full usage metadata. Gemini sends
// no terminator: the stream just ends.
func (s *Gemini) stream(w http.ResponseWriter, r *http.Request, model string, reply Reply) {
	startSSE(w)
	e := &sse{w: w, r: r, reply: reply}
	prompt := map[string]any{"promptTokenCount": reply.usage().Input, "totalTokenCount": reply.usage().Input}
	var events []map[string]any
	for _, t := range reply.text() {
		events = append(events, geminiResponse(model, []any{map[string]any{"text": t}}, "", prompt))
	}
	for _, c := range reply.ToolCalls {
		events = append(events, geminiResponse(model, []any{functionCallPart(c)}, "", prompt))
	}
	if !reply.Truncate && len(events) > 0 {
		last := events[len(events)-1]
		last["candidates"].([]any)[0].(map[string]any)["finishReason"] = reply.geminiFinish()
		last["usageMetadata"] = reply.geminiUsage()
	}
	for _, ev := range events {
		b, _ := json.Marshal(ev)
		if !e.event(string(b)) {
			return
		}
	}
}

func (s *Gemini) countTokens(w http.ResponseWriter, req GeminiRequest, reply Reply) {
	n := reply.Tokens
	if n == 0 {
		for _, c := range req.Contents {
			for _, p := range c.Parts {
				n += words(p.Text)
			}
		}
	}
	writeJSON(w, http.StatusOK, map[string]any{
		"totalTokens":         n,
		"promptTokensDetails": []any{map[string]any{"modality": "TEXT", "tokenCount": n}},
	})
}
