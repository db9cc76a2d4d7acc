package cluster

import (
	"context"
	"encoding/hex"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/tim-go/sdk/internal/server"
)

// Headers of a room item in the stream.
const (
	hdrSeq   = "Tim-Msg-Seq" // the room's MsgSeq
	hdrEvent = "Tim-Event"   // wire.Item.Event
)

// maxEvent clamps an item's Event read from the stream.
const maxEvent = 1 << 16

// recentPairs is how many (MsgSeq, stream sequence) pairs a room keeps, so
// that a catch-up starts at the right place in the stream.
const recentPairs = 64

// RoomLog keeps an application's room streams in one JetStream stream,
// TIM_<sdkappid>, one subject per room: tim.<sdkappid>.room.<hex group ID>
// (group IDs may hold '.', '*', '>' or spaces, which subjects may not). A
// room's MsgSeq travels in a header; the per-subject limit is the room's
// retention. Appends publish with the expected last per-subject sequence,
// so two nodes can never both take one MsgSeq.
type RoomLog struct {
	js     jetstream.JetStream
	stream jetstream.Stream
	name   string
	prefix string // "tim.<sdkappid>.room."

	mu    sync.Mutex
	rooms map[string]*roomPairs

	cons jetstream.ConsumeContext
}

// roomPairs remembers where a room's recent items sit in the stream.
type roomPairs struct {
	last   pair
	recent [recentPairs]pair
}

type pair struct{ msgSeq, streamSeq uint64 }

// Storage chooses where the stream keeps its items.
type Storage = jetstream.StorageType

// The storages: FileStorage survives a NATS restart, MemoryStorage is for tests.
const (
	FileStorage   = jetstream.FileStorage
	MemoryStorage = jetstream.MemoryStorage
)

// NewRoomLog creates (or updates) the stream of application sdkAppID on js,
// keeping retention items per room.
func NewRoomLog(ctx context.Context, js jetstream.JetStream, sdkAppID uint64, retention int, storage Storage) (*RoomLog, error) {
	app := strconv.FormatUint(sdkAppID, 10)
	l := &RoomLog{js: js, name: "TIM_" + app, prefix: "tim." + app + ".room.", rooms: make(map[string]*roomPairs)}
	st, err := js.CreateOrUpdateStream(ctx, jetstream.StreamConfig{
		Name: l.name, Subjects: []string{l.prefix + "*"}, Storage: storage,
		MaxMsgsPerSubject: int64(retention), Discard: jetstream.DiscardOld,
	})
	if err != nil {
		return nil, fmt.Errorf("cluster: stream %s: %w", l.name, err)
	}
	l.stream = st
	return l, nil
}

func (l *RoomLog) subject(room string) string { return l.prefix + hex.EncodeToString([]byte(room)) }

// Append implements server.RoomLog.
func (l *RoomLog) Append(ctx context.Context, room string, seq uint64, event int, data []byte) error {
	subj := l.subject(room)
	last, ok := l.lastPair(room)
	if !ok || last.msgSeq+1 != seq {
		var err error
		if last, err = l.fetchLast(ctx, room, subj); err != nil {
			return err
		}
	}
	if last.msgSeq >= seq {
		return server.ErrSeqTaken
	}
	msg := nats.NewMsg(subj)
	msg.Header.Set(hdrSeq, strconv.FormatUint(seq, 10))
	msg.Header.Set(hdrEvent, strconv.Itoa(event))
	msg.Data = data
	ack, err := l.js.PublishMsg(ctx, msg, jetstream.WithExpectLastSequencePerSubject(last.streamSeq))
	if err != nil {
		var apiErr *jetstream.APIError
		if errors.As(err, &apiErr) && (apiErr.ErrorCode == jetstream.JSErrCodeStreamWrongLastSequence ||
			apiErr.ErrorCode == jetstream.JSErrCodeStreamWrongLastSequenceConstant) {
			l.forget(room)
			return server.ErrSeqTaken
		}
		return err
	}
	l.note(room, pair{seq, ack.Sequence})
	return nil
}

// fetchLast asks the stream for the room's last item.
func (l *RoomLog) fetchLast(ctx context.Context, room, subj string) (pair, error) {
	m, err := l.stream.GetLastMsgForSubject(ctx, subj)
	if errors.Is(err, jetstream.ErrMsgNotFound) {
		return pair{}, nil
	}
	if err != nil {
		return pair{}, err
	}
	li, ok := decodeItem(m.Header, m.Data)
	if !ok {
		return pair{}, fmt.Errorf("cluster: item %d of %s has no valid %s", m.Sequence, subj, hdrSeq)
	}
	p := pair{li.Seq, m.Sequence}
	l.note(room, p)
	return p, nil
}

