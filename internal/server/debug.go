package server

import (
	"crypto/subtle"
	"encoding/json"
	"net/http"
	"strings"
	"sync/atomic"
)

// debugPrefix is where the test hooks live (not part of Tencent's API).
const debugPrefix = "/debug/"

// Stats is a snapshot of the server: gauges first, then counters since New.
type Stats struct {
	Connections  int `json:"connections"`   // open sockets
	Sessions     int `json:"sessions"`      // logged-in sessions (with or without a socket)
	Rooms        int `json:"rooms"`         // live rooms
	Members      int `json:"members"`       // logged-in members, all rooms
	Guests       int `json:"guests"`        // guests, all rooms
	WaitingPolls int `json:"waiting_polls"` // get_msg requests being held
	PollKeys     int `json:"poll_keys"`     // long-poll Keys issued and live

	ConnectionsOpened uint64 `json:"connections_opened"` // WebSockets accepted
	Logins            uint64 `json:"logins"`             // first logins (UserSig)
	Relogins          uint64 `json:"relogins"`           // re-logins by A2
	LoginFailures     uint64 `json:"login_failures"`     // UserSigs refused
	Kicks             uint64 `json:"kicks"`              // sessions kicked (second login, REST)
	SessionsExpired   uint64 `json:"sessions_expired"`   // sessions ended by the reconnect grace
	RoomsCreated      uint64 `json:"rooms_created"`      // create_group calls that succeeded
	Joins             uint64 `json:"joins"`              // logged-in joins
	GuestJoins        uint64 `json:"guest_joins"`        // guest joins
	GuestsExpired     uint64 `json:"guests_expired"`     // guests dropped for not polling
	Messages          uint64 `json:"messages"`           // sent by clients and over REST
	ItemsPublished    uint64 `json:"items_published"`    // messages, tips and notices
	Polls             uint64 `json:"polls"`              // get_msg requests
	PollWakeups       uint64 `json:"poll_wakeups"`       // held polls answered by a new item
	PollTimeouts      uint64 `json:"poll_timeouts"`      // held polls answered empty
	RetentionGaps     uint64 `json:"retention_gaps"`     // polls that asked for items no longer retained
	Pushes            uint64 `json:"pushes"`             // items pushed to sockets
	PushReplays       uint64 `json:"push_replays"`       // items pushed again after a re-login
	FramesIn          uint64 `json:"frames_in"`          // client frames read
	ReaderRenewals    uint64 `json:"reader_renewals"`    // socket readers handed over to fresh goroutines after a quiet spell
	FramesOut         uint64 `json:"frames_out"`         // server frames written
	BytesOut          uint64 `json:"bytes_out"`          // bytes written (after compression)
	BadFrames         uint64 `json:"bad_frames"`         // frames that could not be decoded
	UnknownCommands   uint64 `json:"unknown_commands"`   // servcmds answered 60009
	ErrorReplies      uint64 `json:"error_replies"`      // replies with an ErrorCode
	SlowConsumers     uint64 `json:"slow_consumers"`     // sockets dropped for a full send queue
	Panics            uint64 `json:"panics"`             // handler panics recovered (a bug if not 0)
	RESTCalls         uint64 `json:"rest_calls"`         // REST requests
	RESTErrors        uint64 `json:"rest_errors"`        // REST answers with an ErrorCode

	MessagesQueued    uint64 `json:"messages_queued"`    // messages that waited for the room budget
	MessagesDropped   uint64 `json:"messages_dropped"`   // messages the room budget dropped
	MessagesModerated uint64 `json:"messages_moderated"` // sends refused with 80001/80002
	Callbacks         uint64 `json:"callbacks"`          // webhook calls made
	CallbackFailures  uint64 `json:"callback_failures"`  // webhook calls that failed or timed out
	CallbacksDropped  uint64 `json:"callbacks_dropped"`  // async webhooks dropped for a full queue
	CallbackRejects   uint64 `json:"callback_rejects"`   // messages the before-send webhook refused
	CallbackDrops     uint64 `json:"callback_drops"`     // messages the before-send webhook dropped

	PushAcks       uint64 `json:"push_acks"`       // push frames acknowledged (openim.ws_msg_push_ack)
	DuplicateSends uint64 `json:"duplicate_sends"` // group sends answered as a repeat of the same Random
	// Join and quit tips (member_tips.go).
	MemberTips         uint64 `json:"member_tips"`          // join and quit tips published (one may name several members)
	MemberTipsUnlisted uint64 `json:"member_tips_unlisted"` // joins and quits no tip named (over MemberTipMaxList, or cancelled out)
	// The limits of an exposed emulator (limits.go).
	LoginTimeouts     uint64 `json:"login_timeouts"`      // sockets closed for not logging in or joining in time
	IdleTimeouts      uint64 `json:"idle_timeouts"`       // sockets closed for sending nothing
	ConnsRefused      uint64 `json:"conns_refused"`       // sockets refused (429) over MaxConnsPerAddr
	GuestJoinsRefused uint64 `json:"guest_joins_refused"` // guest joins refused over MaxGuestsPerAddr
	AppMismatches     uint64 `json:"app_mismatches"`      // sockets closed for another SDKAppID (URL or head)

	// Room is one room's budget, when GET /debug/stats names it with ?GroupId=.
	Room *RoomStats `json:"room,omitempty"`
}

