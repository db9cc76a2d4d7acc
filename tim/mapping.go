package tim

import (
	"slices"
	"strconv"
	"strings"
	"sync/atomic"

	"github.com/tim-go/sdk/group"
	"github.com/tim-go/sdk/internal/wire"
	"github.com/tim-go/sdk/message"
	"github.com/tim-go/sdk/profile"
	"github.com/tim-go/sdk/types"
)

// This file is the one place where wire values become models and back.

// itemContext is what mapping an item needs besides the item.
type itemContext struct {
	self  string   // the logged-in user; "" for guests (flow "")
	now   int64    // server-corrected Unix seconds, for a missing MsgClientTime
	event int      // the push's outer Event, which overrides the item's; 0: item's own
	convs *convIDs // caches conversation IDs across a batch; nil: build each
	// broadcast: the item came in a broadcast list (IsBroadcastMessage).
	broadcast bool
}

// convIDs remembers the conversation ID of the last group seen: a batch is
// almost always one room's, so its messages share one string.
type convIDs struct{ groupID, convID string }

func (c *convIDs) get(groupID string) string {
	if c == nil {
		return types.ConvGroup.ConversationID(groupID)
	}
	if c.convID == "" || c.groupID != groupID {
		c.groupID, c.convID = groupID, types.ConvGroup.ConversationID(groupID)
	}
	return c.convID
}

// mapItem turns a live-room stream item of room gid into a Message
// (wire-protocol.md 6.2, 6.4, 6.5), or nil for an event the SDK drops.
// An item shared by the instances of the process (wire.Item.Memo) is mapped
// once, and the Message is shared too: every guest gets the same one, every
// other logged-in receiver the same one with Flow "in" (so a receipt
// allocates nothing; received messages are read-only, see MessageReceived).
// The sender itself, and receivers of an item without a client time (which
// takes the receiver's clock), get their own copy.
func mapItem(it *wire.Item, gid string, c itemContext) *message.Message {
	ev := it.Event
	if c.event != 0 {
		ev = c.event
	}
	if it.Memo == nil {
		return mapItemOnce(it, gid, ev, c)
	}
	tmpl, _ := it.Memo.Load().(*mappedItem)
	if tmpl == nil {
		first := &mappedItem{event: ev, gid: gid, broadcast: c.broadcast,
			m: mapItemOnce(it, gid, ev, itemContext{broadcast: c.broadcast})}
		tmpl = it.Memo.Store(first).(*mappedItem)
	}
	if tmpl.event != ev || tmpl.gid != gid || tmpl.broadcast != c.broadcast {
		return mapItemOnce(it, gid, ev, c) // not the usual case: mapped afresh
	}
	if tmpl.m == nil {
		return nil
	}
	if m := tmpl.sharedFor(c.self); m != nil {
		return m
	}
	m := new(message.Message)
	*m = *tmpl.m
	m.Flow = flowOf(m.From, c.self)
	if m.ClientTime == 0 {
		m.ClientTime = c.now // as tim-js-sdk: the receiver's clock
		m.ID = message.MakeID(m.SenderTinyID, m.ClientTime, m.Random)
	}
	return m
}

// mappedItem is the Message a shared item mapped to (nil: dropped), for
// the outer event, room and list it was mapped with.
type mappedItem struct {
	event     int
	gid       string
	broadcast bool
	m         *message.Message                // as a guest receives it (Flow "")
	in        atomic.Pointer[message.Message] // Flow "in", made on first need
}

// sharedFor returns the Message every receiver logged in as self gets, or
// nil when self must have its own.
func (t *mappedItem) sharedFor(self string) *message.Message {
	if t.m.ClientTime == 0 {
		return nil
	}
	f := flowOf(t.m.From, self)
	switch {
	case f == t.m.Flow:
		return t.m
	case f != types.FlowIn:
		return nil // the sender's own message
	}
	if m := t.in.Load(); m != nil {
		return m
	}
	m := new(message.Message)
	*m = *t.m
	m.Flow = f
	if !t.in.CompareAndSwap(nil, m) {
		m = t.in.Load()
	}
	return m
}

