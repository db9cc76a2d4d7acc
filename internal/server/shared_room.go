package server

import (
	"context"
	"encoding/json"
	"errors"

	"go.uber.org/zap"

	"github.com/tim-go/sdk/internal/wire"
)

// RoomStore shares the rooms of a cluster: a room created on one node is
// created on every node (Server.ApplyRoom), with the same profile; its
// stream is the RoomLog's. The in-process emulator has none.
type RoomStore interface {
	// CreateRoom stores the definition of room id (a create_group
	// request, JSON); it fails with ErrRoomExists when another node
	// holds that ID.
	CreateRoom(ctx context.Context, id string, def []byte) error
	// DeleteRoom forgets room id (destroyed).
	DeleteRoom(ctx context.Context, id string) error
}

// ErrRoomExists is RoomStore.CreateRoom's answer for an ID in use.
var ErrRoomExists = errors.New("server: group ID in use in the cluster")

// maxRoomDef clamps a room definition read from the RoomStore.
const maxRoomDef = 1 << 20

// shareRoom stores the room just created here; if the cluster holds the ID
// already, the local room is dropped again and the creation fails.
func (s *Server) shareRoom(id string, req *wire.CreateGroupReq) *apiError {
	def := *req
	def.GroupID = id
	b, err := json.Marshal(&def)
	if err == nil {
		ctx, cancel := context.WithTimeout(context.Background(), sharedTimeout)
		err = s.cfg.RoomStore.CreateRoom(ctx, id, b)
		cancel()
	}
	if err == nil {
		return nil
	}
	if r := s.room(id); r != nil {
		r.close("", false)
	}
	if errors.Is(err, ErrRoomExists) {
		return fail(CodeGroupIDTaken, "group ID %s is in use", id)
	}
	return fail(CodeInternal, "shared rooms: %v", err)
}

// unshareRoom forgets a destroyed room cluster-wide.
func (s *Server) unshareRoom(id string) {
	if s.cfg.RoomStore == nil {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), sharedTimeout)
	defer cancel()
	if err := s.cfg.RoomStore.DeleteRoom(ctx, id); err != nil {
		s.log.Warn("shared rooms: cannot delete a room", zap.String("group", id), zap.Error(err))
	}
}

// ApplyRoom creates room id from its definition (def, as given to
// RoomStore.CreateRoom) when another node created it, or closes it when def
// is nil (destroyed elsewhere). The RoomStore's watcher calls it; a room
// this node has already is left as it is.
func (s *Server) ApplyRoom(id string, def []byte) {
	if def == nil {
		if r := s.room(id); r != nil {
			r.close("", false)
		}
		return
	}
	if s.room(id) != nil || len(def) > maxRoomDef {
		return
	}
	var req wire.CreateGroupReq
	if err := json.Unmarshal(def, &req); err != nil || req.GroupID != id {
		s.log.Warn("shared rooms: bad room definition", zap.String("group", id))
		return
	}
	if _, e := s.createLocalRoom(&req); e != nil && e.code != CodeGroupIDTaken {
		s.log.Warn("shared rooms: cannot create a room", zap.String("group", id), zap.String("error", e.info))
	}
}