// Since implements server.RoomLog.
func (l *RoomLog) Since(ctx context.Context, room string, after uint64, max int) ([]server.LogItem, error) {
	subj := l.subject(room)
	last, err := l.fetchLast(ctx, room, subj)
	if err != nil || last.msgSeq <= after {
		return nil, err
	}
	start := uint64(1)
	if p, ok := l.recentPair(room, after); ok {
		start = p.streamSeq + 1
	}
	var out []server.LogItem
	for len(out) < max && start <= last.streamSeq {
		m, err := l.stream.GetMsg(ctx, start, jetstream.WithGetMsgSubject(subj))
		if errors.Is(err, jetstream.ErrMsgNotFound) {
			break
		}
		if err != nil {
			return out, err
		}
		start = m.Sequence + 1
		li, ok := decodeItem(m.Header, m.Data)
		if !ok || li.Seq <= after {
			continue
		}
		l.note(room, pair{li.Seq, m.Sequence})
		out = append(out, li)
	}
	return out, nil
}

// Purge drops the stream of a destroyed room, so that a room created
// again under its ID starts at sequence 1, as a new group does.
func (l *RoomLog) Purge(ctx context.Context, room string) error {
	err := l.stream.Purge(ctx, jetstream.WithPurgeSubject(l.subject(room)))
	l.forget(room)
	return err
}

// Subscribe delivers every item appended from now on, by any node, to
// apply (Server.ApplyShared), in stream order, until Close. The ordered
// consumer recreates itself after a NATS reconnect from where it was.
func (l *RoomLog) Subscribe(ctx context.Context, apply func(room string, li server.LogItem)) error {
	cons, err := l.stream.OrderedConsumer(ctx, jetstream.OrderedConsumerConfig{
		FilterSubjects: []string{l.prefix + "*"}, DeliverPolicy: jetstream.DeliverNewPolicy,
	})
	if err != nil {
		return err
	}
	cc, err := cons.Consume(func(m jetstream.Msg) {
		room, ok := l.roomOf(m.Subject())
		li, ok2 := decodeItem(m.Headers(), m.Data())
		if !ok || !ok2 {
			return
		}
		if md, err := m.Metadata(); err == nil {
			l.note(room, pair{li.Seq, md.Sequence.Stream})
		}
		apply(room, li)
	})
	if err != nil {
		return err
	}
	l.cons = cc
	return nil
}

// Close stops the subscription.
func (l *RoomLog) Close() {
	if l.cons != nil {
		l.cons.Stop()
	}
}

func (l *RoomLog) roomOf(subj string) (string, bool) {
	h, ok := strings.CutPrefix(subj, l.prefix)
	if !ok {
		return "", false
	}
	b, err := hex.DecodeString(h)
	return string(b), err == nil
}

// decodeItem reads an item from the stream, clamping what it reads.
func decodeItem(h nats.Header, data []byte) (server.LogItem, bool) {
	seq, err := strconv.ParseUint(h.Get(hdrSeq), 10, 64)
	if err != nil || seq == 0 {
		return server.LogItem{}, false
	}
	ev, err := strconv.Atoi(h.Get(hdrEvent))
	if err != nil || ev < 0 || ev > maxEvent {
		return server.LogItem{}, false
	}
	return server.LogItem{Seq: seq, Event: ev, Data: data}, true
}

func (l *RoomLog) lastPair(room string) (pair, bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	rp := l.rooms[room]
	if rp == nil {
		return pair{}, false
	}
	return rp.last, rp.last.streamSeq != 0
}

func (l *RoomLog) recentPair(room string, msgSeq uint64) (pair, bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	rp := l.rooms[room]
	if rp == nil {
		return pair{}, false
	}
	p := rp.recent[msgSeq%recentPairs]
	return p, p.msgSeq == msgSeq && p.streamSeq != 0
}

// note remembers where item p.msgSeq of room sits in the stream.
func (l *RoomLog) note(room string, p pair) {
	l.mu.Lock()
	defer l.mu.Unlock()
	rp := l.rooms[room]
	if rp == nil {
		rp = &roomPairs{}
		l.rooms[room] = rp
	}
	rp.recent[p.msgSeq%recentPairs] = p
	if p.msgSeq >= rp.last.msgSeq {
		rp.last = p
	}
}

// forget drops what the room's last item was (a conflict proved it stale).
func (l *RoomLog) forget(room string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	delete(l.rooms, room)
}