// mapItemOnce maps it for event ev.
func mapItemOnce(it *wire.Item, gid string, ev int, c itemContext) *message.Message {
	var m *message.Message
	switch ev {
	case wire.EventGroupMsg, wire.EventBroadcastMsg:
		if len(it.MsgBody.Elems) == 0 {
			return nil
		}
		m = elemMessage(&it.MsgBody.Elems[0])
		fillMessage(m, it, gid, c)
	case wire.EventGroupTip, wire.EventGroupTipOnline:
		if it.MsgBody.Tip == nil {
			return nil
		}
		m = new(message.Message)
		fillMessage(m, it, gid, c)
		tip := tipPayload(it.MsgBody.Tip, gid, groupName(it))
		m.Payload = tip
		systemSender(m)
		m.Nick, m.Avatar = tipSender(it.MsgBody.Tip, tip)
	case wire.EventGroupNotice:
		n := it.MsgBody.Notice
		if n == nil {
			return nil
		}
		m = new(message.Message)
		fillMessage(m, it, gid, c)
		m.Payload = &message.GroupSystemNoticePayload{
			OperationType:    types.GroupSystemNoticeOp(n.ReportType),
			OperatorID:       n.OperatorAccount,
			UserDefinedField: n.UserDefinedField,
			HandleMessage:    n.RemarkInfo,
			GroupProfile:     message.NoticeGroup{GroupID: gid, Name: groupName(it)},
		}
		systemSender(m)
		m.ConversationType = types.ConvSystem
		m.ConversationID = types.ConvSystem.ConversationID(gid)
	default:
		return nil
	}
	m.Type = m.Payload.Type()
	m.ID = message.MakeID(m.SenderTinyID, m.ClientTime, m.Random)
	m.Flow = flowOf(m.From, c.self)
	m.IsBroadcastMessage = c.broadcast
	return m
}

// fillMessage sets the fields every kind of item maps alike (all but the
// payload and what follows from it).
func fillMessage(m *message.Message, it *wire.Item, gid string, c itemContext) {
	m.ConversationType = types.ConvGroup
	m.ConversationID = c.convs.get(gid)
	m.To = gid
	m.From = it.FromAccount
	m.Time = it.Time()
	m.Status = types.MsgStatusSuccess
	m.Priority = types.Priority(it.MsgPriority.Name())
	m.Nick = it.FromAccountNick
	m.Avatar = it.FromAccountHeadurl
	m.Sequence = it.MsgSeq
	m.ClientSeq = it.MsgSeq
	m.Random = it.MsgRandom
	m.ClientTime = it.MsgClientTime
	m.CloudCustomData = it.CloudCustomData
	m.IsSystemMessage = it.IsSystemMsg == 1
	m.SenderTinyID = it.TinyID
	if gi := it.GroupInfo; gi != nil {
		if gi.FromAccountNick != "" {
			m.Nick = gi.FromAccountNick
		}
		if gi.FromAccountHeadurl != "" {
			m.Avatar = gi.FromAccountHeadurl
		}
		if gi.MsgFromAccountExtraInfo != nil {
			m.NameCard = gi.MsgFromAccountExtraInfo.NameCard
		}
	}
	if m.ClientTime == 0 {
		m.ClientTime = c.now // as tim-js-sdk: the receiver's clock
	}
}

// Messages of the usual elements come in one allocation with their payload
// (and the decoded content the payload is taken from), not three.
type (
	textMessage struct {
		m message.Message
		p message.TextPayload
		c wire.TextContent
	}
	customMessage struct {
		m message.Message
		p message.CustomPayload
		c wire.CustomContent
	}
	faceMessage struct {
		m message.Message
		p message.FacePayload
		c wire.FaceContent
	}
)

