package message

import (
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/tim-go/sdk/types"
)

func TestMakeID(t *testing.T) {
	cases := []struct {
		tiny   string
		client int64
		random uint32
		want   string
	}{
		// Both IDs were seen from the real web SDK (wire-protocol.md §7).
		{"144115200000000001", 1795629216, 9603352, "144115200000000001-1795629216-9603352"},
		{types.SystemTinyID, 1795629330, 1096044171, "144115198244471703-1795629330-1096044171"},
		// Server-side randoms use all 32 bits.
		{"1", 0, 4294967295, "1-0-4294967295"},
		// A missing tiny ID makes the ID start with "-", as in the JS SDK.
		{"", 5, 6, "-5-6"},
	}
	for _, c := range cases {
		if got := MakeID(c.tiny, c.client, c.random); got != c.want {
			t.Errorf("MakeID(%q, %d, %d) = %q, want %q", c.tiny, c.client, c.random, got, c.want)
		}
	}
}

func textMessage() *Message {
	return &Message{
		ID:               MakeID("144115200000000001", 1795629330, 64877654),
		Type:             types.MsgText,
		Payload:          &TextPayload{Text: "hello from alice"},
		ConversationID:   types.ConvGroup.ConversationID("@TGS#aLIVEROOM"),
		ConversationType: types.ConvGroup,
		To:               "@TGS#aLIVEROOM",
		From:             "alice",
		Flow:             types.FlowIn,
		Time:             1795629331,
		Status:           types.MsgStatusSuccess,
		Priority:         types.MsgPriorityHigh,
		Nick:             "Alice",
		Sequence:         3,
		Random:           64877654,
		ClientTime:       1795629330,
		SenderTinyID:     "144115200000000001",
	}
}

// The JSON keys are the JS Message field names.
func TestMessageJSONKeys(t *testing.T) {
	b, err := json.Marshal(textMessage())
	if err != nil {
		t.Fatal(err)
	}
	var got map[string]any
	if err := json.Unmarshal(b, &got); err != nil {
		t.Fatal(err)
	}
	want := map[string]any{
		"ID": "144115200000000001-1795629330-64877654", "type": "TIMTextElem",
		"payload":        map[string]any{"text": "hello from alice"},
		"conversationID": "GROUP@TGS#aLIVEROOM", "conversationType": "GROUP",
		"to": "@TGS#aLIVEROOM", "from": "alice", "flow": "in", "time": 1795629331.0,
		"status": "success", "priority": "High", "nick": "Alice", "avatar": "", "nameCard": "",
		"sequence": 3.0, "random": 64877654.0, "clientTime": 1795629330.0, "clientSequence": 0.0,
		"cloudCustomData": "", "isSystemMessage": false, "isBroadcastMessage": false,
		"senderTinyID": "144115200000000001",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("JSON mismatch\n got %v\nwant %v", got, want)
	}
}

func TestMessageJSONRoundTrip(t *testing.T) {
	mute := true
	payloads := []Payload{
		&TextPayload{Text: "hi"},
		&CustomPayload{Data: "gift", Description: "rose", Extension: "x1"},
		&FacePayload{Index: 3, Data: "smile"},
		&LocationPayload{Description: "Shenzhen", Longitude: 114.06, Latitude: 22.54},
		&GroupTipPayload{
			OperationType: types.GrpTipGrpProfileUpdated, OperatorID: "admin", UserIDList: []string{},
			MemberList:      []TipMember{},
			NewGroupProfile: &GroupProfileChange{GroupName: "Live Room 2", MuteAllMembers: &mute, GroupCustomField: []CustomField{{Key: "theme", Value: "dark"}}},
			GroupProfile:    TipGroup{GroupID: "@TGS#aLIVEROOM", GroupName: "Live Room"},
		},
		&GroupSystemNoticePayload{OperationType: types.GrpSysNoticeCustom, OperatorID: "admin", UserDefinedField: "udf", GroupProfile: NoticeGroup{GroupID: "@TGS#aLIVEROOM", Name: "Live Room"}},
	}
	for _, p := range payloads {
		in := textMessage()
		in.Type, in.Payload = p.Type(), p
		b, err := json.Marshal(in)
		if err != nil {
			t.Fatal(err)
		}
		var out Message
		if err := json.Unmarshal(b, &out); err != nil {
			t.Fatalf("%s: %v", p.Type(), err)
		}
		if !reflect.DeepEqual(&out, in) {
			t.Errorf("%s: round trip changed the message\n got %+v\nwant %+v", p.Type(), out.Payload, in.Payload)
		}
	}
}

