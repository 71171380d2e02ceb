package ui

// PageHeader is the page's header: its title and the buttons that share
// the scenario or start over.
type PageHeader struct {
	// ShortLinks: the server makes short links, so the header offers one.
	ShortLinks bool
	// OnShare asks for a link in the URL fragment, OnShortLink for a short
	// link, OnStartOver to forget the kept scenario.
	OnShare, OnShortLink, OnStartOver func()
}