// elemMessage allocates the Message of a message element, with its payload
// set.
func elemMessage(e *wire.Elem) *message.Message {
	switch e.MsgType {
	case wire.ElemText:
		x := new(textMessage)
		if e.DecodeText(&x.c) == nil {
			x.p = message.TextPayload{Text: x.c.Text}
			x.m.Payload = &x.p
			return &x.m
		}
	case wire.ElemCustom:
		x := new(customMessage)
		if e.DecodeCustom(&x.c) == nil {
			x.p = message.CustomPayload{Data: x.c.Data, Description: x.c.Desc, Extension: x.c.Ext}
			x.m.Payload = &x.p
			return &x.m
		}
	case wire.ElemFace:
		x := new(faceMessage)
		if e.DecodeFace(&x.c) == nil {
			x.p = message.FacePayload{Index: x.c.Index, Data: x.c.Data}
			x.m.Payload = &x.p
			return &x.m
		}
	}
	return &message.Message{Payload: elemPayload(e)}
}

// systemSender defaults a tip or notice's sender to @TIM#SYSTEM.
func systemSender(m *message.Message) {
	if m.From == "" {
		m.From = types.SystemAccount
	}
	if m.SenderTinyID == "" {
		m.SenderTinyID = types.SystemTinyID
	}
}

func groupName(it *wire.Item) string {
	if it.GroupInfo != nil {
		return it.GroupInfo.GroupName
	}
	return ""
}

// flowOf is "out" for the user's own messages, "in" otherwise, "" for guests.
func flowOf(from, self string) types.Flow {
	switch {
	case self == "":
		return ""
	case from == self:
		return types.FlowOut
	}
	return types.FlowIn
}

// elemPayload decodes a message element into its payload.
func elemPayload(e *wire.Elem) message.Payload {
	c, err := e.Content()
	if err != nil {
		return &message.UnsupportedPayload{ElemType: types.MsgType(e.MsgType)}
	}
	switch v := c.(type) {
	case *wire.TextContent:
		return &message.TextPayload{Text: v.Text}
	case *wire.CustomContent:
		return &message.CustomPayload{Data: v.Data, Description: v.Desc, Extension: v.Ext}
	case *wire.FaceContent:
		return &message.FacePayload{Index: v.Index, Data: v.Data}
	case *wire.LocationContent:
		return &message.LocationPayload{Description: v.Desc, Longitude: v.Longitude, Latitude: v.Latitude}
	}
	return &message.UnsupportedPayload{ElemType: types.MsgType(e.MsgType)}
}

// payloadElem is the wire element of an outgoing payload.
func payloadElem(p message.Payload) (wire.Elem, bool) {
	switch v := p.(type) {
	case *message.TextPayload:
		return wire.TextElem(v.Text), true
	case *message.CustomPayload:
		return wire.CustomElem(v.Data, v.Description, v.Extension), true
	case *message.FacePayload:
		return wire.FaceElem(v.Index, v.Data), true
	case *message.LocationPayload:
		return wire.LocationElem(v.Description, v.Longitude, v.Latitude), true
	}
	return wire.Elem{}, false
}

// tipPayload maps a tip body (wire-protocol.md 6.4).
func tipPayload(b *wire.TipBody, gid, name string) *message.GroupTipPayload {
	p := &message.GroupTipPayload{
		OperationType: types.GroupTipOp(b.OpType),
		OperatorID:    b.OperatorAccount,
		UserIDList:    b.ListAccount,
		GroupProfile:  message.TipGroup{GroupID: gid, GroupName: name},
		MemberNum:     b.MemberNum,
	}
	if p.UserIDList == nil {
		p.UserIDList = []string{b.OperatorAccount}
	}
	if len(b.MsgMemberExtraInfo) > 0 {
		p.MemberList = make([]message.TipMember, len(b.MsgMemberExtraInfo))
		for i, x := range b.MsgMemberExtraInfo {
			p.MemberList[i] = message.TipMember{UserID: x.UserAccount, Nick: x.NickName, Avatar: x.ImageURL}
		}
	} else {
		p.MemberList = make([]message.TipMember, len(p.UserIDList))
		for i, id := range p.UserIDList {
			p.MemberList[i] = message.TipMember{UserID: id}
		}
	}
	for _, mu := range b.MsgMemberInfo {
		i := memberIndex(p.MemberList, mu.UserAccount)
		if i < 0 {
			p.MemberList = append(p.MemberList, message.TipMember{UserID: mu.UserAccount})
			i = len(p.MemberList) - 1
		}
		p.MemberList[i].MuteTime = mu.ShutupTime
	}
	if ni := b.MsgGroupNewInfo; ni != nil {
		p.NewGroupProfile = groupChange(ni)
	}
	if b.OnlineInf != nil {
		p.OnlineMemberNum = b.OnlineInf.Num
	}
	return p
}

