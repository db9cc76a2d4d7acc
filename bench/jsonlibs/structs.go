package jsonlibs

import (
	"bytes"
	"encoding/json"
	"errors"
	"math"
	"strconv"
)

// Copies of the internal/wire structs that a get_msg reply and a msg_push
// body decode into (poll.go, push.go, item.go, priority.go, counter.go,
// attribute.go, group.go, status.go at the time of writing). Left out:
// PushEvent's C2cMsgArray and C2cNotifyMsgArray (not in the room inputs,
// so an unknown key for every library alike) and Item.Memo (json:"-").

// unmarshal is the library under test: the custom unmarshalers below decode
// their parts with it, as they would if the SDK used that library.
// Benchmarks set it one at a time (they never run in parallel).
var unmarshal = json.Unmarshal

type Status struct {
	ActionStatus string `json:"ActionStatus"`
	ErrorCode    int    `json:"ErrorCode"`
	ErrorInfo    string `json:"ErrorInfo"`
}

type GetMsgResp struct {
	Status
	Key                 string  `json:"Key,omitempty"`
	NextSeq             uint64  `json:"NextSeq,omitempty"`
	RspMsgList          []*Item `json:"RspMsgList,omitempty"`
	NextBroadcastSeq    uint64  `json:"NextBroadcastSeq,omitempty"`
	RspBroadcastMsgList []*Item `json:"RspBroadcastMsgList,omitempty"`
}

type MsgPush struct {
	Status
	EventArray  []PushEvent `json:"EventArray"`
	NeedAck     int         `json:"NeedAck,omitempty"`
	SessionData string      `json:"SessionData,omitempty"`
	Flag        int         `json:"Flag,omitempty"`
}

type PushEvent struct {
	Event         int     `json:"Event"`
	GroupMsgArray []*Item `json:"GroupMsgArray,omitempty"`
	GroupTips     []*Item `json:"GroupTips,omitempty"`
}

type Item struct {
	Event              int            `json:"Event"`
	ToGroupID          string         `json:"ToGroupId,omitempty"`
	GroupID            string         `json:"GroupId,omitempty"`
	MsgSeq             uint64         `json:"MsgSeq"`
	MsgRandom          uint32         `json:"MsgRandom"`
	MsgTimeStamp       int64          `json:"MsgTimeStamp,omitempty"`
	MsgTime            int64          `json:"MsgTime,omitempty"`
	MsgClientTime      int64          `json:"MsgClientTime,omitempty"`
	MsgPriority        Priority       `json:"MsgPriority,omitzero"`
	FromAccount        string         `json:"From_Account,omitempty"`
	TinyID             string         `json:"TinyId,omitempty"`
	MsgBody            ItemBody       `json:"MsgBody"`
	CloudCustomData    string         `json:"CloudCustomData,omitempty"`
	GroupInfo          *ItemGroupInfo `json:"GroupInfo,omitempty"`
	FromAccountNick    string         `json:"From_AccountNick,omitempty"`
	FromAccountHeadurl string         `json:"From_AccountHeadurl,omitempty"`
	IsSystemMsg        int            `json:"IsSystemMsg,omitempty"`
}

type ItemGroupInfo struct {
	GroupID                 string     `json:"GroupId"`
	GroupName               string     `json:"GroupName,omitempty"`
	GroupType               string     `json:"GroupType,omitempty"`
	FromAccountNick         string     `json:"From_AccountNick,omitempty"`
	FromAccountHeadurl      string     `json:"From_AccountHeadurl,omitempty"`
	MsgFromAccountExtraInfo *ExtraInfo `json:"MsgFrom_AccountExtraInfo,omitempty"`
}

type ExtraInfo struct {
	NameCard string `json:"NameCard"`
}

type ItemBody struct {
	Elems  []Elem
	Tip    *TipBody
	Notice *NoticeBody
}

func (b ItemBody) MarshalJSON() ([]byte, error) {
	switch {
	case b.Tip != nil:
		return json.Marshal(b.Tip)
	case b.Notice != nil:
		return json.Marshal(b.Notice)
	case b.Elems == nil:
		return []byte("[]"), nil
	}
	return json.Marshal(b.Elems)
}

// UnmarshalJSON is wire.ItemBody's encoding/json path with the library
// under test: an array of elements, or an object that is a notice when it
// has ReportType (probed first) and a tip otherwise.
func (b *ItemBody) UnmarshalJSON(data []byte) error {
	*b = ItemBody{}
	data = bytes.TrimSpace(data)
	if len(data) == 0 || bytes.Equal(data, []byte("null")) {
		return nil
	}
	switch data[0] {
	case '[':
		return unmarshal(data, &b.Elems)
	case '{':
		var probe struct {
			ReportType *int `json:"ReportType"`
		}
		if err := unmarshal(data, &probe); err != nil {
			return err
		}
		if probe.ReportType != nil {
			b.Notice = new(NoticeBody)
			return unmarshal(data, b.Notice)
		}
		b.Tip = new(TipBody)
		return unmarshal(data, b.Tip)
	}
	return errors.New("MsgBody is neither an array nor an object")
}

