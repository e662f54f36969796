// Package config reads Relance's settings from the environment, the same
// for every command.
package config

import (
	"fmt"
	"net/mail"
	"net/netip"
	"os"
	"strings"
	"time"
)

// Config is the whole configuration.
type Config struct {
	DatabaseURL  string
	SMTPURL      string
	From         string
	Addr         string
	BaseURL      string
	ScanInterval time.Duration
	// Workers is the number of concurrent senders.
	Workers int
	// SendBatch is how many reminders a worker claims and loads at once,
	// and the most delivered messages one "sent" commit records
	// (RELIABILITY.md: the crash window).
	SendBatch int
	// Lease is how long a worker's claim on a reminder lasts; a claim left
	// by a crashed process is taken again once it ends.
	Lease time.Duration
	// DKIMKey (a PEM file) and DKIMSelector turn on DKIM signing for the
	// domain of From.
	DKIMKey, DKIMSelector string
	// BounceDomain gives every message a unique, authenticated envelope
	// sender b-<id>-<mac>@BounceDomain; InboundAddr is where serve listens
	// for the bounces (SMTP). BounceSecret keys the MAC; empty: a random
	// secret kept in the database.
	BounceDomain, InboundAddr, BounceSecret string
	// WebhookAllowPrivate lets webhooks reach loopback and private addresses.
	WebhookAllowPrivate bool
	// TrustedProxies are the reverse proxies whose X-Forwarded-For header
	// names the client (RELANCE_TRUSTED_PROXIES: addresses or CIDR ranges,
	// comma-separated); empty trusts no one.
	TrustedProxies []netip.Prefix
}

// Defaults: the one place each lives (commands and the engine use these).
const (
	DefaultDatabaseURL  = "sqlite:relance.db"
	DefaultAddr         = "127.0.0.1:8080"
	DefaultFrom         = "Relance <reminders@relance.localhost>"
	DefaultScanInterval = 15 * time.Minute
	DefaultLease        = 5 * time.Minute
	DefaultWorkers      = 4
	DefaultSendBatch    = 16
	MaxSendBatch        = 64
	// DefaultTestPostgres is the PostgreSQL server CI provides: the tests'
	// (storetest) and `relance bench`'s default, which create and drop
	// their own databases there.
	DefaultTestPostgres = "postgres://postgres@127.0.0.1:5432/test?sslmode=disable"
)

