package mail

import (
	"bufio"
	"bytes"
	"errors"
	"net/textproto"
	"strings"
	"sync"
	"time"

	gomail "github.com/wneessen/go-mail"
	"github.com/wneessen/go-mail/smtp"
)

// A pipelined transaction (RFC 2920) when the server offers PIPELINING:
// MAIL, every RCPT and DATA leave in one write and their replies are read
// together, then the message and its final dot: two round trips where
// go-mail takes five (it also says RSET after each message, which a
// completed transaction does not need).

// Stages of a transaction, named as go-mail names them in its errors.
const (
	stageMail = "MAIL FROM"
	stageRcpt = "RCPT TO"
	stageData = "DATA"
	stageBody = "message"
)

// TransactionError is a failed pipelined transaction: the stage, the
// server's reply (Code 0: none, the connection failed) and whether the
// session can carry another message.
type TransactionError struct {
	Stage      string
	Code       int
	Recipients []string // the refused ones, for RCPT TO
	Err        error
	usable     bool
}

func (e *TransactionError) Error() string {
	s := "sending SMTP " + e.Stage + " command: " + e.Err.Error()
	if e.Stage == stageBody {
		s = "sending the message: " + e.Err.Error()
	}
	if len(e.Recipients) > 0 {
		s += ", affected recipient(s): " + strings.Join(e.Recipients, ", ")
	}
	return s
}

func (e *TransactionError) Unwrap() error { return e.Err }

// pipelining reports whether the session can take a pipelined transaction
// for msg: the server offers it, and nothing needs what only go-mail's path
// does (SMTPUTF8 for a non-ASCII address).
func pipelining(c *smtp.Client, from string, rcpts []string) bool {
	if ok, _ := c.Extension("PIPELINING"); !ok {
		return false
	}
	for _, a := range append([]string{from}, rcpts...) {
		for i := 0; i < len(a); i++ {
			if a[i] >= 0x80 || a[i] == '\r' || a[i] == '\n' {
				return false
			}
		}
	}
	return true
}

// sendPipelined delivers msg over c in one pipelined transaction. All or
// nothing, like go-mail's path: a refused recipient aborts the message
// for every recipient (when DATA was already accepted, by dropping the
// connection, which abandons the transaction).
func sendPipelined(c *smtp.Client, msg *gomail.Msg, from string, rcpts []string, timeout time.Duration) error {
	if err := c.UpdateDeadline(timeout); err != nil {
		return &TransactionError{Stage: stageMail, Err: err}
	}
	mailCmd := "MAIL FROM:" + from
	if ok, _ := c.Extension("8BITMIME"); ok {
		mailCmd += " BODY=8BITMIME"
	}
	w := c.Text.W
	w.WriteString(mailCmd + "\r\n")
	for _, r := range rcpts {
		w.WriteString("RCPT TO:" + r + "\r\n")
	}
	w.WriteString("DATA\r\n")
	if err := w.Flush(); err != nil {
		return &TransactionError{Stage: stageMail, Err: err}
	}
	// Every reply is read, whatever the earlier ones said: the session
	// stays in step with the server. A reply that does not come (the
	// connection failed) ends it; the earliest refusal is what is told.
	var first *TransactionError
	lost := func(stage string, err error) error {
		_ = c.Close()
		if first != nil {
			return first
		}
		return &TransactionError{Stage: stage, Err: err}
	}
	if code, text, err := c.Text.ReadResponse(250); err != nil {
		if code == 0 {
			return lost(stageMail, err)
		}
		first = replyError(stageMail, code, text, err)
	}
	var refused []string
	var rcptErr *TransactionError
	for _, r := range rcpts {
		code, text, err := c.Text.ReadResponse(25)
		if err != nil {
			if code == 0 {
				return lost(stageRcpt, err)
			}
			refused = append(refused, r)
			if rcptErr == nil {
				rcptErr = replyError(stageRcpt, code, text, err)
			}
		}
	}
	if first == nil && rcptErr != nil {
		rcptErr.Recipients = refused
		first = rcptErr
	}
	code, text, err := c.Text.ReadResponse(354)
	if err != nil && code == 0 {
		return lost(stageData, err)
	}
	dataOpen := err == nil
	if first != nil {
		if dataOpen {
			// Some recipients took DATA: only closing the session stops
			// the message from going to them alone.
			_ = c.Close()
			return first
		}
		first.usable = c.Reset() == nil
		return first
	}
	if !dataOpen {
		e := replyError(stageData, code, text, err)
		e.usable = c.Reset() == nil
		return e
	}
	if err := writeData(c, msg); err != nil {
		return &TransactionError{Stage: stageBody, Err: err}
	}
	code, text, err = c.Text.ReadResponse(250)
	if err != nil {
		e := replyError(stageBody, code, text, err)
		e.usable = code != 0
		return e
	}
	return nil
}

// replyError is the server's refusal at a stage.
func replyError(stage string, code int, text string, err error) *TransactionError {
	if code == 0 {
		return &TransactionError{Stage: stage, Err: err} // no reply: the connection's own error
	}
	var te *textproto.Error
	if !errors.As(err, &te) {
		te = &textproto.Error{Code: code, Msg: text}
	}
	return &TransactionError{Stage: stage, Code: code, Err: te}
}

var buffers = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// writeData writes msg as DATA's content and its final dot. The message is
// built once into a pooled buffer and dot-stuffed by whole runs of lines:
// textproto's DotWriter goes byte by byte (a sixth of the send path's
// SMTP CPU). A message with a bare LF, which go-mail does not write, goes
// through the DotWriter, which fixes line ends.
func writeData(c *smtp.Client, msg *gomail.Msg) error {
	buf := buffers.Get().(*bytes.Buffer)
	buf.Reset()
	defer buffers.Put(buf)
	if _, err := msg.WriteTo(buf); err != nil {
		return err
	}
	b := buf.Bytes()
	if bytes.Count(b, []byte("\n")) != bytes.Count(b, []byte("\r\n")) {
		dw := c.Text.DotWriter()
		if _, err := dw.Write(b); err != nil {
			return err
		}
		return dw.Close()
	}
	return writeDotted(c.Text.W, b)
}

// writeDotted writes b (CRLF line ends) dot-stuffed, then the final dot.
func writeDotted(w *bufio.Writer, b []byte) error {
	whole := b
	if len(b) > 0 && b[0] == '.' {
		w.WriteByte('.')
	}
	for {
		i := bytes.Index(b, []byte("\n."))
		if i < 0 {
			break
		}
		w.Write(b[:i+1])
		w.WriteByte('.') // a line that starts with a dot gets another
		b = b[i+1:]
	}
	w.Write(b)
	if !bytes.HasSuffix(whole, []byte("\r\n")) {
		w.WriteString("\r\n")
	}
	w.WriteString(".\r\n")
	return w.Flush()
}
