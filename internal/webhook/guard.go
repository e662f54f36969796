package webhook

import (
	"errors"
	"fmt"
	"net"
	"net/netip"
	"net/url"
	"slices"
	"strings"
	"syscall"

	"github.com/relance-app/relance/internal/invoice"
	"github.com/relance-app/relance/internal/store"
)

// ErrPrivateTarget is a connection refused because the address is
// loopback, private, link-local or otherwise not on the public internet.
var ErrPrivateTarget = errors.New("webhook: target address is not public (set RELANCE_WEBHOOK_ALLOW_PRIVATE=1 to allow)")

// publicAddr reports whether ip may be reached by a webhook by default.
func publicAddr(ip netip.Addr) bool {
	ip = ip.Unmap()
	return ip.IsValid() && !ip.IsLoopback() && !ip.IsPrivate() && !ip.IsLinkLocalUnicast() &&
		!ip.IsLinkLocalMulticast() && !ip.IsMulticast() && !ip.IsUnspecified() && !ip.IsInterfaceLocalMulticast() &&
		!cgnat.Contains(ip) && !(ip.Is4() && ip.As4()[0] == 0) && !ip.Is4In6()
}

var cgnat = netip.MustParsePrefix("100.64.0.0/10")

// dialControl runs at connect time, after DNS resolution, on the very
// address being connected to: a name that resolves (or re-resolves) to a
// private address is refused there.
func dialControl(allowPrivate bool) func(network, address string, c syscall.RawConn) error {
	return func(network, address string, _ syscall.RawConn) error {
		if allowPrivate {
			return nil
		}
		ap, err := netip.ParseAddrPort(address)
		if err != nil {
			return fmt.Errorf("webhook: dial %s: %w", address, err)
		}
		if !publicAddr(ap.Addr()) {
			return fmt.Errorf("%w: %s", ErrPrivateTarget, ap.Addr())
		}
		return nil
	}
}

// Validate checks an endpoint as it is saved: an http(s) URL with a host
// and no credentials — unless private targets are allowed, not localhost
// nor a private IP literal (the dialer checks every resolved address
// again at connect time) — and 1 or more known event types.
func Validate(raw string, events []string, allowPrivate bool) error {
	fe := invoice.FieldErrors{}
	if why := urlProblem(raw, allowPrivate); why != "" {
		fe.Add("url", "%s", why)
	}
	if len(events) == 0 {
		fe.Add("events", "choose at least one event")
	}
	for _, e := range events {
		if !slices.Contains(store.EventTypes, e) {
			fe.Add("events", "unknown event %q; known: %s", e, strings.Join(store.EventTypes, ", "))
		}
	}
	return fe.Err()
}

func urlProblem(raw string, allowPrivate bool) string {
	u, err := url.Parse(raw)
	switch {
	case raw == "":
		return "is required"
	case err != nil || len(raw) > 2000:
		return "not a URL"
	case u.Scheme != "https" && u.Scheme != "http":
		return "must start with https:// (or http://)"
	case u.Hostname() == "":
		return "has no host"
	case u.User != nil:
		return "must not contain a user name or password"
	case u.Fragment != "" || strings.ContainsAny(raw, " \r\n\t"):
		return "must not contain a fragment or spaces"
	case allowPrivate:
		return ""
	}
	host := strings.ToLower(u.Hostname())
	if host == "localhost" || strings.HasSuffix(host, ".localhost") {
		return "points to this machine; private and loopback targets are refused"
	}
	if ip, err := netip.ParseAddr(host); err == nil && !publicAddr(ip) {
		return "points to a private or loopback address; such targets are refused"
	}
	return ""
}

// newDialer is a dialer with the connect-time guard.
func newDialer(allowPrivate bool) *net.Dialer {
	return &net.Dialer{Control: dialControl(allowPrivate)}
}
