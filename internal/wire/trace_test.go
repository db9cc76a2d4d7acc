package wire

import (
	"bufio"
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"testing"
)

// The traces in testdata/traces are copies of /work/shared/protocol/traces:
// every frame the unmodified tim-js-sdk 2.27.6 exchanged with the reference
// stub in the scenario (poll mode) and in its push-mode rerun (server frames
// compressed; the trace stores them inflated and marks them "compressed").

var traceFiles = []string{"avchatroom-scenario.jsonl", "avchatroom-scenario-push.jsonl"}

type traceRecord struct {
	T          int64           `json:"t"`
	Inst       string          `json:"inst"`
	Dir        string          `json:"dir"`
	Sock       int             `json:"sock"`
	Binary     bool            `json:"binary"`
	Compressed bool            `json:"compressed"`
	Servcmd    string          `json:"servcmd"`
	Frame      json.RawMessage `json:"frame"`

	file string
	line int
}

func (r *traceRecord) where() string {
	return r.file + ":" + strconv.Itoa(r.line) + " " + r.Dir + " " + r.Servcmd
}

// loadTrace returns the records of a trace file that carry a frame.
func loadTrace(t testing.TB, name string) []traceRecord {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", "traces", name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []traceRecord
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 0, 1<<20), 16<<20)
	for n := 1; sc.Scan(); n++ {
		var r traceRecord
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			t.Fatalf("%s:%d: %v", name, n, err)
		}
		if len(r.Frame) == 0 {
			continue // event / note lines
		}
		r.file, r.line = name, n
		out = append(out, r)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// bodyTypes names the struct a servcmd's body decodes into.
type bodyTypes struct {
	req   func() any // client → server; nil: the client never sends it
	reply func() any // server → client: the reply, or the push body of server-initiated servcmds; nil: never answered
}

// servcmdBodies is the servcmd → (request, reply) table. Every servcmd seen
// in the traces must be here, which is how a body without a typed struct
// would show up.
var servcmdBodies = map[string]bodyTypes{
	CmdAlive:    {newOf[Empty](), newOf[Status]()},
	CmdLogin:    {newOf[LoginReq](), newOf[LoginResp]()},
	CmdHello:    {newOf[HelloReq](), newOf[KickResp]()},
	CmdLogout:   {newOf[LogoutReq](), newOf[Status]()},
	CmdKickPush: {nil, newOf[KickPush]()},

	CmdPortraitGet: {newOf[PortraitGetReq](), newOf[PortraitGetResp]()},
	CmdPortraitSet: {newOf[PortraitSetReq](), newOf[Status]()},

	CmdBlackListGet:        {newOf[BlackListGetReq](), newOf[Status]()},
	CmdPageGet:             {newOf[PageGetReq](), newOf[PageGetResp]()},
	CmdGetContactGroup:     {newOf[ContactGroupReq](), newOf[Status]()},
	CmdAuthKey:             {newOf[Empty](), newOf[AuthKeyResp]()},
	CmdC2CGetMsg:           {newOf[C2CGetMsgReq](), newOf[C2CGetMsgResp]()},
	CmdC2CPeerMute:         {newOf[PeerMuteReq](), newOf[Status]()},
	CmdJoinedGroupList:     {newOf[JoinedGroupListReq](), newOf[JoinedGroupListResp]()},
	CmdMillionJoinedGroups: {newOf[JoinedGroupListReq](), newOf[JoinedGroupListResp]()},
	CmdFetchConfig:         {newOf[FetchConfigReq](), newOf[FetchConfigResp]()},
	CmdFetchPurchaseBits:   {newOf[PurchaseBitsReq](), newOf[PurchaseBitsResp]()},
	// Telemetry ({Header, Event, Quality}) stays json.RawMessage on purpose:
	// it feeds Tencent's statistics, and neither the Go client nor the
	// emulator reads it; the emulator only answers a generic OK.
	CmdTelemetry: {newOf[json.RawMessage](), newOf[Status]()},

	CmdApplyJoin:       {newOf[ApplyJoinReq](), newOf[ApplyJoinResp]()},
	CmdApplyJoinNoAuth: {newOf[ApplyJoinReq](), newOf[ApplyJoinResp]()},
	CmdSelfMemberInfo:  {newOf[SelfMemberInfoReq](), newOf[SelfMemberInfoResp]()},
	CmdSendGroupMsg:    {newOf[SendGroupMsgReq](), newOf[SendGroupMsgResp]()},
	CmdQuitGroup:       {newOf[GroupIDReq](), newOf[Status]()},
	CmdOnlineNum:       {newOf[GroupIDReq](), newOf[OnlineNumResp]()},
	CmdGetMsg:          {newOf[GetMsgReq](), newOf[GetMsgResp]()},
	CmdGetMsgNoAuth:    {newOf[GetMsgReq](), newOf[GetMsgResp]()},

	CmdPushAck:   {newOf[PushAckReq](), nil},
	CmdMsgPush:   {nil, newOf[MsgPush]()},
	CmdMultiPush: {nil, newOf[MsgPush]()},
}

