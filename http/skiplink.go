package http

// A page that is a form (the workspace's edit and new pages) offers a
// second skip link, to the form itself: on the new-meeting page a keyboard
// otherwise needed 12 Tabs, through the header and the breadcrumbs, before
// the first field (issue 15).

// formSkipper is a view whose content is a form; skipForm is the form's
// id, "" when the page holds none.
type formSkipper interface {
	skipForm() string
}

func (v editView) skipForm() string {
	if len(v.Forms) == 0 {
		return ""
	}
	return v.Forms[0].ID
}

// skipFormOf is the id of the form a page's skip link leads to, or "".
func skipFormOf(data view) string {
	if f, ok := data.(formSkipper); ok {
		return f.skipForm()
	}
	return ""
}
