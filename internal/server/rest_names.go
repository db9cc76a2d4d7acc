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

// strPtr is a pointer to s, nil for "" (a string field that was not sent).
func strPtr(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}
