package wire

import (
	"bytes"
	"encoding/json"
	"errors"
)

// Item is one AVChatRoom stream item: a message (Event 3/17), a tip (4/6) or a
// system notice (5). The same shape travels in get_msg replies, msg_push
// arrays and join history (wire-protocol.md 6.2).
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
	// Memo is non-nil on an Item shared by the instances of the process
	// (itemshare.go): such an Item is read-only.
	Memo *Memo `json:"-"`
}

// ItemGroupInfo is an item's GroupInfo. GroupId is required on the push path.
type ItemGroupInfo struct {
	GroupID                 string     `json:"GroupId"`
	GroupName               string     `json:"GroupName,omitempty"`
	GroupType               string     `json:"GroupType,omitempty"`
	FromAccountNick         string     `json:"From_AccountNick,omitempty"`
	FromAccountHeadurl      string     `json:"From_AccountHeadurl,omitempty"`
	MsgFromAccountExtraInfo *ExtraInfo `json:"MsgFrom_AccountExtraInfo,omitempty"`
}

// ExtraInfo carries the sender's name card in the room.
type ExtraInfo struct {
	NameCard string `json:"NameCard"`
}

// Group returns the item's group ID from whichever field carries it.
func (it *Item) Group() string {
	switch {
	case it.ToGroupID != "":
		return it.ToGroupID
	case it.GroupID != "":
		return it.GroupID
	case it.GroupInfo != nil:
		return it.GroupInfo.GroupID
	}
	return ""
}

// Time returns MsgTimeStamp or MsgTime.
func (it *Item) Time() int64 {
	if it.MsgTimeStamp != 0 {
		return it.MsgTimeStamp
	}
	return it.MsgTime
}

// ItemBody is MsgBody: an element array for messages, an object for tips and
// notices. Exactly one of the fields is set after decoding.
type ItemBody struct {
	Elems  []Elem
	Tip    *TipBody
	Notice *NoticeBody
}

// MarshalJSON writes the array or the object.
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

// UnmarshalJSON tells a notice (it has ReportType) from a tip by its keys.
func (b *ItemBody) UnmarshalJSON(data []byte) error {
	if !fastOff.Load() && fastItemBody(data, b) {
		return nil // the same result, in one pass (fastdecode.go)
	}
	*b = ItemBody{}
	data = bytes.TrimSpace(data)
	if len(data) == 0 || bytes.Equal(data, []byte("null")) {
		return nil
	}
	switch data[0] {
	case '[':
		return json.Unmarshal(data, &b.Elems)
	case '{':
		var probe struct {
			ReportType *int `json:"ReportType"`
		}
		if err := json.Unmarshal(data, &probe); err != nil {
			return err
		}
		if probe.ReportType != nil {
			b.Notice = new(NoticeBody)
			return json.Unmarshal(data, b.Notice)
		}
		b.Tip = new(TipBody)
		return json.Unmarshal(data, b.Tip)
	}
	return errors.New("wire: MsgBody is neither an array nor an object")
}

// TipBody is a group tip (OpType 1-7, 10, 11).
type TipBody struct {
	OpType                     int           `json:"OpType"`
	OperatorAccount            string        `json:"Operator_Account"`
	ListAccount                []string      `json:"List_Account"`
	MsgOperatorMemberExtraInfo *MemberExtra  `json:"MsgOperatorMemberExtraInfo,omitempty"`
	MsgMemberExtraInfo         []MemberExtra `json:"MsgMemberExtraInfo,omitempty"`
	MsgMemberInfo              []MemberMute  `json:"MsgMemberInfo,omitempty"`
	MsgGroupNewInfo            *GroupNewInfo `json:"MsgGroupNewInfo,omitempty"`
	OnlineInf                  *OnlineInf    `json:"OnlineInf,omitempty"`
	MemberNum                  int           `json:"MemberNum,omitempty"`
	// GroupCounterInfo makes an Event 6 tip a counter notice (counter.go).
	GroupCounterInfo []CounterNotice `json:"GroupCounterInfo,omitempty"`
}

// MemberExtra is a member's nick and avatar in a tip.
type MemberExtra struct {
	UserAccount string `json:"User_Account"`
	NickName    string `json:"NickName"`
	ImageURL    string `json:"ImageUrl"`
}

// MemberMute is a member's mute time in seconds (0 = unmuted) in a tip.
type MemberMute struct {
	UserAccount string `json:"User_Account"`
	ShutupTime  int64  `json:"ShutupTime"`
}

// GroupNewInfo lists the group fields a profile tip (op 6) changed; nil = unchanged.
type GroupNewInfo struct {
	GroupName         *string    `json:"GroupName,omitempty"`
	GroupIntroduction *string    `json:"GroupIntroduction,omitempty"`
	GroupNotification *string    `json:"GroupNotification,omitempty"`
	GroupFaceURL      *string    `json:"GroupFaceUrl,omitempty"`
	OwnerAccount      *string    `json:"Owner_Account,omitempty"`
	ShutupAll         *int       `json:"ShutupAll,omitempty"`
	MsgAppDefinedData []KeyValue `json:"MsgAppDefinedData,omitempty"`
	// GroupAttrOption makes an Event 6 tip an attribute notice (attribute.go).
	GroupAttrOption *GroupAttrOption `json:"GroupAttrOption,omitempty"`
}

// OnlineInf refreshes the client's cached online count.
type OnlineInf struct {
	Num int `json:"Num"`
	ET  int `json:"ET"`
}

// NoticeBody is a group system notice (ReportType 4, 5, 21, 255, …).
type NoticeBody struct {
	ReportType       int    `json:"ReportType"`
	OperatorAccount  string `json:"Operator_Account,omitempty"`
	UserDefinedField string `json:"UserDefinedField,omitempty"`
	RemarkInfo       string `json:"RemarkInfo,omitempty"`
}
