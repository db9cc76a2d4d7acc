package wire

import (
	"encoding/json"
	"strconv"
)

// AppendSendGroupMsgReq appends r as tim-js-sdk 2.27.6 writes a
// send_group_msg body: every key in its order, the priority as a name, and
// the empty GroupAtInfo and SendMsgControl arrays it always sends
// (wire-protocol.md 4.6). The reflection encoder of SendGroupMsgReq drops
// those empty arrays.
func AppendSendGroupMsgReq(dst []byte, r *SendGroupMsgReq) ([]byte, error) {
	body, err := json.Marshal(r.MsgBody)
	if err != nil {
		return dst, err
	}
	if r.MsgBody == nil {
		body = []byte("[]")
	}
	push := r.OfflinePushInfo
	if push == nil {
		push = DefaultOfflinePushInfo()
	}
	pushJSON, err := json.Marshal(push)
	if err != nil {
		return dst, err
	}
	dst = append(dst, `{"From_Account":`...)
	dst = appendJSONString(dst, r.FromAccount)
	dst = append(dst, `,"GroupId":`...)
	dst = appendJSONString(dst, r.GroupID)
	dst = append(dst, `,"Random":`...)
	dst = appendUint(dst, uint64(r.Random))
	dst = append(dst, `,"ClientSeq":`...)
	dst = appendUint(dst, r.ClientSeq)
	dst = append(dst, `,"MsgPriority":`...)
	dst = appendJSONString(dst, r.MsgPriority.Name())
	dst = append(dst, `,"MsgBody":`...)
	dst = append(dst, body...)
	dst = append(dst, `,"CloudCustomData":`...)
	dst = appendJSONString(dst, r.CloudCustomData)
	dst = append(dst, `,"OnlineOnlyFlag":`...)
	dst = strconv.AppendInt(dst, int64(r.OnlineOnlyFlag), 10)
	dst = append(dst, `,"OfflinePushInfo":`...)
	dst = append(dst, pushJSON...)
	dst = append(dst, `,"GroupAtInfo":[],"SendMsgControl":[],"MsgClientTime":`...)
	dst = strconv.AppendInt(dst, r.MsgClientTime, 10)
	dst = append(dst, `,"NeedReadReceipt":`...)
	dst = strconv.AppendInt(dst, int64(r.NeedReadReceipt), 10)
	dst = append(dst, `,"SupportMessageExtension":`...)
	dst = strconv.AppendInt(dst, int64(r.SupportMessageExtension), 10)
	return append(dst, '}'), nil
}