type counters struct {
	connsOpened, logins, relogins, loginFailures, kicks, sessionsExpired                    atomic.Uint64
	roomsCreated, joins, guestJoins, guestsExpired, messages, itemsPublished                atomic.Uint64
	polls, pollWakeups, pollTimeouts, retentionGaps, pushes, pushReplays                    atomic.Uint64
	framesIn, framesOut, bytesOut, badFrames, unknownCommands, errorReplies, readerRenewals atomic.Uint64
	slowConsumers, panics, restCalls, restErrors                                            atomic.Uint64
	// The live-room rules: budget, webhooks, moderation.
	msgsQueued, msgsDropped, moderated            atomic.Uint64
	callbacks, callbackFailures, callbacksDropped atomic.Uint64
	callbackRejects, callbackDrops                atomic.Uint64
	pushAcks, duplicateSends                      atomic.Uint64
	memberTips, memberTipsUnlisted                atomic.Uint64
	limitCounters                                 // limits.go
}

// Stats returns a snapshot of the server's gauges and counters.
func (s *Server) Stats() Stats {
	c := &s.stats
	st := Stats{
		ConnectionsOpened: c.connsOpened.Load(), Logins: c.logins.Load(), Relogins: c.relogins.Load(),
		LoginFailures: c.loginFailures.Load(), Kicks: c.kicks.Load(), SessionsExpired: c.sessionsExpired.Load(),
		RoomsCreated: c.roomsCreated.Load(), Joins: c.joins.Load(), GuestJoins: c.guestJoins.Load(),
		GuestsExpired: c.guestsExpired.Load(), Messages: c.messages.Load(), ItemsPublished: c.itemsPublished.Load(),
		Polls: c.polls.Load(), PollWakeups: c.pollWakeups.Load(), PollTimeouts: c.pollTimeouts.Load(),
		RetentionGaps: c.retentionGaps.Load(), Pushes: c.pushes.Load(), PushReplays: c.pushReplays.Load(),
		FramesIn: c.framesIn.Load(), ReaderRenewals: c.readerRenewals.Load(), FramesOut: c.framesOut.Load(), BytesOut: c.bytesOut.Load(),
		BadFrames: c.badFrames.Load(), UnknownCommands: c.unknownCommands.Load(), ErrorReplies: c.errorReplies.Load(),
		SlowConsumers: c.slowConsumers.Load(), Panics: c.panics.Load(), RESTCalls: c.restCalls.Load(),
		RESTErrors:     c.restErrors.Load(),
		MessagesQueued: c.msgsQueued.Load(), MessagesDropped: c.msgsDropped.Load(), MessagesModerated: c.moderated.Load(),
		Callbacks: c.callbacks.Load(), CallbackFailures: c.callbackFailures.Load(), CallbacksDropped: c.callbacksDropped.Load(),
		CallbackRejects: c.callbackRejects.Load(), CallbackDrops: c.callbackDrops.Load(),
		PushAcks: c.pushAcks.Load(), DuplicateSends: c.duplicateSends.Load(),
		MemberTips: c.memberTips.Load(), MemberTipsUnlisted: c.memberTipsUnlisted.Load(),
		LoginTimeouts: c.loginTimeouts.Load(), IdleTimeouts: c.idleTimeouts.Load(), ConnsRefused: c.connsRefused.Load(),
		GuestJoinsRefused: c.guestsRefused.Load(), AppMismatches: c.appMismatches.Load(),
	}
	s.connsMu.Lock()
	st.Connections = len(s.conns)
	s.connsMu.Unlock()
	s.sessMu.RLock()
	st.Sessions = len(s.byA2)
	s.sessMu.RUnlock()
	s.keysMu.RLock()
	st.PollKeys = len(s.keys)
	s.keysMu.RUnlock()
	s.roomsMu.RLock()
	rooms := make([]*room, 0, len(s.rooms))
	for _, r := range s.rooms {
		rooms = append(rooms, r)
	}
	s.roomsMu.RUnlock()
	st.Rooms = len(rooms)
	for _, r := range rooms {
		r.mu.Lock()
		st.Members += len(r.members)
		st.Guests += len(r.guests)
		st.WaitingPolls += len(r.waiters)
		r.mu.Unlock()
	}
	return st
}

// serveDebug serves the test hooks: POST /debug/close_connections drops
// every WebSocket (sessions survive, as after a network blip) and answers
// {"closed":N}; GET /debug/stats answers Stats as JSON (with the budget of
// one room for ?GroupId=).
//
// They are test hooks, not Tencent's API: anyone who reaches them can drop
// every socket. debugAllowed decides who may.
func (s *Server) serveDebug(w http.ResponseWriter, r *http.Request) {
	if !debugAllowed(r.RemoteAddr, r.Header.Get("Authorization"), s.cfg.DebugToken) {
		http.Error(w, "forbidden", http.StatusForbidden)
		return
	}
	switch r.URL.Path {
	case debugPrefix + "close_connections":
		if r.Method != http.MethodPost {
			http.Error(w, "POST only", http.StatusMethodNotAllowed)
			return
		}
		writeJSON(w, map[string]int{"closed": s.CloseConnections()})
	case debugPrefix + "stats":
		st := s.Stats()
		if id := r.URL.Query().Get("GroupId"); id != "" {
			if rs, ok := s.RoomStats(id); ok {
				st.Room = &rs
			}
		}
		writeJSON(w, st)
	default:
		http.NotFound(w, r)
	}
}

// debugAllowed reports whether a client at remoteAddr (http.Request's
// RemoteAddr, never X-Forwarded-For) presenting the Authorization header
// auth may use the debug endpoints: with a token configured, exactly those
// presenting "Bearer <token>" may (loopback included, so that a proxy on
// the same host cannot open them); without one, loopback clients only.
func debugAllowed(remoteAddr, auth, token string) bool {
	if token != "" {
		got, ok := strings.CutPrefix(auth, "Bearer ")
		return ok && subtle.ConstantTimeCompare([]byte(got), []byte(token)) == 1
	}
	return isLoopback(remoteAddr)
}

func writeJSON(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(v)
}
