package wire

import "strconv"

// BodyAppender is a request body that writes its own JSON (exactly what
// json.Marshal would write), for the bodies every instance sends many
// times: long polls and push acknowledgements.
type BodyAppender interface {
	AppendJSON(dst []byte) []byte
}

// AppendJSON writes r as json.Marshal does.
func (r PushAckReq) AppendJSON(dst []byte) []byte {
	dst = append(dst, `{"SessionData":`...)
	dst = appendJSONString(dst, r.SessionData)
	return append(dst, '}')
}

// AppendJSON writes r as json.Marshal does.
func (r GetMsgReq) AppendJSON(dst []byte) []byte {
	dst = append(dst, `{"USP":`...)
	dst = strconv.AppendInt(dst, int64(r.USP), 10)
	dst = append(dst, `,"StartSeq":`...)
	dst = strconv.AppendUint(dst, r.StartSeq, 10)
	if r.StartBroadcastSeq != 0 {
		dst = append(dst, `,"StartBroadcastSeq":`...)
		dst = strconv.AppendUint(dst, r.StartBroadcastSeq, 10)
	}
	dst = append(dst, `,"HoldTime":`...)
	dst = strconv.AppendInt(dst, int64(r.HoldTime), 10)
	dst = append(dst, `,"Key":`...)
	dst = appendJSONString(dst, r.Key)
	dst = append(dst, `,"DownsizeFlag":`...)
	dst = strconv.AppendInt(dst, int64(r.DownsizeFlag), 10)
	return append(dst, '}')
}
