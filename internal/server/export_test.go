package server

import (
	"maps"
	"slices"
)

// RESTCommands lists the REST commands the emulator serves (for the table
// test in package server_test).
func RESTCommands() []string { return slices.Sorted(maps.Keys(restHandlers)) }

// FlushMemberTips publishes the gathered join and quit tips of a room now,
// as their timer would (member_tips.go), so that tests need not wait.
func (s *Server) FlushMemberTips(groupID string) {
	if r := s.room(groupID); r != nil {
		r.memberTipTimerFired()
	}
}