// bodyType returns a new value of the struct for a body, or nil.
func bodyType(servcmd, dir string) any {
	bt, ok := servcmdBodies[servcmd]
	if !ok {
		return nil
	}
	mk := bt.reply
	if dir == "c2s" {
		mk = bt.req
	}
	if mk == nil {
		return nil
	}
	return mk()
}

// rawHead returns the head of a frame exactly as it is in the trace.
func rawHead(t testing.TB, frame []byte) json.RawMessage {
	t.Helper()
	var f struct {
		Head json.RawMessage `json:"head"`
	}
	if err := json.Unmarshal(frame, &f); err != nil {
		t.Fatal(err)
	}
	return f.Head
}

// itemRef is a stream item found in a decoded body, with where it was.
type itemRef struct {
	item  *Item
	outer int    // the EventArray element's Event; 0 outside pushes
	array string // RspMsgList, RspBroadcastMsgList, GroupMsgArray, GroupTips
}

// bodyItems lists the stream items a decoded body carries.
func bodyItems(v any) []itemRef {
	var out []itemRef
	add := func(items []*Item, outer int, array string) {
		for _, it := range items {
			out = append(out, itemRef{it, outer, array})
		}
	}
	switch b := v.(type) {
	case *GetMsgResp:
		add(b.RspMsgList, 0, "RspMsgList")
		add(b.RspBroadcastMsgList, 0, "RspBroadcastMsgList")
	case *ApplyJoinResp:
		add(b.RspMsgList, 0, "RspMsgList")
	case *MsgPush:
		for _, e := range b.EventArray {
			add(e.GroupMsgArray, e.Event, "GroupMsgArray")
			add(e.GroupTips, e.Event, "GroupTips")
		}
	}
	return out
}

// TestTraceFrames decodes every frame of both traces into its typed body and
// re-encodes it: body and head must come back semantically equal.
func TestTraceFrames(t *testing.T) {
	seenCmd := map[string]bool{}
	events := map[int]int{}
	elems := map[string]int{}
	var frames, compressed, items int
	for _, name := range traceFiles {
		for _, rec := range loadTrace(t, name) {
			frames++
			checkTraceFrame(t, &rec)
			f, err := DecodeFrame(rec.Frame)
			if err != nil {
				continue // reported by checkTraceFrame
			}
			seenCmd[rec.Dir+" "+rec.Servcmd] = true
			if rec.Compressed {
				compressed++
			}
			v := bodyType(rec.Servcmd, rec.Dir)
			if v == nil || json.Unmarshal(f.Body, v) != nil {
				continue
			}
			for _, ref := range bodyItems(v) {
				items++
				events[ref.item.Event]++
				checkItem(t, rec.where(), ref)
				for _, e := range ref.item.MsgBody.Elems {
					elems[e.MsgType]++
				}
			}
			checkRawMsgBodies(t, rec.where(), f.Body)
		}
	}
	t.Logf("%d frames (%d compressed), %d stream items, events %v, elements %v, %d dir/servcmd pairs",
		frames, compressed, items, events, elems, len(seenCmd))
	if elems[ElemText] == 0 || elems[ElemCustom] == 0 {
		t.Errorf("traces lack text or custom elements: %v", elems)
	}
	if compressed == 0 || items == 0 {
		t.Fatal("traces hold no compressed frames or no items")
	}
	for _, ev := range []int{EventGroupMsg, EventGroupTip, EventGroupNotice} {
		if events[ev] == 0 {
			t.Errorf("no item with Event %d in the traces", ev)
		}
	}
	for _, want := range []string{"s2c " + CmdGetMsg, "s2c " + CmdGetMsgNoAuth, "s2c " + CmdMsgPush, "s2c " + CmdApplyJoin, "c2s " + CmdSendGroupMsg, "s2c " + CmdKickPush} {
		if !seenCmd[want] {
			t.Errorf("traces have no %s frame", want)
		}
	}
}

