package mail

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// BounceAddress makes and checks the envelope sender of each message,
// b-<reminder id>-<mac>@<domain>, so that a delivery report names the
// reminder it is about and cannot be forged for another one.
type BounceAddress struct {
	Domain string
	Secret []byte
}

// ErrBadBounceAddress is any envelope recipient that is not one of ours.
var ErrBadBounceAddress = errors.New("mail: not a bounce address of this server")

func (b *BounceAddress) mac(id int64) string {
	h := hmac.New(sha256.New, b.Secret)
	h.Write([]byte("relance-bounce:" + strconv.FormatInt(id, 10)))
	return hex.EncodeToString(h.Sum(nil)[:10])
}

// For is the envelope sender for a reminder.
func (b *BounceAddress) For(reminderID int64) string {
	return fmt.Sprintf("b-%d-%s@%s", reminderID, b.mac(reminderID), b.Domain)
}

// Parse returns the reminder id of one of our addresses; another domain
// or a bad MAC is ErrBadBounceAddress.
func (b *BounceAddress) Parse(addr string) (int64, error) {
	addr = strings.TrimSuffix(strings.TrimPrefix(strings.TrimSpace(addr), "<"), ">")
	at := strings.LastIndexByte(addr, '@')
	if at < 0 || !strings.EqualFold(addr[at+1:], b.Domain) {
		return 0, fmt.Errorf("%w: domain", ErrBadBounceAddress)
	}
	local := strings.ToLower(addr[:at])
	rest, ok := strings.CutPrefix(local, "b-")
	if !ok {
		return 0, fmt.Errorf("%w: local part", ErrBadBounceAddress)
	}
	idText, mac, ok := strings.Cut(rest, "-")
	if !ok {
		return 0, fmt.Errorf("%w: local part", ErrBadBounceAddress)
	}
	id, err := strconv.ParseInt(idText, 10, 64)
	if err != nil || id <= 0 || strconv.FormatInt(id, 10) != idText {
		return 0, fmt.Errorf("%w: id", ErrBadBounceAddress)
	}
	if !hmac.Equal([]byte(mac), []byte(b.mac(id))) {
		return 0, fmt.Errorf("%w: mac", ErrBadBounceAddress)
	}
	return id, nil
}
