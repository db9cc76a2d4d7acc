package wire

// Group counters (tim-js-sdk setGroupCounters / increaseGroupCounter /
// decreaseGroupCounter / getGroupCounters; REST update_group_counter /
// get_group_counter). The SDK sends counterList as GroupCounter, keyList as
// GroupCounterKeys and avChatRoomKey as BytesKey; everything else is
// PascalCased. Changes reach members as Event 6 tips whose MsgBody carries
// GroupCounterInfo, which the SDK turns into GROUP_COUNTER_UPDATED.

// Servcmds and REST paths of the counters.
const (
	CmdUpdateGroupCounter  = "group_open_http_svc.update_group_counter"
	CmdGetGroupCounter     = "group_open_http_svc.get_group_counter"
	RESTUpdateGroupCounter = "group_open_http_svc/update_group_counter"
	RESTGetGroupCounter    = "group_open_http_svc/get_group_counter"
)

// Counter update modes (UpdateGroupCounterReq.Mode).
const (
	CounterModeSet      = "Set"
	CounterModeIncrease = "Increase"
	CounterModeDecrease = "Decrease"
)

// Counter notice types (CounterNotice.Type): tim-js-sdk applies 0 and 2 as
// updates (one event per key) and 1 as a deletion (no event).
const (
	CounterNoticeUpdate = 0
	CounterNoticeDelete = 1
)

// Counter is one counter (Key, Value) in requests, replies and notices.
type Counter struct {
	Key   string `json:"Key"`
	Value int64  `json:"Value"`
}

// UpdateGroupCounterReq is update_group_counter (WebSocket and REST).
type UpdateGroupCounterReq struct {
	GroupID      string    `json:"GroupId"`
	GroupCounter []Counter `json:"GroupCounter"`
	Mode         string    `json:"Mode"`
	BytesKey     string    `json:"BytesKey,omitempty"`
}

// UpdateGroupCounterResp carries the updated counters with their new values.
type UpdateGroupCounterResp struct {
	Status
	GroupCounter []Counter `json:"GroupCounter"`
}

// GetGroupCounterReq is get_group_counter; no keys means every counter.
type GetGroupCounterReq struct {
	GroupID          string   `json:"GroupId"`
	GroupCounterKeys []string `json:"GroupCounterKeys,omitempty"`
	BytesKey         string   `json:"BytesKey,omitempty"`
}

// GetGroupCounterResp carries the counters and the room's counter sequence.
type GetGroupCounterResp struct {
	Status
	GroupCounter    []Counter `json:"GroupCounter"`
	GroupCounterSeq uint64    `json:"GroupCounterSeq"`
}

// CounterNotice is one element of a tip's GroupCounterInfo.
type CounterNotice struct {
	Type            int       `json:"Type"`
	GroupCounterSeq uint64    `json:"GroupCounterSeq"`
	GroupCounter    []Counter `json:"GroupCounter"`
}