func checkTraceFrame(t *testing.T, rec *traceRecord) {
	t.Helper()
	where := rec.where()
	f, err := DecodeFrame(rec.Frame)
	if err != nil {
		t.Errorf("%s: DecodeFrame: %v", where, err)
		return
	}
	if f.Head.Servcmd != rec.Servcmd {
		t.Errorf("%s: head servcmd %q", where, f.Head.Servcmd)
	}

	// Compressed server frames: the trace holds the inflated JSON; the COMP
	// form must decode to the same frame.
	if rec.Compressed {
		c := Compress(rec.Frame)
		if !bytes.HasPrefix(c, []byte("COMP")) {
			t.Errorf("%s: Compress output lacks COMP prefix", where)
		}
		fc, err := DecodeFrame(c)
		if err != nil {
			t.Errorf("%s: DecodeFrame(Compress(frame)): %v", where, err)
		} else if !reflect.DeepEqual(f, fc) {
			t.Errorf("%s: compressed frame decodes differently", where)
		}
	}

	// Head: exactly the keys and values of the trace (presence of "" and 0
	// matters for the shapes), and therefore also semantically equal.
	head := rawHead(t, rec.Frame)
	hb := mustMarshal(t, &f.Head)
	if d := exactDiff(t, head, hb); d != "" {
		t.Errorf("%s: head round trip: %s", where, d)
	}

	v := bodyType(rec.Servcmd, rec.Dir)
	if v == nil {
		t.Errorf("%s: no body type for this servcmd and direction", where)
		return
	}
	if err := decodeStrict(f.Body, v); err != nil {
		t.Errorf("%s: decode body into %T: %v\n%s", where, v, err, f.Body)
		return
	}
	bb := mustMarshal(t, v)
	if d := semanticDiff(t, f.Body, bb); d != "" {
		t.Errorf("%s: body round trip through %T: %s\nwant %s\ngot  %s", where, v, d, f.Body, bb)
	}

	// The frame the encoders build from the decoded parts decodes back to
	// the same head and an equal body.
	enc, err := EncodeFrame(&f.Head, v)
	if err != nil {
		t.Errorf("%s: EncodeFrame: %v", where, err)
		return
	}
	f2, err := DecodeFrame(enc)
	if err != nil {
		t.Errorf("%s: DecodeFrame(EncodeFrame): %v", where, err)
		return
	}
	if !reflect.DeepEqual(f2.Head, f.Head) {
		t.Errorf("%s: EncodeFrame head differs: %+v", where, f2.Head)
	}
	if d := semanticDiff(t, f.Body, f2.Body); d != "" {
		t.Errorf("%s: EncodeFrame body differs: %s", where, d)
	}
}

