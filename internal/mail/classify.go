package mail

import (
	"context"
	"errors"
	"net/textproto"
	"strings"

	gomail "github.com/wneessen/go-mail"
)

// Classify says whether a failed send may succeed later, and the text to
// show the user (the server's own answer when there is one).
//
//   - the server answered 4xx: temporary; 5xx during the mail transaction
//     (MAIL, RCPT, DATA): permanent;
//   - network failures, timeouts, cancellation: temporary;
//   - failing to open a session (dial, TLS, AUTH — even a 5xx to AUTH):
//     temporary, since it is the settings or the server that are wrong,
//     not this message, and fixing them should let it go out;
//   - an invalid message (ErrInvalid, bad sender or recipients): permanent.
func Classify(err error) (temporary bool, text string) {
	if err == nil {
		return false, ""
	}
	var ce *ConnectError
	if errors.As(err, &ce) {
		return true, err.Error()
	}
	if errors.Is(err, ErrInvalid) {
		return false, err.Error()
	}
	var tx *TransactionError
	if errors.As(err, &tx) {
		return tx.Code < 500, tx.Error()
	}
	var se *gomail.SendError
	if errors.As(err, &se) {
		text := sendErrorText(se)
		switch code := se.ErrorCode(); {
		case code >= 500:
			return false, text
		case code >= 400:
			return true, text
		}
		switch se.Reason {
		case gomail.ErrGetSender, gomail.ErrGetRcpts, gomail.ErrNoUnencoded:
			return false, text
		}
		return true, text
	}
	var te *textproto.Error
	if errors.As(err, &te) {
		return te.Code < 500, te.Error()
	}
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return true, err.Error()
	}
	// Network errors and anything unknown: retrying is bounded (24 h) and
	// cheaper than losing a reminder to a misclassified hiccup.
	return true, err.Error()
}

// sendErrorText is go-mail's description without the message ID, which
// the reminder already shows: "sending SMTP RCPT TO command: 550 5.1.1
// no such user, affected recipient(s): x@example.com".
func sendErrorText(se *gomail.SendError) string {
	s := se.Error()
	if i := strings.Index(s, ", affected message ID: "); i >= 0 {
		s = s[:i]
	}
	return s
}
