package main

import (
	"github.com/accord-org/accord/pdf"
)

// pdfRenderer finds the fonts PDFs are set in: the --fonts folder first,
// then the system's. Missing fonts do not stop the server, which has much
// else to serve: they are logged once, with what to install, and the PDF
// routes answer 503 (nil renderer).
func (m *Main) pdfRenderer() *pdf.Renderer {
	var dirs []string
	if m.Config.Fonts != "" {
		dirs = append(dirs, m.Config.Fonts)
	}
	paths, err := pdf.FindFonts(append(dirs, pdf.SystemFontDirs()...)...)
	if err != nil {
		m.Config.Logger.Warn("PDFs are off", "err", err)
		return nil
	}
	return pdf.NewRenderer(paths, pdf.DefaultLimits)
}