// checkItem asserts the shape of one stream item decoded from a trace.
func checkItem(t *testing.T, where string, ref itemRef) {
	t.Helper()
	it := ref.item
	where += " " + ref.array + " seq " + strconv.FormatUint(it.MsgSeq, 10)
	if ref.outer != 0 {
		// Push arrays: the outer Event routes; the stub repeats it inside.
		if it.Event != ref.outer {
			t.Errorf("%s: item Event %d under outer Event %d", where, it.Event, ref.outer)
		}
		wantArray := "GroupTips"
		if ref.outer == EventGroupMsg || ref.outer == EventBroadcastMsg {
			wantArray = "GroupMsgArray"
		}
		if ref.array != wantArray {
			t.Errorf("%s: Event %d items in %s", where, ref.outer, ref.array)
		}
		if it.ToGroupID == "" || it.GroupInfo == nil || it.GroupInfo.GroupID == "" {
			t.Errorf("%s: push item without ToGroupId / GroupInfo.GroupId", where)
		}
	}
	if it.Group() == "" || it.MsgSeq == 0 || it.Time() == 0 {
		t.Errorf("%s: group %q, seq %d, time %d", where, it.Group(), it.MsgSeq, it.Time())
	}
	b := &it.MsgBody
	switch it.Event {
	case EventGroupMsg, EventBroadcastMsg:
		if len(b.Elems) == 0 || b.Tip != nil || b.Notice != nil {
			t.Errorf("%s: message body %+v", where, b)
			return
		}
		if it.TinyID == "" || it.MsgClientTime == 0 || it.MsgPriority.IsZero() {
			t.Errorf("%s: message without TinyId/MsgClientTime/MsgPriority", where)
		}
		for i := range b.Elems {
			checkElem(t, where, &b.Elems[i])
		}
	case EventGroupTip, EventGroupTipOnline:
		if b.Tip == nil || b.Elems != nil || b.Notice != nil {
			t.Errorf("%s: tip body %+v", where, b)
			return
		}
		if b.Tip.OpType == 0 || b.Tip.OperatorAccount == "" {
			t.Errorf("%s: tip %+v", where, b.Tip)
		}
	case EventGroupNotice:
		if b.Notice == nil || b.Elems != nil || b.Tip != nil {
			t.Errorf("%s: notice body %+v", where, b)
			return
		}
		if b.Notice.ReportType == 0 {
			t.Errorf("%s: notice %+v", where, b.Notice)
		}
	default:
		t.Errorf("%s: unexpected Event %d", where, it.Event)
	}
}

// checkRawMsgBodies decodes every item's MsgBody (and every element's
// MsgContent) of a body strictly into the struct ItemBody picks, so that a
// key the struct lacks is reported even when its value is zero: ItemBody
// itself decodes leniently.
func checkRawMsgBodies(t *testing.T, where string, body []byte) {
	t.Helper()
	type rawItem struct {
		Event   int             `json:"Event"`
		MsgBody json.RawMessage `json:"MsgBody"`
	}
	var b struct {
		RspMsgList          []rawItem `json:"RspMsgList"`
		RspBroadcastMsgList []rawItem `json:"RspBroadcastMsgList"`
		EventArray          []struct {
			GroupMsgArray []rawItem `json:"GroupMsgArray"`
			GroupTips     []rawItem `json:"GroupTips"`
		} `json:"EventArray"`
	}
	if err := json.Unmarshal(body, &b); err != nil {
		return
	}
	all := append(b.RspMsgList, b.RspBroadcastMsgList...)
	for _, e := range b.EventArray {
		all = append(append(all, e.GroupMsgArray...), e.GroupTips...)
	}
	for _, it := range all {
		var v any
		switch it.Event {
		case EventGroupMsg, EventBroadcastMsg:
			var elems []struct {
				MsgType    string          `json:"MsgType"`
				MsgContent json.RawMessage `json:"MsgContent"`
			}
			if err := decodeStrict(it.MsgBody, &elems); err != nil {
				t.Errorf("%s: elements: %v", where, err)
			}
			for _, e := range elems {
				var c any
				switch e.MsgType {
				case ElemText:
					c = new(TextContent)
				case ElemCustom:
					c = new(CustomContent)
				case ElemFace:
					c = new(FaceContent)
				case ElemLocation:
					c = new(LocationContent)
				default:
					continue
				}
				if err := decodeStrict(e.MsgContent, c); err != nil {
					t.Errorf("%s: %s content: %v", where, e.MsgType, err)
				}
			}
			continue
		case EventGroupNotice:
			v = new(NoticeBody)
		default:
			v = new(TipBody)
		}
		if err := decodeStrict(it.MsgBody, v); err != nil {
			t.Errorf("%s: MsgBody into %T: %v", where, v, err)
		}
	}
}

