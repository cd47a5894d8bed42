package http

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"

	"github.com/accord-org/accord"
)

// followUpRoundRoutes close a reporting round before its deadline: the
// secretariat's, as opening one is.
func (s *Server) followUpRoundRoutes() []Route {
	return []Route{
		{Method: "POST", Pattern: "/organizations/{org}/bodies/{body}/reporting-rounds/{id}/close", Name: "round_close", Template: "followup.html", action: s.closeRound},
	}
}

// closeRound closes the path's round now; reports after it are accepted
// and marked late.
func (s *Server) closeRound(w http.ResponseWriter, r *http.Request, in url.Values) (outcome, error) {
	org, body, err := s.findBody(r)
	if err != nil {
		return outcome{}, err
	}
	if err := authorize(r, accord.ActUpdate, accord.Resource{Kind: accord.KindReportingRound, Organizations: []string{org.Code}}, "reporting round"); err != nil {
		return outcome{}, err
	}
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return outcome{}, accord.Invalid("id", "%q is not a reporting round id", r.PathValue("id"))
	}
	round, err := s.store.CloseReportingRound(r.Context(), org.Code, body.Code, id)
	if err != nil {
		return outcome{}, err
	}
	return outcome{view: record{round}, status: http.StatusOK,
		redirect: fmt.Sprintf("%s/meetings/%d/follow-up", bodyPath(org.Code, body.Code), round.Meeting-1)}, nil
}
