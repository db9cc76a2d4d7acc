package wire

import "encoding/json"

// GetMsgReq is the AV long-poll request (both services).
type GetMsgReq struct {
	USP               int    `json:"USP"`
	StartSeq          uint64 `json:"StartSeq"`
	StartBroadcastSeq uint64 `json:"StartBroadcastSeq,omitempty"`
	HoldTime          int    `json:"HoldTime"`
	Key               string `json:"Key"`
	DownsizeFlag      int    `json:"DownsizeFlag"`
}

// GetMsgResp is the long-poll reply. The client keeps Key and NextSeq only
// when both are present.
type GetMsgResp struct {
	Status
	Key                 string  `json:"Key,omitempty"`
	NextSeq             uint64  `json:"NextSeq,omitempty"`
	RspMsgList          []*Item `json:"RspMsgList,omitempty"`
	NextBroadcastSeq    uint64  `json:"NextBroadcastSeq,omitempty"`
	RspBroadcastMsgList []*Item `json:"RspBroadcastMsgList,omitempty"`
}

// AppendGetMsgResp writes a successful get_msg reply body whose items are
// already encoded (the server encodes each item once for all members).
func AppendGetMsgResp(dst []byte, key string, nextSeq uint64, items []json.RawMessage) []byte {
	dst = append(dst, `{"ActionStatus":"OK","ErrorCode":0,"ErrorInfo":"","Key":`...)
	dst = appendJSONString(dst, key)
	dst = append(dst, `,"NextSeq":`...)
	dst = appendUint(dst, nextSeq)
	dst = append(dst, `,"RspMsgList":[`...)
	for i, it := range items {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = append(dst, it...)
	}
	return append(dst, "]}"...)
}
