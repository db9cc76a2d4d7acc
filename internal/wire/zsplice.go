package wire

import (
	"bytes"
	"compress/flate"
	"sync"
)

// A server sends the same stream item to thousands of members, each inside a
// reply of its own (the head and the long-poll Key differ). Compressing every
// reply costs a deflate pass per member; splicing avoids it. A ZSegment is an
// item compressed once, as deflate blocks that refer to nothing before them
// and end byte-aligned; a ZWriter builds a "COMP" frame by writing the
// per-member bytes as stored (uncompressed) blocks and copying segments in
// between. The result is one valid zlib stream: the Adler-32 of the whole is
// combined from the parts, so no byte is compressed or checksummed twice.

// ZSegment is a piece of a zlib stream, compressed once, to splice into many
// frames with [ZWriter.Segment].
type ZSegment struct {
	deflate []byte // non-final deflate blocks ending on a byte boundary
	adler   uint32 // Adler-32 of the uncompressed bytes
	size    int    // uncompressed length
}

var segWriterPool = sync.Pool{New: func() any {
	w, _ := flate.NewWriter(nil, flate.BestSpeed)
	return w
}}

// CompressMin is the size under which a server leaves a frame or a spliced
// item uncompressed even for a socket that asked for compression: deflating
// a small item saves a few hundred bytes but makes every one of its
// thousands of receivers build Huffman tables to inflate it (about 10 us
// for a 500-byte danmaku, against 0.4 us stored), as web servers leave
// small responses uncompressed.
const CompressMin = 1024

// NewZSegment compresses raw into a segment (stores it under CompressMin).
func NewZSegment(raw []byte) ZSegment {
	if len(raw) < CompressMin {
		n := len(raw)
		b := make([]byte, 0, 5+n)
		// BFINAL=0 BTYPE=00 (stored), then LEN and its complement, little-endian.
		b = append(b, 0, byte(n), byte(n>>8), ^byte(n), ^byte(n>>8))
		b = append(b, raw...)
		return ZSegment{deflate: b, adler: adlerUpdate(1, raw), size: n}
	}
	var buf bytes.Buffer
	buf.Grow(len(raw)/2 + 32)
	w := segWriterPool.Get().(*flate.Writer)
	w.Reset(&buf)
	w.Write(raw)
	w.Flush() // a sync flush: ends with an empty stored block, byte-aligned, not final
	segWriterPool.Put(w)
	return ZSegment{deflate: buf.Bytes(), adler: adlerUpdate(1, raw), size: len(raw)}
}

// Len is the compressed size of the segment.
func (s *ZSegment) Len() int { return len(s.deflate) }

// ZWriter appends a compressed server frame ("COMP" + zlib stream) made of
// raw bytes and precompressed segments.
type ZWriter struct {
	buf     []byte
	adler   uint32
	open    int // index of the open stored block's header in buf, or -1
	openLen int
}

// maxStored is the largest stored-block payload.
const maxStored = 65535

// NewZWriter starts a compressed frame at the end of dst.
func NewZWriter(dst []byte) ZWriter {
	dst = append(dst, compPrefix...)
	dst = append(dst, 0x78, 0x01) // zlib header: deflate, 32K window, no dictionary
	return ZWriter{buf: dst, adler: 1, open: -1}
}

// Raw appends p uncompressed (as stored blocks).
func (z *ZWriter) Raw(p []byte) {
	z.adler = adlerUpdate(z.adler, p)
	for len(p) > 0 {
		if z.open < 0 {
			z.open = len(z.buf)
			z.buf = append(z.buf, 0, 0, 0, 0, 0) // BFINAL=0 BTYPE=00, LEN, NLEN patched on close
			z.openLen = 0
		}
		n := min(len(p), maxStored-z.openLen)
		z.buf = append(z.buf, p[:n]...)
		z.openLen += n
		p = p[n:]
		if z.openLen == maxStored {
			z.closeStored()
		}
	}
}

// RawString is Raw for a string.
func (z *ZWriter) RawString(s string) {
	z.adler = adlerUpdateString(z.adler, s)
	for len(s) > 0 {
		if z.open < 0 {
			z.open = len(z.buf)
			z.buf = append(z.buf, 0, 0, 0, 0, 0)
			z.openLen = 0
		}
		n := min(len(s), maxStored-z.openLen)
		z.buf = append(z.buf, s[:n]...)
		z.openLen += n
		s = s[n:]
		if z.openLen == maxStored {
			z.closeStored()
		}
	}
}

func (z *ZWriter) closeStored() {
	if z.open < 0 {
		return
	}
	h := z.buf[z.open:]
	n := uint16(z.openLen)
	h[1], h[2] = byte(n), byte(n>>8)
	h[3], h[4] = ^byte(n), ^byte(n>>8)
	z.open = -1
}

// Segment appends a precompressed segment.
func (z *ZWriter) Segment(s *ZSegment) {
	z.closeStored()
	z.buf = append(z.buf, s.deflate...)
	z.adler = adlerCombine(z.adler, s.adler, s.size)
}

// Finish ends the stream and returns the whole buffer (dst included).
func (z *ZWriter) Finish() []byte {
	z.closeStored()
	z.buf = append(z.buf, 0x01, 0x00, 0x00, 0xff, 0xff) // final empty stored block
	a := z.adler
	return append(z.buf, byte(a>>24), byte(a>>16), byte(a>>8), byte(a))
}

const (
	adlerMod  = 65521
	adlerNMax = 5552 // the most bytes before the sums can overflow 32 bits
)

func adlerUpdate(adler uint32, p []byte) uint32 {
	s1, s2 := adler&0xffff, adler>>16
	for len(p) > 0 {
		n := min(len(p), adlerNMax)
		for _, b := range p[:n] {
			s1 += uint32(b)
			s2 += s1
		}
		s1 %= adlerMod
		s2 %= adlerMod
		p = p[n:]
	}
	return s2<<16 | s1
}

func adlerUpdateString(adler uint32, p string) uint32 {
	s1, s2 := adler&0xffff, adler>>16
	for len(p) > 0 {
		n := min(len(p), adlerNMax)
		for i := 0; i < n; i++ {
			s1 += uint32(p[i])
			s2 += s1
		}
		s1 %= adlerMod
		s2 %= adlerMod
		p = p[n:]
	}
	return s2<<16 | s1
}

// adlerCombine is zlib's adler32_combine: the checksum of A||B from those of
// A and B and the length of B.
func adlerCombine(a1, a2 uint32, len2 int) uint32 {
	rem := uint32(len2 % adlerMod)
	sum1 := a1 & 0xffff
	sum2 := (rem * sum1) % adlerMod
	sum1 += (a2 & 0xffff) + adlerMod - 1
	sum2 += (a1 >> 16) + (a2 >> 16) + adlerMod - rem
	if sum1 >= adlerMod {
		sum1 -= adlerMod
	}
	if sum1 >= adlerMod {
		sum1 -= adlerMod
	}
	if sum2 >= adlerMod<<1 {
		sum2 -= adlerMod << 1
	}
	if sum2 >= adlerMod {
		sum2 -= adlerMod
	}
	return sum1 | sum2<<16
}
