package wire

// Head is the frame head. Requests use the three shapes built by LoginHead,
// SessionHead and GuestHead; replies echo the request head; pushes use
// PushHead. Identifier and UserSig are pointers because their presence (even
// empty) is what tells a guest head from a logged-in one.
type Head struct {
	Ver           string  `json:"ver,omitempty"`
	Platform      int     `json:"platform,omitempty"`
	WebSDKAppID   int64   `json:"websdkappid,omitempty"`
	WebSDKVersion string  `json:"websdkversion,omitempty"`
	A2            string  `json:"a2,omitempty"`
	TinyID        string  `json:"tinyid,omitempty"`
	StatusInstID  *uint64 `json:"status_instid,omitempty"`
	SDKAppID      uint64  `json:"sdkappid,omitempty"`
	ContentType   *string `json:"contenttype,omitempty"`
	ReqTime       int64   `json:"reqtime,omitempty"`
	Identifier    *string `json:"identifier,omitempty"`
	UserSig       *string `json:"usersig,omitempty"`
	SDKAbility    int64   `json:"sdkability,omitempty"`
	TjgID         *string `json:"tjgID,omitempty"`
	Servcmd       string  `json:"servcmd"`
	Seq           uint64  `json:"seq"`
}

// Shape says which of the request head shapes a head has.
type Shape int

// Head shapes (wire-protocol.md 2.1).
const (
	ShapeInvalid Shape = iota
	ShapeLogin         // identifier+usersig (non-empty), no a2
	ShapeSession       // a2+tinyid
	ShapeGuest         // identifier "" and usersig "", no a2
)

// Shape classifies h. A head with an a2 is a session head whatever else it has.
func (h *Head) Shape() Shape {
	switch {
	case h.A2 != "":
		return ShapeSession
	case h.Identifier != nil && *h.Identifier != "":
		return ShapeLogin
	case h.Identifier == nil && h.UserSig == nil:
		return ShapeInvalid
	default:
		return ShapeGuest
	}
}

// ID is the key tim-js-sdk matches replies with: servcmd followed by seq.
type ID struct {
	Servcmd string
	Seq     uint64
}

// ID returns the reply-matching key of h.
func (h *Head) ID() ID { return ID{h.Servcmd, h.Seq} }

func strp(s string) *string { return &s }

// The constant values the head's pointer fields point to, shared by every
// head built here so that building one allocates nothing: never written
// through (a head from the wire has its own).
var (
	zeroInstID      uint64
	contentTypeJSON = ContentTypeJSON
	emptyString     = ""
)

func baseHead(sdkAppID uint64, servcmd string, seq uint64, now int64) Head {
	return Head{
		Ver: HeadVer, Platform: PlatformWeb, WebSDKAppID: WebSDKAppID, WebSDKVersion: WebSDKVersion,
		StatusInstID: &zeroInstID, SDKAppID: sdkAppID, ContentType: &contentTypeJSON, ReqTime: now,
		SDKAbility: SDKAbility, TjgID: &emptyString, Servcmd: servcmd, Seq: seq,
	}
}

// LoginHead is shape 1: the first wslogin, with the user's identifier and UserSig.
func LoginHead(sdkAppID uint64, identifier, userSig, servcmd string, seq uint64, now int64) Head {
	h := baseHead(sdkAppID, servcmd, seq, now)
	h.Identifier, h.UserSig = strp(identifier), strp(userSig)
	return h
}

// SessionHead is shape 2: every request after login, re-login included.
func SessionHead(sdkAppID uint64, a2, tinyID string, instID uint64, servcmd string, seq uint64, now int64) Head {
	return SessionHeadRef(sdkAppID, a2, tinyID, &instID, servcmd, seq, now)
}

// SessionHeadRef is SessionHead with the instance ID taken by reference, so
// that a caller holding it in a session builds heads without allocating;
// *instID must not change while heads refer to it.
func SessionHeadRef(sdkAppID uint64, a2, tinyID string, instID *uint64, servcmd string, seq uint64, now int64) Head {
	h := baseHead(sdkAppID, servcmd, seq, now)
	h.A2, h.TinyID, h.StatusInstID = a2, tinyID, instID
	return h
}

// GuestHead is shape 3: a client that never logged in.
func GuestHead(sdkAppID uint64, servcmd string, seq uint64, now int64) Head {
	h := baseHead(sdkAppID, servcmd, seq, now)
	h.Identifier, h.UserSig = &emptyString, &emptyString
	return h
}

// PushHead is the short head the server puts on pushes.
func PushHead(servcmd string, seq uint64, now int64) Head {
	return Head{Ver: HeadVer, Platform: PlatformWeb, Servcmd: servcmd, Seq: seq, ReqTime: now}
}

// InstID returns status_instid or 0.
func (h *Head) InstID() uint64 {
	if h.StatusInstID == nil {
		return 0
	}
	return *h.StatusInstID
}
