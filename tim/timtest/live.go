package timtest

import (
	"github.com/tim-go/sdk/internal/server"
	"github.com/tim-go/sdk/types"
)

// The live-room budget (Options.RoomMessageRate) as the room counted it.
// Bans, mutes and the mute-all switch are REST calls: the embedded
// *restapi.Client's Ban, Mute, SetMuteAll ….

// RoomStats is one room's budget: messages delivered and dropped by
// priority name, messages waiting, and the recent windows that delivered
// any (the same as GET {RESTURL}/debug/stats?GroupId=).
type RoomStats = server.RoomStats

// RoomStats returns the budget counters of a room; false if there is no
// such room.
func (s *Server) RoomStats(groupID string) (RoomStats, bool) { return s.srv.RoomStats(groupID) }

// Dropped returns how many messages of each priority the room's budget
// dropped (none of a priority: absent). A dropped message's sender got
// success without a sequence; members never saw it.
func (s *Server) Dropped(groupID string) map[types.Priority]int64 {
	st, _ := s.srv.RoomStats(groupID)
	return byPriority(st.Dropped)
}

// Delivered returns how many messages of each priority the room delivered.
func (s *Server) Delivered(groupID string) map[types.Priority]int64 {
	st, _ := s.srv.RoomStats(groupID)
	return byPriority(st.Delivered)
}

func byPriority(m map[string]uint64) map[types.Priority]int64 {
	out := make(map[types.Priority]int64)
	for name, n := range m {
		if n > 0 {
			out[types.Priority(name)] = int64(n)
		}
	}
	return out
}
