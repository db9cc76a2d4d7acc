package server

import "github.com/tim-go/sdk/internal/wire"

// The two requests every delivery brings back, get_msg (a poll) and
// ws_msg_push_ack (a push's acknowledgement), are flat objects of numbers
// and plain strings. They are read here without reflection; anything else
// (an escape, a non-ASCII byte, a nested value, null, a negative or
// fractional number, a key of another case or unknown) goes to
// encoding/json, so the result is always what json.Unmarshal gives.

// flatMember is one member of a flat object: its key, and its value as
// digits (num) or as the bytes between the quotes (str).
type flatMember struct {
	key, val []byte
	str      bool
}

// nextFlatMember reads the member at b[i:] (after '{' or ','); it returns
// the member, the index after the ',' or '}' that follows, whether that was
// the closing '}', and false when the text is not a plain flat object.
func nextFlatMember(b []byte, i int) (m flatMember, next int, last, ok bool) {
	i = skipSpace(b, i)
	var key []byte
	if key, i, ok = plainString(b, i); !ok {
		return m, 0, false, false
	}
	i = skipSpace(b, i)
	if i >= len(b) || b[i] != ':' {
		return m, 0, false, false
	}
	i = skipSpace(b, i+1)
	m.key = key
	if i < len(b) && b[i] == '"' {
		if m.val, i, ok = plainString(b, i); !ok {
			return m, 0, false, false
		}
		m.str = true
	} else {
		j := i
		for j < len(b) && b[j] >= '0' && b[j] <= '9' {
			j++
		}
		// No leading zero (json rejects "01"), at most 19 digits (no overflow).
		if j == i || j-i > 19 || (b[i] == '0' && j-i > 1) {
			return m, 0, false, false
		}
		m.val, i = b[i:j], j
	}
	i = skipSpace(b, i)
	if i >= len(b) || (b[i] != ',' && b[i] != '}') {
		return m, 0, false, false
	}
	return m, i + 1, b[i] == '}', true
}

// plainString reads a string without escapes, control or non-ASCII bytes
// at b[i] (a '"'), returning its contents and the index after it.
func plainString(b []byte, i int) ([]byte, int, bool) {
	if i >= len(b) || b[i] != '"' {
		return nil, 0, false
	}
	for j := i + 1; j < len(b); j++ {
		switch c := b[j]; {
		case c == '"':
			return b[i+1 : j], j + 1, true
		case c == '\\' || c < 0x20 || c >= 0x80:
			return nil, 0, false
		}
	}
	return nil, 0, false
}

func skipSpace(b []byte, i int) int {
	for i < len(b) && (b[i] == ' ' || b[i] == '\t' || b[i] == '\n' || b[i] == '\r') {
		i++
	}
	return i
}

// flatObject calls set for each member of the flat object b and reports
// whether b was one (and every set accepted its member). An empty body
// is one with no members.
func flatObject(b []byte, set func(flatMember) bool) bool {
	if len(b) == 0 {
		return true
	}
	i := skipSpace(b, 0)
	if i == len(b) || b[i] != '{' {
		return false
	}
	i = skipSpace(b, i+1)
	if i < len(b) && b[i] == '}' {
		return skipSpace(b, i+1) == len(b)
	}
	for {
		m, next, last, ok := nextFlatMember(b, i)
		if !ok || !set(m) {
			return false
		}
		i = next
		if last {
			return skipSpace(b, i) == len(b)
		}
	}
}

// digits is the value of a string of at most 19 decimal digits.
func digits(b []byte) uint64 {
	var n uint64
	for _, c := range b {
		n = n*10 + uint64(c-'0')
	}
	return n
}

// smallInt reads a number member into an int field (at most 9 digits, so
// that it fits any int).
func smallInt(m flatMember, v *int) bool {
	if m.str || len(m.val) > 9 {
		return false
	}
	*v = int(digits(m.val))
	return true
}

// decodeGetMsgReq reads a get_msg body.
func decodeGetMsgReq(body []byte, req *wire.GetMsgReq) *apiError {
	var r wire.GetMsgReq
	ok := flatObject(body, func(m flatMember) bool {
		switch string(m.key) {
		case "USP":
			return smallInt(m, &r.USP)
		case "HoldTime":
			return smallInt(m, &r.HoldTime)
		case "DownsizeFlag":
			return smallInt(m, &r.DownsizeFlag)
		case "StartSeq":
			r.StartSeq = digits(m.val)
			return !m.str
		case "StartBroadcastSeq":
			r.StartBroadcastSeq = digits(m.val)
			return !m.str
		case "Key":
			r.Key = string(m.val)
			return m.str
		}
		return false
	})
	if ok {
		*req = r
		return nil
	}
	return decodeBody(body, req)
}

// decodePushAckReq reads a ws_msg_push_ack body.
func decodePushAckReq(body []byte, req *wire.PushAckReq) *apiError {
	var r wire.PushAckReq
	ok := flatObject(body, func(m flatMember) bool {
		if string(m.key) != "SessionData" || !m.str {
			return false
		}
		r.SessionData = string(m.val)
		return true
	})
	if ok {
		*req = r
		return nil
	}
	return decodeBody(body, req)
}
