package cluster

import (
	"context"
	"encoding/hex"
	"errors"
	"fmt"
	"strconv"

	"github.com/nats-io/nats.go/jetstream"

	"github.com/tim-go/sdk/internal/server"
)

// RoomKV keeps an application's rooms in the key-value bucket
// TIM_<sdkappid>_ROOMS, one key per room (hex of the group ID), the value
// its definition; every node watches it and creates or closes its copy of
// each room (server.Server.ApplyRoom).
type RoomKV struct {
	kv    jetstream.KeyValue
	purge func(ctx context.Context, room string) error // the room's stream (RoomLog.Purge)
	w     jetstream.KeyWatcher
	done  chan struct{}
}

// NewRoomKV creates (or opens) the bucket of application sdkAppID.
func NewRoomKV(ctx context.Context, js jetstream.JetStream, sdkAppID uint64, storage Storage, log *RoomLog) (*RoomKV, error) {
	name := "TIM_" + strconv.FormatUint(sdkAppID, 10) + "_ROOMS"
	kv, err := js.CreateOrUpdateKeyValue(ctx, jetstream.KeyValueConfig{Bucket: name, Storage: storage})
	if err != nil {
		return nil, fmt.Errorf("cluster: bucket %s: %w", name, err)
	}
	return &RoomKV{kv: kv, purge: log.Purge}, nil
}

// CreateRoom implements server.RoomStore.
func (k *RoomKV) CreateRoom(ctx context.Context, id string, def []byte) error {
	_, err := k.kv.Create(ctx, hex.EncodeToString([]byte(id)), def)
	if errors.Is(err, jetstream.ErrKeyExists) {
		return server.ErrRoomExists
	}
	return err
}

// DeleteRoom implements server.RoomStore: the room's stream goes too.
func (k *RoomKV) DeleteRoom(ctx context.Context, id string) error {
	if err := k.purge(ctx, id); err != nil {
		return err
	}
	err := k.kv.Delete(ctx, hex.EncodeToString([]byte(id)))
	if errors.Is(err, jetstream.ErrKeyNotFound) {
		return nil
	}
	return err
}

// Watch applies every room of the bucket, then every change, to apply
// (server.Server.ApplyRoom; a nil definition is a deleted room) until
// Close. It returns once the rooms that exist now are applied.
func (k *RoomKV) Watch(ctx context.Context, apply func(id string, def []byte)) error {
	w, err := k.kv.WatchAll(context.Background())
	if err != nil {
		return err
	}
	k.w, k.done = w, make(chan struct{})
	ready := make(chan struct{})
	go func() {
		defer close(k.done)
		initial := true
		for e := range w.Updates() {
			if e == nil { // the rooms that existed are all applied
				if initial {
					initial = false
					close(ready)
				}
				continue
			}
			b, err := hex.DecodeString(e.Key())
			if err != nil {
				continue
			}
			switch e.Operation() {
			case jetstream.KeyValuePut:
				apply(string(b), e.Value())
			default:
				apply(string(b), nil)
			}
		}
		if initial {
			close(ready)
		}
	}()
	select {
	case <-ready:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// Close stops the watch and waits for it.
func (k *RoomKV) Close() {
	if k.w != nil {
		k.w.Stop()
		<-k.done
	}
}
