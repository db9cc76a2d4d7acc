package profile

import "github.com/tim-go/sdk/types"

// CustomField is an app-defined key/value pair (profileCustomField).
type CustomField = types.CustomField

// Profile is a user's profile (the JS Profile object). The zero value has
// the JS defaults except AllowType and AdminForbidType; use New for those.
type Profile struct {
	UserID string       `json:"userID"`
	Nick   string       `json:"nick"`
	Gender types.Gender `json:"gender"`
	// Birthday is an app-chosen number, e.g. 19900101.
	Birthday      int    `json:"birthday"`
	Location      string `json:"location"`
	SelfSignature string `json:"selfSignature"`
	// AllowType is the friend-request policy.
	AllowType types.AllowType `json:"allowType"`
	Language  int             `json:"language"`
	// Avatar is the avatar URL.
	Avatar string `json:"avatar"`
	// MessageSettings is 0 (receive offline push) or 1 (do not).
	MessageSettings int              `json:"messageSettings"`
	AdminForbidType types.ForbidType `json:"adminForbidType"`
	Level           int              `json:"level"`
	Role            int              `json:"role"`
	// LastUpdatedTime is when the profile last changed, Unix seconds.
	LastUpdatedTime    int64         `json:"lastUpdatedTime"`
	ProfileCustomField []CustomField `json:"profileCustomField"`
}

// New returns the profile of userID with tim-js-sdk's defaults: AllowAny,
// no admin forbid, an empty custom field list, everything else zero.
func New(userID string) *Profile {
	return &Profile{
		UserID:             userID,
		AllowType:          types.AllowTypeAllowAny,
		AdminForbidType:    types.ForbidTypeNone,
		ProfileCustomField: []CustomField{},
	}
}

// CustomField returns the value of the custom field key and whether it is set.
func (p *Profile) CustomField(key string) (string, bool) {
	return types.CustomFieldValue(p.ProfileCustomField, key)
}
