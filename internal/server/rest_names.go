package server

// Tencent renamed some REST fields (ShutUpTime -> MuteTime, ShutUpAllMember
// -> MuteAllMember, Identifier -> UserID) and still accepts the old names.
// The emulator accepts both: the new name when only it is sent, the old
// when only it is, and refuses a request that sends both with different
// values rather than guess which one the caller meant.

// eitherName returns the value sent under the new or the old name (nil
// when neither was), failing with code when both differ.
func eitherName[T comparable](newV, oldV *T, newName, oldName string, code int) (*T, *apiError) {
	switch {
	case newV == nil:
		return oldV, nil
	case oldV != nil && *oldV != *newV:
		return nil, fail(code, "%s and its old name %s disagree", newName, oldName)
	}
	return newV, nil
}

// loginUserID is the UserID of an im_open_login_svc body (kick,
// account_import), sent as UserID or by its old name Identifier: required,
// and the two names, when both are sent, must agree (70402 otherwise).
func loginUserID(userID, identifier string) (string, *apiError) {
	id, e := eitherName(strPtr(userID), strPtr(identifier), "UserID", "Identifier", CodeLoginBadParam)
	switch {
	case e != nil:
		return "", e
	case id == nil:
		return "", fail(CodeLoginBadParam, "UserID is required")
	}
	return *id, nil
}

// strPtr is a pointer to s, nil for "" (a string field that was not sent).
func strPtr(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}
