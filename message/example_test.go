package message_test

import (
	"encoding/json"
	"fmt"

	"github.com/tim-go/sdk/message"
	"github.com/tim-go/sdk/types"
)

// describe shows the usual way to read a received message: a type switch
// over its payload.
func describe(m *message.Message) string {
	switch p := m.Payload.(type) {
	case *message.TextPayload:
		return m.Nick + ": " + p.Text
	case *message.CustomPayload:
		return "custom " + p.Data
	case *message.FacePayload:
		return fmt.Sprintf("face #%d", p.Index)
	case *message.GroupTipPayload:
		return fmt.Sprintf("tip %v by %s for %v", p.OperationType, p.OperatorID, p.UserIDList)
	case *message.GroupSystemNoticePayload:
		return fmt.Sprintf("notice %v: %s", p.OperationType, p.UserDefinedField)
	default:
		return "unsupported " + string(m.Type)
	}
}

func Example_payloadSwitch() {
	received := []*message.Message{
		{Type: types.MsgText, Nick: "Alice", Payload: &message.TextPayload{Text: "hello"}},
		{Type: types.MsgCustom, Payload: &message.CustomPayload{Data: "gift:rose"}},
		{Type: types.MsgGrpTip, From: types.SystemAccount, Payload: &message.GroupTipPayload{
			OperationType: types.GrpTipMbrJoin, OperatorID: "bob", UserIDList: []string{"bob"},
		}},
		{Type: types.MsgGrpSysNotice, Payload: &message.GroupSystemNoticePayload{
			OperationType: types.GrpSysNoticeCustom, UserDefinedField: "show starts at 8",
		}},
		{Type: types.MsgImage, Payload: &message.UnsupportedPayload{ElemType: types.MsgImage}},
	}
	for _, m := range received {
		fmt.Println(describe(m))
	}
	// Output:
	// Alice: hello
	// custom gift:rose
	// tip GRP_TIP_MBR_JOIN by bob for [bob]
	// notice Custom: show starts at 8
	// unsupported TIMImageElem
}

func ExampleMakeID() {
	fmt.Println(message.MakeID("144115200000000001", 1795629216, 9603352))
	// Output: 144115200000000001-1795629216-9603352
}

// A Message marshals to the JSON shape of a tim-js-sdk Message and back.
func ExampleMessage_UnmarshalJSON() {
	in := []byte(`{"ID":"1-2-3","type":"TIMCustomElem","payload":{"data":"like","description":"","extension":""},"priority":"Low"}`)
	var m message.Message
	if err := json.Unmarshal(in, &m); err != nil {
		panic(err)
	}
	p := m.Payload.(*message.CustomPayload)
	fmt.Println(m.ID, m.Priority, p.Data)
	// Output: 1-2-3 Low like
}