func TestUnmarshalUnsupportedAndEmpty(t *testing.T) {
	var m Message
	if err := json.Unmarshal([]byte(`{"type":"TIMImageElem","payload":{"uuid":"x"}}`), &m); err != nil {
		t.Fatal(err)
	}
	if p, ok := m.Payload.(*UnsupportedPayload); !ok || p.Type() != types.MsgImage {
		t.Errorf("image payload = %#v, want *UnsupportedPayload of TIMImageElem", m.Payload)
	}
	m = Message{}
	if err := json.Unmarshal([]byte(`{"type":"TIMTextElem","payload":null}`), &m); err != nil {
		t.Fatal(err)
	}
	if m.Payload != nil {
		t.Errorf("null payload decoded as %#v", m.Payload)
	}
	if err := json.Unmarshal([]byte(`{"type":"TIMTextElem","payload":{"text":5}}`), &m); err == nil {
		t.Error("a number as text should not decode")
	}
}

// The tip shape matches what tim-js-sdk emitted for a mute (op 7) in the
// recorded trace (wire-protocol.md §6.4), minus groupJoinType.
func TestGroupTipJSON(t *testing.T) {
	p := &GroupTipPayload{
		OperationType: types.GrpTipMbrProfileUpdated, OperatorID: "admin", UserIDList: []string{"alice"},
		MemberList:   []TipMember{{UserID: "alice", Nick: "Alice", Avatar: "a.png", MuteTime: 60}},
		GroupProfile: TipGroup{GroupID: "@TGS#aLIVEROOM", GroupName: "Live Room"},
	}
	b, err := json.Marshal(p)
	if err != nil {
		t.Fatal(err)
	}
	want := `{"operationType":7,"operatorID":"admin","userIDList":["alice"],` +
		`"memberList":[{"userID":"alice","nick":"Alice","avatar":"a.png","muteTime":60}],` +
		`"groupProfile":{"groupID":"@TGS#aLIVEROOM","groupName":"Live Room"}}`
	if string(b) != want {
		t.Errorf("got  %s\nwant %s", b, want)
	}
}

func TestGroupSystemNoticeJSON(t *testing.T) {
	p := &GroupSystemNoticePayload{
		OperationType: types.GrpSysNoticeCustom, OperatorID: "admin", UserDefinedField: "notice-udf-123",
		GroupProfile: NoticeGroup{GroupID: "@TGS#aLIVEROOM", Name: "Live Room 2"},
	}
	b, err := json.Marshal(p)
	if err != nil {
		t.Fatal(err)
	}
	want := `{"operationType":255,"operatorID":"admin","userDefinedField":"notice-udf-123","handleMessage":"",` +
		`"groupProfile":{"groupID":"@TGS#aLIVEROOM","name":"Live Room 2"}}`
	if string(b) != want {
		t.Errorf("got  %s\nwant %s", b, want)
	}
}

func TestValidate(t *testing.T) {
	cases := []struct {
		name string
		p    interface{ Validate() error }
		want error
	}{
		{"text", &TextPayload{Text: "hi"}, nil},
		{"empty text", &TextPayload{}, ErrEmptyText},
		{"custom data only", &CustomPayload{Data: "d"}, nil},
		{"custom extension only", &CustomPayload{Extension: "e"}, nil},
		{"empty custom", &CustomPayload{}, ErrEmptyCustom},
		{"face", &FacePayload{Index: 0, Data: "smile"}, nil},
		{"face without data", &FacePayload{Index: 1}, ErrEmptyFaceData},
	}
	for _, c := range cases {
		if got := c.p.Validate(); got != c.want {
			t.Errorf("%s: Validate() = %v, want %v", c.name, got, c.want)
		}
	}
}

func TestEmptyCustomIsNotSendable(t *testing.T) {
	if err := (&CustomPayload{}).Validate(); !errors.Is(err, types.ErrMessageNotSendable) {
		t.Errorf("empty custom error %v does not match types.ErrMessageNotSendable", err)
	}
}

func TestMessageString(t *testing.T) {
	got := textMessage().String()
	want := "TIMTextElem 144115200000000001-1795629330-64877654 in GROUP@TGS#aLIVEROOM seq 3 from alice"
	if got != want {
		t.Errorf("String() = %q, want %q", got, want)
	}
	var nilMsg *Message
	if !strings.Contains(nilMsg.String(), "nil") {
		t.Errorf("nil String() = %q", nilMsg.String())
	}
}