func memberIndex(ms []message.TipMember, id string) int {
	for i := range ms {
		if ms[i].UserID == id {
			return i
		}
	}
	return -1
}

// tipSender is the nick and avatar a tip message shows: the operator's for
// profile changes (6, 7), the first member's for join, kick and admin tips
// (1, 3, 4, 5), none for a quit (2): the captured tim-js-sdk shows "" there
// although the tip names the operator.
func tipSender(b *wire.TipBody, p *message.GroupTipPayload) (nick, avatar string) {
	switch p.OperationType {
	case types.GrpTipGrpProfileUpdated, types.GrpTipMbrProfileUpdated:
		if op := b.MsgOperatorMemberExtraInfo; op != nil {
			return op.NickName, op.ImageURL
		}
	case types.GrpTipMbrJoin, types.GrpTipMbrKickedOut, types.GrpTipMbrSetAdmin, types.GrpTipMbrCanceledAdmin:
		if len(p.MemberList) > 0 {
			return p.MemberList[0].Nick, p.MemberList[0].Avatar
		}
	}
	return "", ""
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

// groupChange maps MsgGroupNewInfo to newGroupProfile.
func groupChange(ni *wire.GroupNewInfo) *message.GroupProfileChange {
	c := &message.GroupProfileChange{
		GroupName:    deref(ni.GroupName),
		Introduction: deref(ni.GroupIntroduction),
		Notification: deref(ni.GroupNotification),
		Avatar:       deref(ni.GroupFaceURL),
		OwnerID:      deref(ni.OwnerAccount),
	}
	if ni.ShutupAll != nil {
		on := *ni.ShutupAll == 1
		c.MuteAllMembers = &on
	}
	c.GroupCustomField = customFields(ni.MsgAppDefinedData)
	return c
}

func customFields(kvs []wire.KeyValue) []types.CustomField {
	if len(kvs) == 0 {
		return nil
	}
	out := make([]types.CustomField, len(kvs))
	for i, kv := range kvs {
		out[i] = types.CustomField{Key: kv.Key, Value: kv.Value}
	}
	return out
}

// mergeCustomFields is local with read applied as tim-js-sdk's Group
// updateGroup applies a profile read: a key in the answer is updated in
// place or appended; a key not in it is kept as it was (tim-js-sdk never
// removes one, so a field the backend deleted stays in the local group).
func mergeCustomFields(local, read []types.CustomField) []types.CustomField {
	out := slices.Clone(local)
	for _, f := range read {
		out = setCustomField(out, f)
	}
	if out == nil {
		out = []types.CustomField{}
	}
	return out
}

// setCustomField gives the field of f's key f's value in place, or appends
// f when there is none.
func setCustomField(fields []types.CustomField, f types.CustomField) []types.CustomField {
	if i := customFieldIndex(fields, f.Key); i >= 0 {
		fields[i].Value = f.Value
		return fields
	}
	return append(fields, f)
}

// customFieldIndex is the index of the field with key, or -1.
func customFieldIndex(fields []types.CustomField, key string) int {
	return slices.IndexFunc(fields, func(x types.CustomField) bool { return x.Key == key })
}

// mapGroup maps a get_group_self_member_info entry to a Group.
func mapGroup(gi *wire.GroupInfo) *group.Group {
	g := &group.Group{
		GroupID:          gi.GroupID,
		Name:             gi.Name,
		Type:             types.GroupType(gi.Type),
		Avatar:           gi.FaceURL,
		Introduction:     gi.Introduction,
		Notification:     gi.Notification,
		OwnerID:          gi.OwnerAccount,
		CreateTime:       gi.CreateTime,
		MemberCount:      gi.MemberNum,
		MaxMemberCount:   gi.MaxMemberNum,
		JoinOption:       types.JoinOption(gi.ApplyJoinOption),
		MuteAllMembers:   gi.ShutUpAllMember == wire.ShutUpAllOn,
		NextMessageSeq:   gi.NextMsgSeq,
		GroupCustomField: customFields(gi.AppDefinedData),
	}
	if g.GroupCustomField == nil {
		g.GroupCustomField = []types.CustomField{}
	}
	if si := gi.SelfInfo; si != nil {
		g.SelfInfo = group.MemberSelfInfo{
			Role:              types.MemberRole(si.Role),
			JoinTime:          si.JoinTime,
			MessageRemindType: types.MessageRemindType(si.MsgFlag),
			MuteUntil:         si.ShutUpUntil,
			NameCard:          si.NameCard,
		}
	}
	return g
}

// mapProfile maps a portrait_get_all entry to a Profile.
func mapProfile(up *wire.UserProfile) *profile.Profile {
	p := profile.New(up.ToAccount)
	for _, it := range up.ProfileItem {
		switch it.Tag {
		case wire.ProfileTagNick:
			p.Nick = str(it.Value)
		case wire.ProfileTagImage:
			p.Avatar = str(it.Value)
		case wire.ProfileTagGender:
			p.Gender = types.Gender(str(it.Value))
		case wire.ProfileTagSelfSig:
			p.SelfSignature = str(it.Value)
		case wire.ProfileTagAllow:
			p.AllowType = types.AllowType(str(it.Value))
		case wire.ProfileTagBirthday:
			p.Birthday = num(it.Value)
		case wire.ProfileTagLocation:
			p.Location = str(it.Value)
		case wire.ProfileTagLanguage:
			p.Language = num(it.Value)
		case wire.ProfileTagMsgSettings:
			p.MessageSettings = num(it.Value)
		case wire.ProfileTagAdminForbid:
			p.AdminForbidType = types.ForbidType(str(it.Value))
		case wire.ProfileTagLevel:
			p.Level = num(it.Value)
		case wire.ProfileTagRole:
			p.Role = num(it.Value)
		default:
			if strings.HasPrefix(it.Tag, wire.ProfileCustomTagPrefix) {
				p.ProfileCustomField = append(p.ProfileCustomField, types.CustomField{Key: it.Tag, Value: str(it.Value)})
			}
		}
	}
	return p
}

func str(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64)
	}
	return ""
}

