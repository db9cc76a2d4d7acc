package server

import (
	"bytes"
	"encoding/json"
	"errors"
	"strconv"
	"strings"
)

// Decoding REST bodies as Tencent does: a body that is not a JSON object
// is refused with the service's "bad JSON" code, a field of the wrong JSON
// type (e.g. "GroupId": 5, a negative Random) with the service's "bad
// parameter" code, an account field that is not a string with 60015
// whatever the service. Unknown fields are ignored, as Tencent ignores
// them. Each command then checks its required fields itself.

// restCodes are the codes one REST service answers a malformed body with.
type restCodes struct {
	badJSON  int            // the body is not a JSON object
	badParam int            // a field of the wrong JSON type
	fields   map[string]int // a wrong-typed field with a code of its own
}

// The services' codes.
var (
	// groupCodes: group_open_http_svc and its siblings (60003 is the public
	// "JSON parse error", 10004 the group service's "invalid parameter",
	// trtc.io/document/34895 and every group page).
	groupCodes = restCodes{badJSON: CodeBadJSON, badParam: CodeBadParam}
	// loginCodes: im_open_login_svc (trtc.io/document/34957: 70402).
	loginCodes = restCodes{badJSON: CodeBadJSON, badParam: CodeLoginBadParam}
	// profileCodes: profile (trtc.io/document/34916: 40001).
	profileCodes = restCodes{badJSON: CodeProfileBadParam, badParam: CodeProfileBadParam}
	// stateCodes: openim/query_online_status (trtc.io/document/35477).
	stateCodes = restCodes{badJSON: CodeStateBadJSON, badParam: CodeStateBadJSON,
		fields: map[string]int{"To_Account": CodeStateBadAccount}}
	// c2cCodes: openim/sendmsg (trtc.io/document/34919), whose body is
	// decoded as raw fields and checked one by one (decodeSendMsg).
	c2cCodes = restCodes{badJSON: CodeC2CBadJSON, badParam: CodeC2CBadJSON}
	// noSpeakingCodes: openconfigsvr (cloud.tencent.com/document/product/269/4230).
	noSpeakingCodes = restCodes{badJSON: CodeNoSpeakingBadJSON, badParam: CodeNoSpeakingBadJSON,
		fields: map[string]int{
			"Set_Account": CodeNoSpeakingAccountType, "Get_Account": CodeNoSpeakingAccountType,
			"C2CmsgNospeakingTime": CodeNoSpeakingC2CType, "GroupmsgNospeakingTime": CodeNoSpeakingGroupType,
		}}
)

// decodeREST decodes a group-service REST body into v.
func decodeREST(body []byte, v any) *apiError { return decodeRESTAs(body, v, groupCodes) }

// decodeRESTAs decodes a REST body into v, refusing it with c's codes.
func decodeRESTAs(body []byte, v any, c restCodes) *apiError {
	if !isObject(body) {
		return fail(c.badJSON, "the body is not a JSON object")
	}
	err := json.Unmarshal(body, v)
	var te *json.UnmarshalTypeError
	var se *json.SyntaxError
	switch {
	case err == nil:
		return nil
	case errors.As(err, &se):
		return fail(c.badJSON, "bad JSON body: %v", err)
	case errors.As(err, &te):
		field := te.Field
		if i := strings.LastIndexByte(field, '.'); i >= 0 {
			field = field[i+1:]
		}
		if code, ok := c.fields[field]; ok {
			return fail(code, "%s: a JSON %s cannot be a %s", te.Field, te.Value, te.Type)
		}
		if isAccountField(field) {
			return fail(CodeAccountType, "%s: an account must be a string, not a JSON %s", te.Field, te.Value)
		}
		return fail(c.badParam, "%s: a JSON %s cannot be a %s", te.Field, te.Value, te.Type)
	default: // a value its field's decoder refuses (e.g. MsgPriority "Urgent")
		return fail(c.badParam, "%v", err)
	}
}

// isAccountField reports whether a field holds user IDs (Tencent names
// them *_Account, Accounts, UserID or Identifier).
func isAccountField(name string) bool {
	return strings.Contains(name, "Account") || name == "UserID" || name == "Identifier"
}

// hasField reports whether the JSON object body (already decoded once)
// carries the top-level field name, whatever its value: for required
// numbers whose zero is a valid value.
func hasField(body []byte, name string) bool { return rawField(body, name) != nil }

// rawField is the top-level field name of the JSON object body, nil when
// absent.
func rawField(body []byte, name string) json.RawMessage {
	var fields map[string]json.RawMessage
	if json.Unmarshal(body, &fields) != nil {
		return nil
	}
	if v, ok := fields[name]; ok && v == nil {
		return json.RawMessage("null")
	} else if ok {
		return v
	}
	return nil
}

// Raw field helpers, for a body decoded into json.RawMessage fields and
// checked one by one (openim/sendmsg).

// isAbsent reports a field left out or null.
func isAbsent(r json.RawMessage) bool { return len(r) == 0 || string(r) == "null" }

// isObject reports a JSON object.
func isObject(r json.RawMessage) bool {
	t := bytes.TrimLeft(r, " \t\r\n")
	return len(t) > 0 && t[0] == '{'
}

// rawString decodes a string field: its value, whether it was present (not
// null), and whether it was a string.
func rawString(r json.RawMessage) (v string, present, isStr bool) {
	if isAbsent(r) {
		return "", false, true
	}
	if json.Unmarshal(r, &v) != nil {
		return "", true, false
	}
	return v, true, true
}

// rawUint decodes a JSON integer in 0..max (no sign, fraction or exponent).
func rawUint(r json.RawMessage, max uint64) (uint64, bool) {
	n, err := strconv.ParseUint(string(bytes.TrimSpace(r)), 10, 64)
	return n, err == nil && n <= max
}

// rawInt decodes a JSON integer.
func rawInt(r json.RawMessage) (int64, bool) {
	n, err := strconv.ParseInt(string(bytes.TrimSpace(r)), 10, 64)
	return n, err == nil
}
