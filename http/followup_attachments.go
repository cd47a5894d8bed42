package http

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/accord-org/accord"
)

// reportAttachments reads the documents a report points to: ids given as
// a JSON list, or in a form's one field separated by spaces or commas.
// A document the reporter may not read is refused as if it did not exist,
// so that a report neither leaks nor proves that it does.
func (s *Server) reportAttachments(r *http.Request, values []string) ([]int64, error) {
	var ids []int64
	j := s.judge(r.Context())
	for _, v := range values {
		for _, f := range strings.FieldsFunc(v, func(c rune) bool { return c == ',' || c == ' ' || c == '\t' || c == '\n' || c == '\r' }) {
			field := fmt.Sprintf("attachments[%d]", len(ids))
			if len(ids) >= accord.MaxReportAttachments {
				return nil, accord.Invalid("attachments", "a report points to at most %d documents", accord.MaxReportAttachments)
			}
			id, err := strconv.ParseInt(f, 10, 64)
			if err != nil || id <= 0 {
				return nil, accord.Invalid(field, "%q is not a document id", f)
			}
			d, err := s.store.FindDocument(r.Context(), id)
			if accord.ErrorCode(err) == accord.ENOTFOUND {
				return nil, accord.Invalid(field, "there is no document %d that you may read", id)
			} else if err != nil {
				return nil, err
			}
			res, err := j.resource(d)
			if err != nil {
				return nil, err
			}
			if !accord.Authorize(actor(r), accord.ActRead, res).Allow {
				return nil, accord.Invalid(field, "there is no document %d that you may read", id)
			}
			ids = append(ids, id)
		}
	}
	return ids, nil
}