// FromEnv reads RELANCE_* variables, with defaults, and validates them.
func FromEnv() (Config, error) {
	c := Config{
		DatabaseURL:  env("RELANCE_DATABASE_URL", DefaultDatabaseURL),
		SMTPURL:      os.Getenv("RELANCE_SMTP_URL"),
		From:         env("RELANCE_FROM", DefaultFrom),
		Addr:         env("RELANCE_ADDR", DefaultAddr),
		ScanInterval: DefaultScanInterval,
		Workers:      DefaultWorkers,
		SendBatch:    DefaultSendBatch,
		Lease:        DefaultLease,
	}
	c.DKIMKey, c.DKIMSelector = os.Getenv("RELANCE_DKIM_KEY"), os.Getenv("RELANCE_DKIM_SELECTOR")
	if (c.DKIMKey == "") != (c.DKIMSelector == "") {
		return c, fmt.Errorf("RELANCE_DKIM_KEY and RELANCE_DKIM_SELECTOR: set both or neither")
	}
	c.BounceDomain = strings.ToLower(strings.TrimSpace(os.Getenv("RELANCE_BOUNCE_DOMAIN")))
	c.InboundAddr = os.Getenv("RELANCE_INBOUND_ADDR")
	c.BounceSecret = os.Getenv("RELANCE_BOUNCE_SECRET")
	if c.BounceDomain != "" && !validDomain(c.BounceDomain) {
		return c, fmt.Errorf("RELANCE_BOUNCE_DOMAIN=%q: not a domain name", c.BounceDomain)
	}
	if c.InboundAddr != "" && c.BounceDomain == "" {
		return c, fmt.Errorf("RELANCE_INBOUND_ADDR=%q needs RELANCE_BOUNCE_DOMAIN", c.InboundAddr)
	}
	switch v := os.Getenv("RELANCE_WEBHOOK_ALLOW_PRIVATE"); v {
	case "", "0", "false":
	case "1", "true":
		c.WebhookAllowPrivate = true
	default:
		return c, fmt.Errorf("RELANCE_WEBHOOK_ALLOW_PRIVATE=%q: want 1 or 0", v)
	}
	c.BaseURL = strings.TrimRight(env("RELANCE_BASE_URL", "http://"+c.Addr), "/")
	if v := os.Getenv("RELANCE_SCAN_INTERVAL"); v != "" {
		d, err := time.ParseDuration(v)
		if v == "0" {
			d, err = 0, nil
		}
		if err != nil || d < 0 {
			return c, fmt.Errorf("RELANCE_SCAN_INTERVAL=%q: want a duration like 15m, or 0 to turn the scan off", v)
		}
		c.ScanInterval = d
	}
	if v := os.Getenv("RELANCE_WORKERS"); v != "" {
		var n int
		if _, err := fmt.Sscanf(v, "%d", &n); err != nil || n < 1 || n > 256 {
			return c, fmt.Errorf("RELANCE_WORKERS=%q: want a number from 1 to 256", v)
		}
		c.Workers = n
	}
	if v := os.Getenv("RELANCE_SEND_BATCH"); v != "" {
		var n int
		if _, err := fmt.Sscanf(v, "%d", &n); err != nil || n < 1 || n > MaxSendBatch {
			return c, fmt.Errorf("RELANCE_SEND_BATCH=%q: want a number from 1 to %d", v, MaxSendBatch)
		}
		c.SendBatch = n
	}
	if v := os.Getenv("RELANCE_LEASE"); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil || d < time.Second {
			return c, fmt.Errorf("RELANCE_LEASE=%q: want a duration of at least 1s, like 5m", v)
		}
		c.Lease = d
	}
	if v := os.Getenv("RELANCE_TRUSTED_PROXIES"); v != "" {
		ps, err := ParseTrustedProxies(v)
		if err != nil {
			return c, err
		}
		c.TrustedProxies = ps
	}
	if _, err := mail.ParseAddress(c.From); err != nil || strings.ContainsAny(c.From, "\r\n") {
		return c, fmt.Errorf("RELANCE_FROM=%q: not an email address", c.From)
	}
	return c, nil
}

// validDomain accepts dot-separated labels of letters, digits and '-'.
func validDomain(d string) bool {
	if len(d) > 253 || !strings.Contains(d, ".") {
		return false
	}
	for _, l := range strings.Split(d, ".") {
		if l == "" || len(l) > 63 || strings.HasPrefix(l, "-") || strings.HasSuffix(l, "-") {
			return false
		}
		for _, r := range l {
			if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-') {
				return false
			}
		}
	}
	return true
}

// ParseTrustedProxies reads RELANCE_TRUSTED_PROXIES: addresses
// ("10.0.0.2", "::1") or ranges ("10.0.0.0/8"), comma-separated.
func ParseTrustedProxies(v string) ([]netip.Prefix, error) {
	var out []netip.Prefix
	for part := range strings.SplitSeq(v, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		p, err := netip.ParsePrefix(part)
		if err != nil {
			a, aerr := netip.ParseAddr(part)
			if aerr != nil {
				return nil, fmt.Errorf("RELANCE_TRUSTED_PROXIES: %q is not an address or a range like 10.0.0.0/8", part)
			}
			p = netip.PrefixFrom(a.Unmap(), a.Unmap().BitLen())
		}
		out = append(out, p.Masked())
	}
	return out, nil
}

func env(k, def string) string {
	if v := os.Getenv(k); v != "" {
		return v
	}
	return def
}
