package config

import (
	"strings"
	"testing"
)

// TestTrustSettings: the DKIM, bounce and webhook variables are read and
// refused with the variable named.
func TestTrustSettings(t *testing.T) {
	for _, c := range []struct {
		env  map[string]string
		want string // error naming this; "" = accepted
	}{
		{map[string]string{"RELANCE_DKIM_KEY": "/k.pem", "RELANCE_DKIM_SELECTOR": "s1"}, ""},
		{map[string]string{"RELANCE_DKIM_KEY": "/k.pem"}, "RELANCE_DKIM_SELECTOR"},
		{map[string]string{"RELANCE_BOUNCE_DOMAIN": "Bounces.Example.com", "RELANCE_INBOUND_ADDR": ":2525"}, ""},
		{map[string]string{"RELANCE_BOUNCE_DOMAIN": "not a domain"}, "RELANCE_BOUNCE_DOMAIN"},
		{map[string]string{"RELANCE_BOUNCE_DOMAIN": "localhost"}, "RELANCE_BOUNCE_DOMAIN"},
		{map[string]string{"RELANCE_INBOUND_ADDR": ":2525"}, "RELANCE_INBOUND_ADDR"},
		{map[string]string{"RELANCE_WEBHOOK_ALLOW_PRIVATE": "1"}, ""},
		{map[string]string{"RELANCE_WEBHOOK_ALLOW_PRIVATE": "yes"}, "RELANCE_WEBHOOK_ALLOW_PRIVATE"},
	} {
		for _, k := range []string{"RELANCE_DKIM_KEY", "RELANCE_DKIM_SELECTOR", "RELANCE_BOUNCE_DOMAIN", "RELANCE_INBOUND_ADDR",
			"RELANCE_WEBHOOK_ALLOW_PRIVATE", "RELANCE_BOUNCE_SECRET"} {
			t.Setenv(k, c.env[k])
		}
		cfg, err := FromEnv()
		switch {
		case c.want == "" && err != nil:
			t.Errorf("%v: %v", c.env, err)
		case c.want != "" && (err == nil || !strings.Contains(err.Error(), c.want)):
			t.Errorf("%v: %v, want an error naming %s", c.env, err, c.want)
		}
		if c.want == "" && c.env["RELANCE_BOUNCE_DOMAIN"] != "" && cfg.BounceDomain != "bounces.example.com" {
			t.Errorf("bounce domain %q, want it lower-cased", cfg.BounceDomain)
		}
		if c.want == "" && c.env["RELANCE_WEBHOOK_ALLOW_PRIVATE"] == "1" && !cfg.WebhookAllowPrivate {
			t.Error("RELANCE_WEBHOOK_ALLOW_PRIVATE=1 not read")
		}
	}
}
