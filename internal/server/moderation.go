package server

import (
	"slices"
	"strings"

	"github.com/tim-go/sdk/internal/wire"
)

// Message limits and moderation, checked on every send (SDK and REST)
// before the before-send webhook and the budget.

// msgBodySize is what the 12 KB limit measures: the message content, each
// element's MsgType and MsgContent as sent (the envelope, CloudCustomData
// and the request fields do not count). tim-js-sdk does not check the size
// itself; the server's 80002 is what its callers see.
func msgBodySize(body []wire.Elem) int {
	n := 0
	for _, e := range body {
		n += len(e.MsgType) + len(e.MsgContent)
	}
	return n
}

// checkContent refuses a body over the size limit (80002) or, unless
// control holds NoMsgCheck (tim-js-sdk's excludedFromContentModeration),
// one whose text contains a sensitive word (80001).
func (s *Server) checkContent(body []wire.Elem, control []string) *apiError {
	if n := msgBodySize(body); s.cfg.MaxMsgBody > 0 && n > s.cfg.MaxMsgBody {
		s.stats.moderated.Add(1)
		return fail(CodeBodyTooLong, "MsgBody is %d bytes, over %d", n, s.cfg.MaxMsgBody)
	}
	if len(s.cfg.SensitiveWords) == 0 || slices.Contains(control, wire.SendMsgControlNoMsgCheck) {
		return nil
	}
	for _, e := range body {
		for _, text := range elemTexts(&e) {
			text = strings.ToLower(text)
			for _, w := range s.cfg.SensitiveWords { // lowercase, none empty
				if strings.Contains(text, w) {
					s.stats.moderated.Add(1)
					return fail(CodeSensitiveText, "the message contains a sensitive word")
				}
			}
		}
	}
	return nil
}

// elemTexts are the human-readable strings of an element that moderation
// reads; elements it cannot decode have none.
func elemTexts(e *wire.Elem) []string {
	switch e.MsgType { // the receive path's fast decoders for the common kinds
	case wire.ElemText:
		var c wire.TextContent
		if e.DecodeText(&c) == nil {
			return []string{c.Text}
		}
		return nil
	case wire.ElemCustom:
		var c wire.CustomContent
		if e.DecodeCustom(&c) == nil {
			return []string{c.Data, c.Desc, c.Ext}
		}
		return nil
	case wire.ElemFace:
		var c wire.FaceContent
		if e.DecodeFace(&c) == nil {
			return []string{c.Data}
		}
		return nil
	}
	if v, err := e.Content(); err == nil {
		if c, ok := v.(*wire.LocationContent); ok {
			return []string{c.Desc}
		}
	}
	return nil
}

// lowerWords is the sensitive-word list as checkContent reads it: lower
// case, without empty words (which would match every text).
func lowerWords(words []string) []string {
	out := make([]string, 0, len(words))
	for _, w := range words {
		if w != "" {
			out = append(out, strings.ToLower(w))
		}
	}
	return out
}
