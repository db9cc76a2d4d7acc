package server

import (
	"slices"
	"strings"

	"github.com/tim-go/sdk/internal/wire"
)

// Message limits and moderation, checked on every send (SDK and REST)
// before the before-send webhook and the budget.

// CodeSensitiveText (80001): the text hit Config.SensitiveWords.
const CodeSensitiveText = 80001

// CodeBodyTooLong (80002): the MsgBody is over Config.MaxMsgBody bytes.
const CodeBodyTooLong = 80002

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
		s.live.moderated.Add(1)
		return fail(CodeBodyTooLong, "MsgBody is %d bytes, over %d", n, s.cfg.MaxMsgBody)
	}
	if len(s.cfg.SensitiveWords) == 0 || slices.Contains(control, wire.SendMsgControlNoMsgCheck) {
		return nil
	}
	for _, e := range body {
		for _, text := range elemTexts(&e) {
			text = strings.ToLower(text)
			for _, w := range s.cfg.SensitiveWords {
				if w != "" && strings.Contains(text, strings.ToLower(w)) {
					s.live.moderated.Add(1)
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
	v, err := e.Content()
	if err != nil {
		return nil
	}
	switch c := v.(type) {
	case *wire.TextContent:
		return []string{c.Text}
	case *wire.CustomContent:
		return []string{c.Data, c.Desc, c.Ext}
	case *wire.FaceContent:
		return []string{c.Data}
	case *wire.LocationContent:
		return []string{c.Desc}
	}
	return nil
}