func num(v any) int {
	switch x := v.(type) {
	case float64:
		return int(x)
	case string:
		n, _ := strconv.Atoi(x)
		return n
	}
	return 0
}

// profileItems lists the tags of the fields u sets, in tim-js-sdk's order.
func profileItems(u profile.Update) []wire.ProfileItem {
	var items []wire.ProfileItem
	add := func(tag string, v any) { items = append(items, wire.ProfileItem{Tag: tag, Value: v}) }
	if u.Nick != nil {
		add(wire.ProfileTagNick, *u.Nick)
	}
	if u.Avatar != nil {
		add(wire.ProfileTagImage, *u.Avatar)
	}
	if u.Gender != nil {
		add(wire.ProfileTagGender, string(*u.Gender))
	}
	if u.SelfSignature != nil {
		add(wire.ProfileTagSelfSig, *u.SelfSignature)
	}
	if u.AllowType != nil {
		add(wire.ProfileTagAllow, string(*u.AllowType))
	}
	if u.Birthday != nil {
		add(wire.ProfileTagBirthday, *u.Birthday)
	}
	if u.Location != nil {
		add(wire.ProfileTagLocation, *u.Location)
	}
	if u.Language != nil {
		add(wire.ProfileTagLanguage, *u.Language)
	}
	if u.MessageSettings != nil {
		add(wire.ProfileTagMsgSettings, *u.MessageSettings)
	}
	if u.AdminForbidType != nil {
		add(wire.ProfileTagAdminForbid, string(*u.AdminForbidType))
	}
	if u.Level != nil {
		add(wire.ProfileTagLevel, *u.Level)
	}
	if u.Role != nil {
		add(wire.ProfileTagRole, *u.Role)
	}
	for _, f := range u.ProfileCustomField {
		add(f.Key, f.Value)
	}
	return items
}

