package wire

import (
	"encoding/json"
	"strconv"
)

// MsgPush is the im_open_push.msg_push body: room items over WebSocket.
type MsgPush struct {
	Status
	EventArray  []PushEvent `json:"EventArray"`
	NeedAck     int         `json:"NeedAck,omitempty"`
	SessionData string      `json:"SessionData,omitempty"`
	Flag        int         `json:"Flag,omitempty"`
}

// PushEvent is one EventArray element; the outer Event routes the items.
type PushEvent struct {
	Event             int          `json:"Event"`
	GroupMsgArray     []*Item      `json:"GroupMsgArray,omitempty"`
	GroupTips         []*Item      `json:"GroupTips,omitempty"`
	C2cMsgArray       []*C2CMsg    `json:"C2cMsgArray,omitempty"` // c2c.go
	C2cNotifyMsgArray []KickNotify `json:"C2cNotifyMsgArray,omitempty"`
}

// PushAckReq is openim.ws_msg_push_ack: the push's SessionData echoed.
type PushAckReq struct {
	SessionData string `json:"SessionData"`
}

// AppendMsgPushBody writes a msg_push body carrying one encoded item under
// the array its event needs (3 → GroupMsgArray, 4/5/6 → GroupTips).
func AppendMsgPushBody(dst []byte, event int, item json.RawMessage, sessionData string) []byte {
	dst = append(dst, `{"ActionStatus":"OK","ErrorCode":0,"ErrorInfo":"","EventArray":[{"Event":`...)
	dst = strconv.AppendInt(dst, int64(event), 10)
	if event == EventGroupMsg || event == EventBroadcastMsg {
		dst = append(dst, `,"GroupMsgArray":[`...)
	} else {
		dst = append(dst, `,"GroupTips":[`...)
	}
	dst = append(dst, item...)
	dst = append(dst, "]}]"...)
	if sessionData != "" {
		dst = append(dst, `,"NeedAck":1,"SessionData":`...)
		dst = appendJSONString(dst, sessionData)
	}
	return append(dst, '}')
}
