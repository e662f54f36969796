package mail

import (
	"bufio"
	"bytes"
	"context"
	"math/rand/v2"
	"net"
	"net/textproto"
	"strings"
	"testing"

	"github.com/emersion/go-smtp"
)

// A refused recipient among accepted ones: nothing goes to anyone (the
// session that had DATA open is dropped), the error names the refused
// address and is permanent, and the next message goes out on a new session.
func TestSMTPPipelinedAllOrNothing(t *testing.T) {
	ts := newTestServer(t)
	ts.rcptErr = func(to string) error {
		if to == "comptable@cote.test" {
			return &smtp.SMTPError{Code: 550, EnhancedCode: smtp.EnhancedCode{5, 1, 1}, Message: "No such user here"}
		}
		return nil
	}
	tr := newTransport(t, ts)
	msg, _ := Compose(sampleFR(t)) // three recipients, the second refused
	err := tr.Send(context.Background(), msg)
	temp, text := Classify(err)
	if err == nil || temp || !strings.Contains(text, "550") || !strings.Contains(text, "comptable@cote.test") {
		t.Fatalf("err %v, temporary %v, text %q", err, temp, text)
	}
	if _, msgs := ts.snapshot(); len(msgs) != 0 {
		t.Fatalf("%d messages received; a refused recipient must stop the message for all", len(msgs))
	}
	ts.mu.Lock()
	ts.rcptErr = nil
	ts.mu.Unlock()
	msg, _ = Compose(sampleFR(t))
	if err := tr.Send(context.Background(), msg); err != nil {
		t.Fatal(err)
	}
	if _, msgs := ts.snapshot(); len(msgs) != 1 || len(msgs[0].Rcpts) != 3 {
		t.Errorf("after the refusal: %d messages", len(msgs))
	}
}

// Without pipelining (the server does not offer it, or NoPipelining), the
// same messages and refusals go through go-mail's transaction.
func TestSMTPWithoutPipelining(t *testing.T) {
	ts := newTestServer(t)
	tr := newTransport(t, ts)
	tr.NoPipelining = true
	for i := 0; i < 2; i++ {
		msg, _ := Compose(sampleFR(t))
		if err := tr.Send(context.Background(), msg); err != nil {
			t.Fatal(err)
		}
	}
	ts.mu.Lock()
	ts.rcptErr = func(string) error { return &smtp.SMTPError{Code: 550, Message: "No such user here"} }
	ts.mu.Unlock()
	msg, _ := Compose(sampleEN(t))
	if temp, text := Classify(tr.Send(context.Background(), msg)); temp || !strings.Contains(text, "No such user here") {
		t.Errorf("refused recipient: temporary %v, text %q", temp, text)
	}
	if sessions, msgs := ts.snapshot(); sessions != 1 || len(msgs) != 2 {
		t.Errorf("sessions %d, messages %d; want 1 and 2", sessions, len(msgs))
	}
}

// On the wire: MAIL, the RCPTs and DATA arrive in one write, and no RSET
// follows a delivered message (a scripted server reads what comes).
func TestSMTPPipelinesOnTheWire(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	got := make(chan []string, 1)
	go func() {
		c, err := l.Accept()
		if err != nil {
			return
		}
		defer c.Close()
		r := bufio.NewReader(c)
		say := func(s string) { _, _ = c.Write([]byte(s + "\r\n")) }
		var seen []string
		say("220 mx.test ESMTP")
		for {
			line, err := r.ReadString('\n')
			if err != nil {
				got <- seen
				return
			}
			cmd := strings.ToUpper(strings.TrimSpace(line))
			switch {
			case strings.HasPrefix(cmd, "EHLO"):
				say("250-mx.test\r\n250-PIPELINING\r\n250 8BITMIME")
			case strings.HasPrefix(cmd, "MAIL FROM"):
				// What the same write brought: the rest of the group.
				seen = append(seen, "MAIL+"+strings.ReplaceAll(peek(r), "\r\n", "|"))
				say("250 ok")
			case strings.HasPrefix(cmd, "RCPT"):
				say("250 ok")
			case cmd == "DATA":
				say("354 go on")
				for {
					l, err := r.ReadString('\n')
					if err != nil || l == ".\r\n" {
						break
					}
				}
				say("250 queued")
			case cmd == "QUIT":
				say("221 bye")
				got <- seen
				return
			default:
				seen = append(seen, cmd)
				say("250 ok")
			}
		}
	}()
	tr, err := NewSMTP("smtp://" + l.Addr().String() + "?tls=none")
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 2; i++ {
		msg, _ := Compose(sampleEN(t))
		if err := tr.Send(context.Background(), msg); err != nil {
			t.Fatal(err)
		}
	}
	_ = tr.Close()
	seen := <-got
	want := "MAIL+RCPT TO:<client@example.test>|DATA|"
	if len(seen) != 2 || seen[0] != want || seen[1] != want {
		t.Errorf("commands seen %q; want MAIL with its RCPT and DATA in one write, twice, and nothing else (no RSET)", seen)
	}
}

// peek is what the reader already holds.
func peek(r *bufio.Reader) string {
	b, _ := r.Peek(r.Buffered())
	return string(b)
}

// writeDotted writes what textproto's DotWriter writes, for any text with
// CRLF line ends: lines that start with dots, empty lines, no final CRLF.
func TestWriteDottedMatchesDotWriter(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	pieces := []string{".", "..", "a", "héllo", "", " .x", "=2E", "."}
	for n := 0; n < 2000; n++ {
		var lines []string
		for range rng.IntN(6) {
			lines = append(lines, pieces[rng.IntN(len(pieces))]+pieces[rng.IntN(len(pieces))])
		}
		text := strings.Join(lines, "\r\n")
		if rng.IntN(2) == 0 && text != "" {
			text += "\r\n"
		}
		var want, got bytes.Buffer
		bw := bufio.NewWriter(&want)
		dw := textproto.NewWriter(bw).DotWriter()
		_, _ = dw.Write([]byte(text))
		_ = dw.Close()
		_ = bw.Flush()
		if err := writeDotted(bufio.NewWriter(&got), []byte(text)); err != nil {
			t.Fatal(err)
		}
		if got.String() != want.String() {
			t.Fatalf("%q: wrote %q, DotWriter writes %q", text, got.String(), want.String())
		}
	}
}
