package http

import (
	"net/http/httptest"

	"github.com/accord-org/accord/http/openapi"
)

// OperationDocNames lists the routes the OpenAPI document describes by
// hand, so that the external test can find descriptions that name no route.
func OperationDocNames() []string { return openapi.Names() }

// MatchedPattern is the pattern the router chooses for a request, so that
// the test checks the document's paths against the router itself rather
// than against its own idea of where routes are served.
func (s *Server) MatchedPattern(method, path string) string {
	_, pattern := s.mux.Handler(httptest.NewRequest(method, path, nil))
	return pattern
}
