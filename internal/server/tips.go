package server

import "github.com/tim-go/sdk/internal/wire"

// tipLocked builds a group tip (Event 4) from operator about users, with
// the operator's and the users' nick/avatar and the online count
// (OnlineInf, which refreshes the SDK's cached count). edit adds the
// operation's own fields.
func (r *room) tipLocked(op int, operator string, users []string, edit func(*wire.TipBody)) *wire.Item {
	us := &r.srv.users
	if users == nil {
		users = []string{}
	}
	opExtra := us.extra(operator)
	tb := &wire.TipBody{
		OpType: op, OperatorAccount: operator, ListAccount: users,
		MsgOperatorMemberExtraInfo: &opExtra,
		OnlineInf:                  &wire.OnlineInf{Num: r.onlineLocked(), ET: wire.OnlineInfExpires},
	}
	if len(users) > 0 {
		tb.MsgMemberExtraInfo = us.extras(users)
	}
	if edit != nil {
		edit(tb)
	}
	return r.systemItem(wire.EventGroupTip, wire.ItemBody{Tip: tb})
}

// noticeLocked builds a group system notice (Event 5): 5 dismissed, 255
// custom (Content -> UserDefinedField).
func (r *room) noticeLocked(reportType int, operator, userDefined string) *wire.Item {
	return r.systemItem(wire.EventGroupNotice, wire.ItemBody{Notice: &wire.NoticeBody{
		ReportType: reportType, OperatorAccount: operator, UserDefinedField: userDefined,
	}})
}

func (r *room) systemItem(event int, body wire.ItemBody) *wire.Item {
	return &wire.Item{
		Event: event, MsgRandom: randomMsgRandom(), MsgTimeStamp: r.srv.now().Unix(),
		FromAccount: wire.SystemAccount, MsgBody: body,
	}
}

// messageItem builds a group message (Event 3) from userID, stamped with
// the sender's TinyId, nick and avatar (top level and in GroupInfo) and name
// card. The room must be locked.
func (r *room) messageItem(now int64, from string, random uint32, clientTime int64, prio wire.Priority, body []wire.Elem, cloud string) *wire.Item {
	s := r.srv
	if clientTime == 0 {
		clientTime = now
	}
	u := s.users.get(from)
	ex := s.users.extra(from)
	return &wire.Item{
		Event: wire.EventGroupMsg, MsgRandom: random, MsgTimeStamp: now, MsgClientTime: clientTime,
		MsgPriority: wire.Priority{Level: uint8(prio.Effective())}, FromAccount: from, TinyID: u.tinyID,
		MsgBody: wire.ItemBody{Elems: body}, CloudCustomData: cloud,
		GroupInfo: &wire.ItemGroupInfo{
			FromAccountNick: ex.NickName, FromAccountHeadurl: ex.ImageURL,
			MsgFromAccountExtraInfo: &wire.ExtraInfo{NameCard: r.cards[from]},
		},
		FromAccountNick: ex.NickName, FromAccountHeadurl: ex.ImageURL,
	}
}
