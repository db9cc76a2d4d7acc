package types

// Gender is a user's gender (Profile.gender). A profile that never set it
// has the empty string.
type Gender string

const (
	// GenderUnknown is TIM.TYPES.GENDER_UNKNOWN.
	GenderUnknown Gender = "Gender_Type_Unknown"
	// GenderFemale is TIM.TYPES.GENDER_FEMALE.
	GenderFemale Gender = "Gender_Type_Female"
	// GenderMale is TIM.TYPES.GENDER_MALE.
	GenderMale Gender = "Gender_Type_Male"
)

// Valid reports whether g is one of the declared genders.
func (g Gender) Valid() bool {
	return g == GenderUnknown || g == GenderFemale || g == GenderMale
}

// AllowType is a user's friend-request policy (Profile.allowType).
type AllowType string

const (
	// AllowTypeAllowAny is TIM.TYPES.ALLOW_TYPE_ALLOW_ANY, the default.
	AllowTypeAllowAny AllowType = "AllowType_Type_AllowAny"
	// AllowTypeNeedConfirm is TIM.TYPES.ALLOW_TYPE_NEED_CONFIRM.
	AllowTypeNeedConfirm AllowType = "AllowType_Type_NeedConfirm"
	// AllowTypeDenyAny is TIM.TYPES.ALLOW_TYPE_DENY_ANY.
	AllowTypeDenyAny AllowType = "AllowType_Type_DenyAny"
)

// Valid reports whether a is one of the declared policies.
func (a AllowType) Valid() bool {
	return a == AllowTypeAllowAny || a == AllowTypeNeedConfirm || a == AllowTypeDenyAny
}

// ForbidType says whether an admin forbade a user from adding friends
// (Profile.adminForbidType).
type ForbidType string

const (
	// ForbidTypeNone is TIM.TYPES.FORBID_TYPE_NONE, the default.
	ForbidTypeNone ForbidType = "AdminForbid_Type_None"
	// ForbidTypeSendOut is TIM.TYPES.FORBID_TYPE_SEND_OUT.
	ForbidTypeSendOut ForbidType = "AdminForbid_Type_SendOut"
)

// Valid reports whether f is one of the declared values.
func (f ForbidType) Valid() bool {
	return f == ForbidTypeNone || f == ForbidTypeSendOut
}
