package web

import (
	"fmt"
	"net/url"
	"strings"
)

// ParseBaseURL checks the base URL of share links (API.BaseURL, `batchlab
// serve --base-url`, the Worker's BASE_URL): "" (links are paths), or an
// absolute http or https URL with a host and maybe a path prefix, without
// query, fragment or user. It returns it without a trailing slash.
func ParseBaseURL(s string) (string, error) {
	if s == "" {
		return "", nil
	}
	u, err := url.Parse(s)
	switch {
	case err != nil:
		return "", fmt.Errorf("want an http or https URL such as https://batchlab.example.com, got %q", truncate(s, 80))
	case u.Scheme != "http" && u.Scheme != "https", u.Host == "", u.Opaque != "":
		return "", fmt.Errorf("want an http or https URL with a host, such as https://batchlab.example.com, got %q", truncate(s, 80))
	case u.User != nil, u.RawQuery != "", u.ForceQuery, u.Fragment != "", strings.Contains(s, "#"):
		return "", fmt.Errorf("want a URL without user, query or fragment, got %q", truncate(s, 80))
	}
	return strings.TrimSuffix(s, "/"), nil
}
