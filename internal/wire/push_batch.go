package wire

import "encoding/json"

// AppendMsgPushBatch writes a msg_push body carrying several encoded items
// in order: consecutive items of the same event share one EventArray
// element (3/17 -> GroupMsgArray, 4/5/6 -> GroupTips). events[i] is the
// Event of items[i]. sessionData, when set, asks for an ack.
func AppendMsgPushBatch(dst []byte, events []int, items []json.RawMessage, sessionData string) []byte {
	dst = append(dst, `{"ActionStatus":"OK","ErrorCode":0,"ErrorInfo":"","EventArray":[`...)
	for i := 0; i < len(items); {
		if i > 0 {
			dst = append(dst, ',')
		}
		ev := events[i]
		dst = append(dst, `{"Event":`...)
		dst = appendUint(dst, uint64(ev))
		if ev == EventGroupMsg || ev == EventBroadcastMsg {
			dst = append(dst, `,"GroupMsgArray":[`...)
		} else {
			dst = append(dst, `,"GroupTips":[`...)
		}
		for first := i; i < len(items) && events[i] == ev; i++ {
			if i > first {
				dst = append(dst, ',')
			}
			dst = append(dst, items[i]...)
		}
		dst = append(dst, "]}"...)
	}
	dst = append(dst, ']')
	if sessionData != "" {
		dst = append(dst, `,"NeedAck":1,"SessionData":`...)
		dst = appendJSONString(dst, sessionData)
	}
	return append(dst, '}')
}
