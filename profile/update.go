package profile

import (
	"fmt"
	"unicode/utf16"

	"github.com/tim-go/sdk/types"
)

// MaxNickBytes is the nick limit tim-js-sdk checks before updateMyProfile.
// Its byte counter counts every UTF-16 code unit as 2 bytes, so in practice
// a nick may have at most 250 UTF-16 code units; NickBytes counts the same way.
const MaxNickBytes = 500

// Update is the options of updateMyProfile: nil fields are left unchanged.
type Update struct {
	Nick            *string           `json:"nick,omitempty"`
	Avatar          *string           `json:"avatar,omitempty"`
	Gender          *types.Gender     `json:"gender,omitempty"`
	SelfSignature   *string           `json:"selfSignature,omitempty"`
	AllowType       *types.AllowType  `json:"allowType,omitempty"`
	Birthday        *int              `json:"birthday,omitempty"`
	Location        *string           `json:"location,omitempty"`
	Language        *int              `json:"language,omitempty"`
	MessageSettings *int              `json:"messageSettings,omitempty"`
	AdminForbidType *types.ForbidType `json:"adminForbidType,omitempty"`
	Level           *int              `json:"level,omitempty"`
	Role            *int              `json:"role,omitempty"`
	// ProfileCustomField sets the listed custom fields (by key); nil leaves
	// all of them unchanged.
	ProfileCustomField []CustomField `json:"profileCustomField,omitempty"`
}

// ErrNothingToUpdate is returned by Validate for an Update with no field
// set; it matches types.ErrUpdateProfileNoKey.
var ErrNothingToUpdate = fmt.Errorf("profile: nothing to update: %w", types.ErrUpdateProfileNoKey)

// InvalidFieldError says which field of an Update failed validation; it
// matches types.ErrUpdateProfileInvalidParam.
type InvalidFieldError struct {
	// Field is the JS option name, e.g. "nick".
	Field string
	// Reason says what is wrong with it.
	Reason string
}

// Error names the field and what is wrong with it.
func (e *InvalidFieldError) Error() string {
	return "profile: invalid " + e.Field + ": " + e.Reason
}

// Unwrap returns types.ErrUpdateProfileInvalidParam.
func (e *InvalidFieldError) Unwrap() error { return types.ErrUpdateProfileInvalidParam }

// NickBytes is the length of nick as tim-js-sdk's check counts it: two bytes
// per UTF-16 code unit.
func NickBytes(nick string) int { return 2 * len(utf16.Encode([]rune(nick))) }

// Validate applies tim-js-sdk's client-side checks and returns the JS names
// of the fields that are set, in declaration order. It fails with
// ErrNothingToUpdate when none is set, and with an *InvalidFieldError for a
// bad value (a nick over MaxNickBytes, an unknown gender, allow type or
// forbid type, messageSettings other than 0 or 1, a custom field without key).
func (u Update) Validate() ([]string, error) {
	var fields []string
	add := func(name string, set bool) {
		if set {
			fields = append(fields, name)
		}
	}
	add("nick", u.Nick != nil)
	add("avatar", u.Avatar != nil)
	add("gender", u.Gender != nil)
	add("selfSignature", u.SelfSignature != nil)
	add("allowType", u.AllowType != nil)
	add("birthday", u.Birthday != nil)
	add("location", u.Location != nil)
	add("language", u.Language != nil)
	add("messageSettings", u.MessageSettings != nil)
	add("adminForbidType", u.AdminForbidType != nil)
	add("level", u.Level != nil)
	add("role", u.Role != nil)
	add("profileCustomField", u.ProfileCustomField != nil)
	if len(fields) == 0 {
		return nil, ErrNothingToUpdate
	}
	if err := u.checkValues(); err != nil {
		return nil, err
	}
	return fields, nil
}

func (u Update) checkValues() error {
	switch {
	case u.Nick != nil && NickBytes(*u.Nick) > MaxNickBytes:
		return &InvalidFieldError{"nick", fmt.Sprintf("%d bytes, at most %d", NickBytes(*u.Nick), MaxNickBytes)}
	case u.Gender != nil && !u.Gender.Valid():
		return &InvalidFieldError{"gender", fmt.Sprintf("unknown value %q", *u.Gender)}
	case u.AllowType != nil && !u.AllowType.Valid():
		return &InvalidFieldError{"allowType", fmt.Sprintf("unknown value %q", *u.AllowType)}
	case u.AdminForbidType != nil && !u.AdminForbidType.Valid():
		return &InvalidFieldError{"adminForbidType", fmt.Sprintf("unknown value %q", *u.AdminForbidType)}
	case u.MessageSettings != nil && *u.MessageSettings != 0 && *u.MessageSettings != 1:
		return &InvalidFieldError{"messageSettings", fmt.Sprintf("%d, want 0 or 1", *u.MessageSettings)}
	}
	for _, f := range u.ProfileCustomField {
		if f.Key == "" {
			return &InvalidFieldError{"profileCustomField", "empty key"}
		}
	}
	return nil
}

// ApplyTo copies the set fields of u into p (custom fields are merged by
// key) and reports whether anything changed, which is when tim-js-sdk emits
// EventProfileUpdated. It does not validate u.
func (u Update) ApplyTo(p *Profile) bool {
	changed := false
	apply(&p.Nick, u.Nick, &changed)
	apply(&p.Avatar, u.Avatar, &changed)
	apply(&p.Gender, u.Gender, &changed)
	apply(&p.SelfSignature, u.SelfSignature, &changed)
	apply(&p.AllowType, u.AllowType, &changed)
	apply(&p.Birthday, u.Birthday, &changed)
	apply(&p.Location, u.Location, &changed)
	apply(&p.Language, u.Language, &changed)
	apply(&p.MessageSettings, u.MessageSettings, &changed)
	apply(&p.AdminForbidType, u.AdminForbidType, &changed)
	apply(&p.Level, u.Level, &changed)
	apply(&p.Role, u.Role, &changed)
	for _, f := range u.ProfileCustomField {
		if setCustomField(p, f) {
			changed = true
		}
	}
	return changed
}

// apply sets *dst to *src when src is non-nil and differs.
func apply[T comparable](dst, src *T, changed *bool) {
	if src != nil && *dst != *src {
		*dst = *src
		*changed = true
	}
}

// setCustomField sets f in p, replacing a field with the same key, and
// reports whether p changed.
func setCustomField(p *Profile, f CustomField) bool {
	for i := range p.ProfileCustomField {
		if p.ProfileCustomField[i].Key == f.Key {
			if p.ProfileCustomField[i].Value == f.Value {
				return false
			}
			p.ProfileCustomField[i].Value = f.Value
			return true
		}
	}
	p.ProfileCustomField = append(p.ProfileCustomField, f)
	return true
}