// checkElem decodes an element's content and checks it re-encodes to MsgContent.
func checkElem(t *testing.T, where string, e *Elem) {
	t.Helper()
	c, err := e.Content()
	if err != nil {
		t.Errorf("%s: %s content: %v", where, e.MsgType, err)
		return
	}
	var typ string
	switch c.(type) {
	case *TextContent:
		typ = ElemText
	case *CustomContent:
		typ = ElemCustom
	case *FaceContent:
		typ = ElemFace
	case *LocationContent:
		typ = ElemLocation
	}
	if typ != e.MsgType {
		t.Errorf("%s: element %s decoded as %T", where, e.MsgType, c)
	}
	if d := semanticDiff(t, e.MsgContent, mustMarshal(t, c)); d != "" {
		t.Errorf("%s: %s content round trip: %s", where, e.MsgType, d)
	}
}

// TestTraceReceivedMessages checks that the message objects tim-js-sdk
// emitted (MESSAGE_RECEIVED, poll-mode run) agree with the items the wire
// structs decoded from the frames that run delivered.
func TestTraceReceivedMessages(t *testing.T) {
	type key struct {
		inst string
		seq  uint64
	}
	byInst := map[key]*Item{}
	bySeq := map[uint64]*Item{}
	for _, rec := range loadTrace(t, "avchatroom-scenario.jsonl") {
		if rec.Dir != "s2c" {
			continue
		}
		f, err := DecodeFrame(rec.Frame)
		if err != nil {
			t.Fatal(err)
		}
		v := bodyType(rec.Servcmd, rec.Dir)
		if v == nil || json.Unmarshal(f.Body, v) != nil {
			continue
		}
		for _, ref := range bodyItems(v) {
			byInst[key{rec.Inst, ref.item.MsgSeq}] = ref.item
			bySeq[ref.item.MsgSeq] = ref.item
		}
	}

	f, err := os.Open(filepath.Join("testdata", "traces", "avchatroom-received-messages.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	type message struct {
		ID               string          `json:"ID"`
		ConversationType string          `json:"conversationType"`
		Time             int64           `json:"time"`
		Sequence         uint64          `json:"sequence"`
		Random           uint32          `json:"random"`
		Priority         string          `json:"priority"`
		Nick             string          `json:"nick"`
		Avatar           string          `json:"avatar"`
		NameCard         string          `json:"nameCard"`
		From             string          `json:"from"`
		To               string          `json:"to"`
		CloudCustomData  string          `json:"cloudCustomData"`
		ClientTime       int64           `json:"clientTime"`
		SenderTinyID     string          `json:"senderTinyID"`
		Type             string          `json:"type"`
		Payload          json.RawMessage `json:"payload"`
	}
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 0, 1<<20), 16<<20)
	n := 0
	for line := 1; sc.Scan(); line++ {
		var rec struct {
			Inst    string  `json:"inst"`
			Message message `json:"message"`
		}
		if err := json.Unmarshal(sc.Bytes(), &rec); err != nil {
			t.Fatalf("line %d: %v", line, err)
		}
		m := rec.Message
		where := "received-messages:" + strconv.Itoa(line) + " " + rec.Inst + " " + m.ID
		it := byInst[key{rec.Inst, m.Sequence}]
		if it == nil {
			it = bySeq[m.Sequence]
		}
		if it == nil {
			t.Errorf("%s: no item with MsgSeq %d in the trace", where, m.Sequence)
			continue
		}
		n++
		from := it.FromAccount
		if from == "" {
			from = SystemAccount
		}
		tiny := it.TinyID
		if tiny == "" {
			tiny = SystemTinyID
		}
		if m.Random != it.MsgRandom || m.Time != it.Time() || m.To != it.Group() || m.From != from ||
			m.Priority != it.MsgPriority.Name() || m.CloudCustomData != it.CloudCustomData || m.SenderTinyID != tiny {
			t.Errorf("%s: message %+v disagrees with item %+v", where, m, it)
		}
		// ID = senderTinyID-clientTime-random; items without MsgClientTime
		// (tips, notices) get the receiver's clock as clientTime.
		clientTime := it.MsgClientTime
		if clientTime == 0 {
			clientTime = m.ClientTime
		} else if m.ClientTime != clientTime {
			t.Errorf("%s: clientTime %d, item %d", where, m.ClientTime, clientTime)
		}
		if want := tiny + "-" + strconv.FormatInt(clientTime, 10) + "-" + strconv.FormatUint(uint64(it.MsgRandom), 10); m.ID != want {
			t.Errorf("%s: ID, want %s", where, want)
		}
		b := &it.MsgBody
		switch {
		case len(b.Elems) > 0:
			e := &b.Elems[0]
			if m.Type != e.MsgType || m.ConversationType != "GROUP" {
				t.Errorf("%s: type %s / %s, element %s", where, m.Type, m.ConversationType, e.MsgType)
			}
			gi := it.GroupInfo
			if gi == nil || m.Nick != gi.FromAccountNick || m.Avatar != gi.FromAccountHeadurl ||
				(gi.MsgFromAccountExtraInfo != nil && m.NameCard != gi.MsgFromAccountExtraInfo.NameCard) {
				t.Errorf("%s: nick/avatar/nameCard %q %q %q vs GroupInfo %+v", where, m.Nick, m.Avatar, m.NameCard, gi)
			}
			c, err := e.Content()
			if err != nil {
				t.Errorf("%s: %v", where, err)
				continue
			}
			var want any
			switch x := c.(type) {
			case *TextContent:
				want = map[string]string{"text": x.Text}
			case *CustomContent:
				want = map[string]string{"data": x.Data, "description": x.Desc, "extension": x.Ext}
			}
			if d := exactDiff(t, mustMarshal(t, want), m.Payload); d != "" {
				t.Errorf("%s: payload %s", where, d)
			}
		case b.Tip != nil:
			var p struct {
				OperationType int      `json:"operationType"`
				OperatorID    string   `json:"operatorID"`
				UserIDList    []string `json:"userIDList"`
			}
			if err := json.Unmarshal(m.Payload, &p); err != nil {
				t.Fatal(err)
			}
			list := b.Tip.ListAccount
			if list == nil {
				list = []string{}
			}
			if m.Type != "TIMGroupTipElem" || m.ConversationType != "GROUP" || p.OperationType != b.Tip.OpType ||
				p.OperatorID != b.Tip.OperatorAccount || !reflect.DeepEqual(p.UserIDList, list) {
				t.Errorf("%s: tip payload %s vs %+v", where, m.Payload, b.Tip)
			}
		case b.Notice != nil:
			var p struct {
				OperationType    int    `json:"operationType"`
				OperatorID       string `json:"operatorID"`
				UserDefinedField string `json:"userDefinedField"`
				MessageKey       int64  `json:"messageKey"`
			}
			if err := json.Unmarshal(m.Payload, &p); err != nil {
				t.Fatal(err)
			}
			if m.Type != "TIMGroupSystemNoticeElem" || m.ConversationType != SystemAccount || p.OperationType != b.Notice.ReportType ||
				p.OperatorID != b.Notice.OperatorAccount || p.UserDefinedField != b.Notice.UserDefinedField ||
				p.MessageKey != it.Time()*1000 {
				t.Errorf("%s: notice payload %s vs %+v", where, m.Payload, b.Notice)
			}
		default:
			t.Errorf("%s: item has an empty body", where)
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	if n == 0 {
		t.Fatal("no received messages checked")
	}
	t.Logf("%d received messages agree with their items", n)
}
