package config

import (
	"reflect"
	"strings"
	"testing"
)

var vars = []string{"RELANCE_DATABASE_URL", "RELANCE_SMTP_URL", "RELANCE_FROM", "RELANCE_ADDR", "RELANCE_BASE_URL",
	"RELANCE_SCAN_INTERVAL", "RELANCE_WORKERS", "RELANCE_SEND_BATCH", "RELANCE_LEASE", "RELANCE_DKIM_KEY", "RELANCE_DKIM_SELECTOR",
	"RELANCE_BOUNCE_DOMAIN", "RELANCE_INBOUND_ADDR", "RELANCE_BOUNCE_SECRET", "RELANCE_WEBHOOK_ALLOW_PRIVATE",
	"RELANCE_TRUSTED_PROXIES"}

func clearEnv(t *testing.T) {
	for _, k := range vars {
		t.Setenv(k, "")
	}
}

// TestDefaults: an empty environment gives the documented defaults.
func TestDefaults(t *testing.T) {
	clearEnv(t)
	c, err := FromEnv()
	if err != nil {
		t.Fatal(err)
	}
	want := Config{DatabaseURL: DefaultDatabaseURL, From: DefaultFrom, Addr: DefaultAddr, BaseURL: "http://" + DefaultAddr,
		ScanInterval: DefaultScanInterval, Workers: DefaultWorkers, SendBatch: DefaultSendBatch, Lease: DefaultLease}
	if !reflect.DeepEqual(c, want) {
		t.Errorf("FromEnv() = %+v\nwant %+v", c, want)
	}
}

func TestFromEnvRefusesBadValues(t *testing.T) {
	for k, v := range map[string]string{
		"RELANCE_SCAN_INTERVAL": "-1m", "RELANCE_WORKERS": "0", "RELANCE_SEND_BATCH": "65", "RELANCE_LEASE": "10ms", "RELANCE_FROM": "nobody",
	} {
		t.Run(k, func(t *testing.T) {
			clearEnv(t)
			t.Setenv(k, v)
			if _, err := FromEnv(); err == nil || !strings.Contains(err.Error(), k) {
				t.Errorf("%s=%s: err = %v, want one naming the variable", k, v, err)
			}
		})
	}
	clearEnv(t)
	t.Setenv("RELANCE_WORKERS", "8")
	t.Setenv("RELANCE_SCAN_INTERVAL", "0")
	if c, err := FromEnv(); err != nil || c.Workers != 8 || c.ScanInterval != 0 {
		t.Errorf("set values: %+v, %v", c, err)
	}
}

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

func TestTrustedProxies(t *testing.T) {
	clearEnv(t)
	t.Setenv("RELANCE_TRUSTED_PROXIES", "10.0.0.2, 192.168.0.0/16,::1")
	c, err := FromEnv()
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"10.0.0.2/32", "192.168.0.0/16", "::1/128"}
	if len(c.TrustedProxies) != len(want) {
		t.Fatalf("got %v", c.TrustedProxies)
	}
	for i, p := range c.TrustedProxies {
		if p.String() != want[i] {
			t.Errorf("proxy %d: %s, want %s", i, p, want[i])
		}
	}
	t.Setenv("RELANCE_TRUSTED_PROXIES", "10.0.0.2,proxy.example.com")
	if _, err := FromEnv(); err == nil || !strings.Contains(err.Error(), "RELANCE_TRUSTED_PROXIES") {
		t.Errorf("a host name was accepted as a trusted proxy: %v", err)
	}
	t.Setenv("RELANCE_TRUSTED_PROXIES", "")
	if c, err := FromEnv(); err != nil || c.TrustedProxies != nil {
		t.Errorf("unset: %v %v", c.TrustedProxies, err)
	}
}