// sendRequest is the send_group_msg body of an outgoing message.
func sendRequest(m *message.Message) ([]byte, bool) {
	el, ok := payloadElem(m.Payload)
	if !ok {
		return nil, false
	}
	prio, _ := wire.NamedPriority(string(m.Priority))
	req := &wire.SendGroupMsgReq{
		FromAccount:     m.From,
		GroupID:         m.To,
		Random:          m.Random,
		ClientSeq:       m.ClientSeq,
		MsgPriority:     prio,
		MsgBody:         []wire.Elem{el},
		CloudCustomData: m.CloudCustomData,
		OfflinePushInfo: wire.DefaultOfflinePushInfo(),
		MsgClientTime:   m.ClientTime,
	}
	b, err := wire.AppendSendGroupMsgReq(make([]byte, 0, 512), req)
	return b, err == nil
}

// mapAVMember maps a get_members entry to a Member (the live-room list
// carries no role or mute).
func mapAVMember(m *wire.AVMember) *group.Member {
	return &group.Member{UserID: m.MemberAccount, Nick: m.NickName, Avatar: m.Avatar, JoinTime: m.JoinTime}
}

// mapMemberInfo maps a get_specified_group_member_info entry to a Member.
func mapMemberInfo(m *wire.MemberInfo) *group.Member {
	return &group.Member{UserID: m.MemberAccount, Role: types.MemberRole(m.Role), JoinTime: m.JoinTime,
		NameCard: m.NameCard, MuteUntil: m.ShutUpUntil}
}

// modifyBaseReq is the modify_group_base_info body of a profile update.
func modifyBaseReq(groupID string, u *group.ProfileUpdate) wire.ModifyGroupBaseReq {
	req := wire.ModifyGroupBaseReq{GroupID: groupID, Name: u.Name, Introduction: u.Introduction,
		Notification: u.Notification, FaceURL: u.Avatar}
	if u.MuteAllMembers != nil {
		v := wire.SwitchOff
		if *u.MuteAllMembers {
			v = wire.SwitchOn
		}
		req.ShutUpAllMember = &v
	}
	for _, f := range u.GroupCustomField {
		req.AppDefinedData = append(req.AppDefinedData, wire.KeyValue{Key: f.Key, Value: f.Value})
	}
	return req
}

// applyProfileUpdate changes a local group as an accepted update did.
func applyProfileUpdate(g *group.Group, u *group.ProfileUpdate) {
	set := func(dst *string, v *string) {
		if v != nil {
			*dst = *v
		}
	}
	set(&g.Name, u.Name)
	set(&g.Avatar, u.Avatar)
	set(&g.Introduction, u.Introduction)
	set(&g.Notification, u.Notification)
	if u.MuteAllMembers != nil {
		g.MuteAllMembers = *u.MuteAllMembers
	}
	fields := slices.Clone(g.GroupCustomField)
	for _, f := range u.GroupCustomField {
		if f.Value != "" {
			fields = setCustomField(fields, f)
		} else if i := customFieldIndex(fields, f.Key); i >= 0 {
			fields = slices.Delete(fields, i, i+1) // an empty value deletes
		}
	}
	g.GroupCustomField = fields
}