type Elem struct {
	MsgType    string          `json:"MsgType"`
	MsgContent json.RawMessage `json:"MsgContent"`
}

type TipBody struct {
	OpType                     int             `json:"OpType"`
	OperatorAccount            string          `json:"Operator_Account"`
	ListAccount                []string        `json:"List_Account"`
	MsgOperatorMemberExtraInfo *MemberExtra    `json:"MsgOperatorMemberExtraInfo,omitempty"`
	MsgMemberExtraInfo         []MemberExtra   `json:"MsgMemberExtraInfo,omitempty"`
	MsgMemberInfo              []MemberMute    `json:"MsgMemberInfo,omitempty"`
	MsgGroupNewInfo            *GroupNewInfo   `json:"MsgGroupNewInfo,omitempty"`
	OnlineInf                  *OnlineInf      `json:"OnlineInf,omitempty"`
	MemberNum                  int             `json:"MemberNum,omitempty"`
	GroupCounterInfo           []CounterNotice `json:"GroupCounterInfo,omitempty"`
}

type MemberExtra struct {
	UserAccount string `json:"User_Account"`
	NickName    string `json:"NickName"`
	ImageURL    string `json:"ImageUrl"`
}

type MemberMute struct {
	UserAccount string `json:"User_Account"`
	ShutupTime  int64  `json:"ShutupTime"`
}

type GroupNewInfo struct {
	GroupName         *string          `json:"GroupName,omitempty"`
	GroupIntroduction *string          `json:"GroupIntroduction,omitempty"`
	GroupNotification *string          `json:"GroupNotification,omitempty"`
	GroupFaceURL      *string          `json:"GroupFaceUrl,omitempty"`
	OwnerAccount      *string          `json:"Owner_Account,omitempty"`
	ShutupAll         *int             `json:"ShutupAll,omitempty"`
	MsgAppDefinedData []KeyValue       `json:"MsgAppDefinedData,omitempty"`
	GroupAttrOption   *GroupAttrOption `json:"GroupAttrOption,omitempty"`
}

type KeyValue struct {
	Key   string `json:"Key"`
	Value string `json:"Value"`
}

type GroupAttrOption struct {
	GroupAttrSeq           uint64       `json:"GroupAttrSeq"`
	PushChangedAttrValFlag int          `json:"PushChangedAttrValFlag"`
	OpType                 int          `json:"OpType"`
	GroupAttrInfo          []AttrChange `json:"GroupAttrInfo"`
}

type AttrChange struct {
	Key       string `json:"Key"`
	Val       string `json:"Val"`
	SubKeySeq uint64 `json:"SubKeySeq"`
}

type OnlineInf struct {
	Num int `json:"Num"`
	ET  int `json:"ET"`
}

type CounterNotice struct {
	Type            int       `json:"Type"`
	GroupCounterSeq uint64    `json:"GroupCounterSeq"`
	GroupCounter    []Counter `json:"GroupCounter"`
}

type Counter struct {
	Key   string `json:"Key"`
	Value int64  `json:"Value"`
}

type NoticeBody struct {
	ReportType       int    `json:"ReportType"`
	OperatorAccount  string `json:"Operator_Account,omitempty"`
	UserDefinedField string `json:"UserDefinedField,omitempty"`
	RemarkInfo       string `json:"RemarkInfo,omitempty"`
}

type Priority struct {
	Level uint8
	Named bool
}

var priorityNames = [...]string{"", "High", "Normal", "Low", "Lowest"}

func (p Priority) IsZero() bool { return p.Level == 0 }

func (p Priority) MarshalJSON() ([]byte, error) {
	if p.Named {
		return []byte(`"` + priorityNames[p.Level] + `"`), nil
	}
	return strconv.AppendUint(nil, uint64(p.Level), 10), nil
}

// UnmarshalJSON is wire.Priority's, with the library under test for the
// rare forms (escaped names, non-digit numbers).
func (p *Priority) UnmarshalJSON(b []byte) error {
	*p = Priority{}
	if len(b) == 1 && b[0] >= '1' && b[0] <= '4' {
		p.Level = b[0] - '0'
		return nil
	}
	if len(b) >= 2 && b[0] == '"' && b[len(b)-1] == '"' {
		for i := 1; i < len(priorityNames); i++ {
			if string(b[1:len(b)-1]) == priorityNames[i] {
				*p = Priority{uint8(i), true}
				return nil
			}
		}
	}
	b = bytes.TrimSpace(b)
	if len(b) > 0 && b[0] == '"' {
		var s string
		if err := unmarshal(b, &s); err != nil {
			return err
		}
		for i := 1; i < len(priorityNames); i++ {
			if s == priorityNames[i] {
				*p = Priority{uint8(i), true}
			}
		}
		return nil
	}
	var n float64
	if err := unmarshal(b, &n); err != nil {
		return nil
	}
	if n >= 1 && n <= 4 && n == math.Trunc(n) {
		p.Level = uint8(n)
	}
	return nil
}
