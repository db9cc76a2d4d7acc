package server

import "sync"

// maxWrittenRanges bounds the ranges delivered keeps above a gap. Past it
// the highest are forgotten: they are then replayed once more after the
// next re-login, which the SDKs drop by sequence.
const maxWrittenRanges = 32

// seqRange is the sequences first..last of one push frame.
type seqRange struct{ first, last uint64 }

// delivered tracks which items of a push member reached it: acknowledged
// (push_ack.go) or, with acknowledgements off, written to one of its
// sockets. It holds every sequence up to upTo, and the ranges in above,
// delivered past a gap (a live push on a new socket before the replay that
// fills the gap). An item only queued when its socket dropped, or written
// but never acknowledged, did not arrive, so a re-login replays it
// (wire-protocol.md 6.8: the subscription survives reconnects).
type delivered struct {
	mu    sync.Mutex
	upTo  uint64
	above []seqRange // sorted, disjoint, none touching upTo
}

// reset starts the tracking at a join: nothing up to seq is due.
func (d *delivered) reset(seq uint64) {
	d.mu.Lock()
	d.upTo, d.above = seq, nil
	d.mu.Unlock()
}

// written records that a frame holding first..last was delivered.
func (d *delivered) written(first, last uint64) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if last <= d.upTo {
		return
	}
	if first <= d.upTo+1 {
		d.upTo = last
		d.absorbLocked()
		return
	}
	d.insertLocked(seqRange{first, last})
}

// skipTo gives up the sequences up to seq (no longer retained).
func (d *delivered) skipTo(seq uint64) {
	d.mu.Lock()
	if seq > d.upTo {
		d.upTo = seq
		d.absorbLocked()
	}
	d.mu.Unlock()
}

// gaps lists the sequences after upTo and up to last that were not written.
func (d *delivered) gaps(last uint64) []seqRange {
	d.mu.Lock()
	defer d.mu.Unlock()
	var out []seqRange
	next := d.upTo + 1
	for _, r := range d.above {
		if next > last {
			break
		}
		if r.first > next {
			out = append(out, seqRange{next, min(r.first-1, last)})
		}
		next = r.last + 1
	}
	if next <= last {
		out = append(out, seqRange{next, last})
	}
	return out
}

// absorbLocked folds the ranges that upTo reached into it.
func (d *delivered) absorbLocked() {
	i := 0
	for i < len(d.above) && d.above[i].first <= d.upTo+1 {
		d.upTo = max(d.upTo, d.above[i].last)
		i++
	}
	if i > 0 {
		d.above = append(d.above[:0], d.above[i:]...)
	}
}

// insertLocked adds r (above upTo+1) to above, merging what it overlaps or
// touches.
func (d *delivered) insertLocked(r seqRange) {
	out := make([]seqRange, 0, len(d.above)+1)
	placed := false
	for _, x := range d.above {
		switch {
		case x.last+1 < r.first:
			out = append(out, x)
		case r.last+1 < x.first:
			if !placed {
				out, placed = append(out, r), true
			}
			out = append(out, x)
		default: // overlapping or adjacent
			r = seqRange{min(r.first, x.first), max(r.last, x.last)}
		}
	}
	if !placed {
		out = append(out, r)
	}
	if len(out) > maxWrittenRanges {
		out = out[:maxWrittenRanges]
	}
	d.above = out
}
