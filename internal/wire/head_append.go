package wire

import "strconv"

// appendHead appends h as JSON, as json.Marshal would write it (same keys,
// order and omissions) without reflection: every request of every instance
// goes through it, push acknowledgements and long polls above all.
func appendHead(dst []byte, h *Head) []byte {
	dst = append(dst, '{')
	first := true
	key := func(k string) {
		if !first {
			dst = append(dst, ',')
		}
		first = false
		dst = append(dst, '"')
		dst = append(dst, k...)
		dst = append(dst, '"', ':')
	}
	if h.Ver != "" {
		key("ver")
		dst = appendJSONString(dst, h.Ver)
	}
	if h.Platform != 0 {
		key("platform")
		dst = strconv.AppendInt(dst, int64(h.Platform), 10)
	}
	if h.WebSDKAppID != 0 {
		key("websdkappid")
		dst = strconv.AppendInt(dst, h.WebSDKAppID, 10)
	}
	if h.WebSDKVersion != "" {
		key("websdkversion")
		dst = appendJSONString(dst, h.WebSDKVersion)
	}
	if h.A2 != "" {
		key("a2")
		dst = appendJSONString(dst, h.A2)
	}
	if h.TinyID != "" {
		key("tinyid")
		dst = appendJSONString(dst, h.TinyID)
	}
	if h.StatusInstID != nil {
		key("status_instid")
		dst = strconv.AppendUint(dst, *h.StatusInstID, 10)
	}
	if h.SDKAppID != 0 {
		key("sdkappid")
		dst = strconv.AppendUint(dst, h.SDKAppID, 10)
	}
	if h.ContentType != nil {
		key("contenttype")
		dst = appendJSONString(dst, *h.ContentType)
	}
	if h.ReqTime != 0 {
		key("reqtime")
		dst = strconv.AppendInt(dst, h.ReqTime, 10)
	}
	if h.Identifier != nil {
		key("identifier")
		dst = appendJSONString(dst, *h.Identifier)
	}
	if h.UserSig != nil {
		key("usersig")
		dst = appendJSONString(dst, *h.UserSig)
	}
	if h.SDKAbility != 0 {
		key("sdkability")
		dst = strconv.AppendInt(dst, h.SDKAbility, 10)
	}
	if h.TjgID != nil {
		key("tjgID")
		dst = appendJSONString(dst, *h.TjgID)
	}
	key("servcmd")
	dst = appendJSONString(dst, h.Servcmd)
	key("seq")
	dst = strconv.AppendUint(dst, h.Seq, 10)
	return append(dst, '}')
}
