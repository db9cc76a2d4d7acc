package tim

import (
	"github.com/tim-go/sdk/internal/wire"
	"github.com/tim-go/sdk/message"
	"github.com/tim-go/sdk/types"
)

// One-to-one (C2C) messages to the logged-in user: a business backend's
// openim/sendmsg to a bot, say. They arrive pushed (msg_push C2cMsgArray)
// while the user is online, and through the C2C sync (openim.getmsg,
// c2c_sync.go) after each login and reconnect for what was sent while it
// was not. Both map to messages with ConversationType C2C and come out as
// MESSAGE_RECEIVED, each once: a message both pushed and synced is
// dropped the second time by its ID (docs/wire-additions.md).
//
// tim-js-sdk emits MESSAGE_RECEIVED for pushed messages too, but puts what
// its first sync after a login finds into the conversation list
// (CONVERSATION_LIST_UPDATED) instead. The Go SDK has no conversation list,
// so it emits those as MESSAGE_RECEIVED: a bot sees what it was sent while
// offline.

// c2cIDWindow is how many C2C message IDs are remembered for
// deduplication (as the live-room path's idWindow).
const c2cIDWindow = 100

// c2cState is the instance's C2C receive state, guarded by receiver.mu.
type c2cState struct {
	ids    *window[uint64] // idKey of the C2C message IDs seen; nil until the first
	cookie string          // the last openim.getmsg Cookie
	sync   syncRuns        // the C2C sync's goroutine (c2c_sync.go)
}

// syncRuns keeps the C2C sync to one goroutine: a sync asked for while one
// runs (a reconnect during a long sync) makes that one run once more.
type syncRuns struct {
	running, again bool
}

// acceptC2C maps items to messages for the user self, dropping those seen
// before (by ID); it returns what is new, in the order given.
func (r *receiver) acceptC2C(items []*wire.C2CMsg, self string, now int64) []*message.Message {
	msgs := make([]*message.Message, 0, len(items))
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.c2c.ids == nil {
		r.c2c.ids = newWindow[uint64](c2cIDWindow)
	}
	for _, it := range items {
		if it == nil {
			continue
		}
		m := mapC2C(it, self, now)
		if m == nil || !r.c2c.ids.add(idKey(m.ID)) {
			continue
		}
		msgs = append(msgs, m)
	}
	return msgs
}

// onC2C delivers C2C items (pushed or synced) as one MESSAGE_RECEIVED.
// Nothing is delivered without a logged-in user.
func (t *TIM) onC2C(items []*wire.C2CMsg) {
	self := t.UserID()
	if self == "" || len(items) == 0 {
		return
	}
	if msgs := t.recv.acceptC2C(items, self, t.now().Unix()); len(msgs) > 0 {
		t.em.emit(types.EventMessageReceived, msgs)
	}
}

// mapC2C turns a C2C item into a Message as tim-js-sdk does, or nil for
// one without elements. A copy of the user's own message (IsSyncMsg 1)
// names the peer as From_Account: the accounts are swapped back. The ID is
// "<TinyId>-<MsgClientTime>-<MsgRandom>", the same for a push and a sync.
func mapC2C(it *wire.C2CMsg, self string, now int64) *message.Message {
	if len(it.MsgBody) == 0 {
		return nil
	}
	from, to := it.FromAccount, it.ToAccount
	if it.IsSyncMsg == 1 {
		from, to = to, from
	}
	m := elemMessage(&it.MsgBody[0])
	peer := from
	if from == self {
		peer = to
	}
	m.ConversationType = types.ConvC2C
	m.ConversationID = types.ConvC2C.ConversationID(peer)
	m.From, m.To = from, to
	m.Time = it.MsgTimeStamp
	m.Status = types.MsgStatusSuccess
	m.Priority = types.MsgPriorityNormal // tim-js-sdk's default; C2C has none
	m.Nick, m.Avatar = it.FromAccountNick, it.FromAccountHeadurl
	m.Sequence, m.ClientSeq = it.MsgSeq, it.MsgSeq
	m.Random = it.MsgRandom
	m.ClientTime = it.MsgClientTime
	if m.ClientTime == 0 {
		m.ClientTime = now // as tim-js-sdk: the receiver's clock
	}
	m.CloudCustomData = it.CloudCustomData
	m.SenderTinyID = it.TinyID
	m.Type = m.Payload.Type()
	m.ID = message.MakeID(m.SenderTinyID, m.ClientTime, m.Random)
	m.Flow = flowOf(m.From, self)
	return m
}
