package wire

import (
	"encoding/binary"
	"math/bits"
	"sync"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"
)

// The scanner under the fast decoders (fastdecode.go). It is a strict JSON
// reader with encoding/json's grammar (scanner.go): whatever it cannot read
// as encoding/json would, it gives up on (dec.bad), and the caller falls
// back to encoding/json. It never has to explain an error, so it carries no
// messages and no offsets.
//
// Strings. Inside a stream item (or a head) a plain string — no escapes,
// valid UTF-8, the usual case — is not copied when it is read: the target
// field and the string's bounds are noted (dec.fix), and when the item ends
// its bytes are copied into one string that all those fields are cut from
// (dec.flush). Every target is a field of a block allocated for the item,
// never an element of a slice that could still move: arrays are counted
// before they are read (countElems) and allocated at their final size.

// maxSkipDepth bounds the nesting of skipped values; deeper documents go to
// encoding/json (whose own limit is 10000).
const maxSkipDepth = 512

// dec is the scanner state. bad is sticky: once set, every step is a no-op
// and the decoder's result must be thrown away.
type dec struct {
	s      []byte
	i      int
	bad    bool
	noting bool    // note plain strings in fix instead of copying them
	fix    []fixup // plain strings of the current item, by position in s
	ar     arena   // MsgContent bytes
}

// fixup is a string field to be set from s[a:b] when its item is flushed.
type fixup struct {
	p    *string
	a, b int
}

var decPool = sync.Pool{New: func() any { return &dec{fix: make([]fixup, 0, 64)} }}

// getDec returns a scanner over s; put it back with putDec once its
// results are complete (they do not refer to it).
func getDec(s []byte, arenaHint int) *dec {
	d := decPool.Get().(*dec)
	d.s, d.i, d.bad, d.noting = s, 0, false, false
	d.ar = arena{hint: arenaHint}
	return d
}

func putDec(d *dec) {
	clear(d.fix) // drop the pointers into the results (flush clears its own)
	if cap(d.fix) > 1024 {
		d.fix = make([]fixup, 0, 64)
	}
	d.fix = d.fix[:0]
	d.s, d.ar = nil, arena{}
	decPool.Put(d)
}

func (d *dec) fail() { d.bad = true }

// begin starts an item (or head) at d.i: its plain strings are noted.
func (d *dec) begin() int {
	d.noting = true
	clear(d.fix)
	d.fix = d.fix[:0]
	return d.i
}

// flush ends the item begun at start: its bytes become one string, and the
// noted fields are cut from it. It returns that string ("" when the item
// had no plain string to cut, or failed).
func (d *dec) flush(start int) string {
	d.noting = false
	if d.bad || len(d.fix) == 0 {
		return ""
	}
	str := string(d.s[start:d.i])
	for _, f := range d.fix {
		*f.p = str[f.a-start : f.b-start]
	}
	clear(d.fix)
	d.fix = d.fix[:0]
	return str
}

// ws skips JSON white space.
func (d *dec) ws() { d.i = skipWS(d.s, d.i) }

func skipWS(s []byte, i int) int {
	for i < len(s) && s[i] <= ' ' && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r') {
		i++
	}
	return i
}

// peek skips white space and returns the next byte, or 0 at the end.
func (d *dec) peek() byte {
	d.ws()
	if d.i < len(d.s) {
		return d.s[d.i]
	}
	return 0
}

// end reports whether the whole input was read without leaving the fast path.
func (d *dec) end() bool {
	d.ws()
	return !d.bad && d.i == len(d.s)
}

// lit consumes the literal w (null, true, false).
func (d *dec) lit(w string) {
	if len(d.s)-d.i >= len(w) && string(d.s[d.i:d.i+len(w)]) == w {
		d.i += len(w)
		return
	}
	d.fail()
}

func (d *dec) null() { d.lit("null") }

// next advances to the next member of an object whose '{' has been read:
// true with d.i at the member's key, false after the closing '}' (or on a
// syntax error, with bad set).
func (d *dec) next(first *bool) bool {
	if d.bad {
		return false
	}
	c := d.peek()
	if *first {
		*first = false
		switch c {
		case '}':
			d.i++
			return false
		case '"':
			return true
		}
		d.fail()
		return false
	}
	switch c {
	case '}':
		d.i++
		return false
	case ',':
		d.i++
		if d.peek() == '"' {
			return true
		}
	}
	d.fail()
	return false
}

// nextElem advances to the next element of an array whose '[' has been
// read: true with a value to read next, false after the closing ']'.
func (d *dec) nextElem(first *bool) bool {
	if d.bad {
		return false
	}
	c := d.peek()
	if *first {
		*first = false
		if c == ']' {
			d.i++
			return false
		}
		return true // the element's own reader checks what it finds
	}
	switch c {
	case ']':
		d.i++
		return false
	case ',':
		d.i++
		return true
	}
	d.fail()
	return false
}

// key reads a member's key and the colon after it, returning the key's
// bounds. A key with escapes is left to encoding/json (it unescapes keys
// before matching them, and they never occur in practice): bad, and the
// bounds are empty.
func (d *dec) key() (a, b int) {
	a, b, esc, _ := d.strSpan()
	if d.i < len(d.s) && d.s[d.i] == ':' && !esc && !d.bad {
		d.i++ // the compact form
		return a, b
	}
	if esc || d.peek() != ':' {
		d.fail()
	}
	if d.bad {
		return 0, 0
	}
	d.i++
	return a, b
}

// strSafe marks the bytes that can appear in a JSON string as themselves
// and need no further look: printable ASCII but '"' and '\\'.
var strSafe = func() (t [256]bool) {
	for c := 0x20; c < 0x80; c++ {
		t[c] = c != '"' && c != '\\'
	}
	return t
}()

const (
	lsb = 0x0101010101010101
	msb = 0x8080808080808080
)

// special is non-zero when one of the 8 bytes of x is '"', '\\', a control
// character or non-ASCII.
func special(x uint64) uint64 {
	q := x ^ (lsb * '"')
	b := x ^ (lsb * '\\')
	return ((q - lsb) &^ q) | ((b - lsb) &^ b) | ((x - lsb*0x20) &^ x) | x&msb
}

// strSpan reads the string at d.i ('"' expected) and returns the bounds of
// its content, whether it has escapes and whether it is all ASCII. It looks
// at 8 bytes at a time: the lowest byte special flags is exactly the first
// special one.
func (d *dec) strSpan() (a, b int, esc, ascii bool) {
	s := d.s
	i := d.i
	if i >= len(s) || s[i] != '"' {
		d.fail()
		return 0, 0, false, false
	}
	i++
	a = i
	ascii = true
	for {
		for {
			if i+8 <= len(s) {
				if m := special(binary.LittleEndian.Uint64(s[i:])) & msb; m != 0 {
					i += bits.TrailingZeros64(m) >> 3
					break
				}
				i += 8
				continue
			}
			for i < len(s) && strSafe[s[i]] {
				i++
			}
			break
		}
		if i >= len(s) {
			d.fail()
			return 0, 0, false, false
		}
		switch c := s[i]; {
		case c == '"':
			d.i = i + 1
			return a, i, esc, ascii
		case c == '\\':
			esc = true
			if i+1 >= len(s) {
				d.fail()
				return 0, 0, false, false
			}
			switch s[i+1] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
				i += 2
			case 'u':
				if i+5 >= len(s) || !isHex(s[i+2]) || !isHex(s[i+3]) || !isHex(s[i+4]) || !isHex(s[i+5]) {
					d.fail()
					return 0, 0, false, false
				}
				i += 6
			default:
				d.fail()
				return 0, 0, false, false
			}
		case c < 0x20:
			d.fail()
			return 0, 0, false, false
		default: // non-ASCII: checked (and repaired) by str
			ascii = false
			i++
		}
	}
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

// str reads the JSON string at d.i into *p as encoding/json decodes it.
// Inside an item a plain string is only noted (see flush).
func (d *dec) str(p *string) {
	a, b, esc, ascii := d.strSpan()
	switch {
	case d.bad:
	case esc || !ascii && !utf8.Valid(d.s[a:b]):
		*p = unquote(d.s[a:b])
	case d.noting:
		d.fix = append(d.fix, fixup{p, a, b})
	default:
		*p = string(d.s[a:b])
	}
}

// setStr reads a string field: a string, or null (which leaves it alone).
func (d *dec) setStr(p *string) {
	switch d.peek() {
	case '"':
		d.str(p)
	case 'n':
		d.null()
	default:
		d.fail()
	}
}

// strPtr reads a *string field into target: null clears it, a string sets
// it.
func (d *dec) strPtr(p **string, target *string) {
	switch d.peek() {
	case '"':
		d.str(target)
		*p = target
	case 'n':
		d.null()
		*p = nil
	default:
		d.fail()
	}
}

// numSpan reads a number (JSON grammar) and returns its bounds; integer is
// false when it has a fraction or an exponent.
func (d *dec) numSpan() (a, b int, integer bool) {
	s := d.s
	i := d.i
	a = i
	if i < len(s) && s[i] == '-' {
		i++
	}
	switch {
	case i >= len(s):
		d.fail()
		return 0, 0, false
	case s[i] == '0':
		i++
	case '1' <= s[i] && s[i] <= '9':
		i++
		for i < len(s) && isDigit(s[i]) {
			i++
		}
	default:
		d.fail()
		return 0, 0, false
	}
	integer = true
	if i < len(s) && s[i] == '.' {
		integer = false
		i++
		if i >= len(s) || !isDigit(s[i]) {
			d.fail()
			return 0, 0, false
		}
		for i < len(s) && isDigit(s[i]) {
			i++
		}
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		integer = false
		i++
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			i++
		}
		if i >= len(s) || !isDigit(s[i]) {
			d.fail()
			return 0, 0, false
		}
		for i < len(s) && isDigit(s[i]) {
			i++
		}
	}
	d.i = i
	return a, i, integer
}

// integer reads an integer field's value: ok false for null (the field is
// left alone, as encoding/json does). Anything encoding/json refuses for an
// integer field (a fraction, an exponent, a string, an object…) is bad.
// The magnitude comes with the sign apart so that the int64 and uint64
// ranges can both be checked exactly.
func (d *dec) integer() (mag uint64, neg, ok bool) {
	c := d.peek()
	if c == 'n' {
		d.null()
		return 0, false, false
	}
	if c != '-' && !isDigit(c) {
		d.fail()
		return 0, false, false
	}
	a, b, integer := d.numSpan()
	if d.bad || !integer {
		d.fail()
		return 0, false, false
	}
	if d.s[a] == '-' {
		neg = true
		a++
	}
	for _, c := range d.s[a:b] {
		dig := uint64(c - '0')
		if mag > (1<<64-1-dig)/10 {
			d.fail() // out of range for every field type
			return 0, false, false
		}
		mag = mag*10 + dig
	}
	return mag, neg, true
}

// setUint reads an unsigned field of at most max. A minus sign (even on 0)
// is refused, as strconv.ParseUint refuses it.
func (d *dec) setUint(p *uint64, max uint64) {
	if n, neg, ok := d.integer(); ok {
		if neg || n > max {
			d.fail()
			return
		}
		*p = n
	}
}

func (d *dec) setUint64(p *uint64) { d.setUint(p, 1<<64-1) }

func (d *dec) setUint32(p *uint32) {
	n := uint64(*p)
	d.setUint(&n, 1<<32-1)
	*p = uint32(n)
}

// setSigned reads a signed field in [min, max].
func (d *dec) setSigned(p *int64, min, max int64) {
	n, neg, ok := d.integer()
	if !ok {
		return
	}
	switch {
	case !neg && n <= uint64(max):
		*p = int64(n)
	case neg && n <= uint64(-(min+1))+1:
		*p = int64(-n) // -n wraps to min for n = -min
	default:
		d.fail()
	}
}

func (d *dec) setInt64(p *int64) { d.setSigned(p, -1<<63, 1<<63-1) }

func (d *dec) setInt(p *int) {
	n := int64(*p)
	d.setSigned(&n, minInt, maxInt)
	*p = int(n)
}

const (
	maxInt = int64(^uint(0) >> 1)
	minInt = -maxInt - 1
)

// skip reads any value, checking its syntax. It is a loop over three
// states (a value, what follows a value, a key) with the open containers
// kept as bits: 1 for an object.
func (d *dec) skip() {
	if d.bad {
		return
	}
	var stack [maxSkipDepth / 64]uint64
	depth := 0
	s := d.s
	i := d.i
value:
	i = skipWS(s, i)
	if i >= len(s) {
		goto fail
	}
	switch c := s[i]; {
	case c == '"':
		d.i = i
		if d.strSpan(); d.bad {
			return
		}
		i = d.i
	case c == '{' || c == '[':
		if i = skipWS(s, i+1); i < len(s) && s[i] == c+2 { // '}' or ']'
			i++
			break
		}
		if depth == maxSkipDepth {
			goto fail
		}
		if c == '{' {
			stack[depth/64] |= 1 << (depth % 64)
			depth++
			goto key
		}
		stack[depth/64] &^= 1 << (depth % 64)
		depth++
		goto value
	case c == 't' || c == 'f' || c == 'n':
		w := "null"
		if c == 't' {
			w = "true"
		} else if c == 'f' {
			w = "false"
		}
		if len(s)-i < len(w) || string(s[i:i+len(w)]) != w {
			goto fail
		}
		i += len(w)
	case c == '-' || isDigit(c):
		d.i = i
		if d.numSpan(); d.bad {
			return
		}
		i = d.i
	default:
		goto fail
	}
after:
	if depth == 0 {
		d.i = i
		return
	}
	if i = skipWS(s, i); i >= len(s) {
		goto fail
	}
	if stack[(depth-1)/64]&(1<<((depth-1)%64)) != 0 {
		switch s[i] {
		case ',':
			i++
			goto key
		case '}':
			i++
			depth--
			goto after
		}
	} else {
		switch s[i] {
		case ',':
			i++
			goto value
		case ']':
			i++
			depth--
			goto after
		}
	}
	goto fail
key:
	if i = skipWS(s, i); i >= len(s) || s[i] != '"' {
		goto fail
	}
	d.i = i
	if d.strSpan(); d.bad { // escapes allowed: the key is not matched
		return
	}
	if i = skipWS(s, d.i); i >= len(s) || s[i] != ':' {
		goto fail
	}
	i++
	goto value
fail:
	d.fail()
}

// span skips a value and returns its bounds (without white space), as
// encoding/json hands them to a json.RawMessage.
func (d *dec) span() (a, b int) {
	d.ws()
	a = d.i
	d.skip()
	return a, d.i
}

// unknown handles a key the struct has no exact field for. encoding/json
// would still match it case-insensitively; such keys are left to it. Other
// keys are skipped.
func (d *dec) unknown(a, b int, fields []string) {
	if d.bad {
		return
	}
	if foldHit(d.s[a:b], fields) {
		d.fail()
		return
	}
	d.skip()
}

// once marks a field as seen; a second occurrence is bad: encoding/json's
// merging of repeated keys is left to it.
func (d *dec) once(seen *uint32, bit uint32) bool {
	if *seen&bit != 0 || d.bad {
		d.fail()
		return false
	}
	*seen |= bit
	return true
}

// countElems returns the number of elements of the array that starts at
// s[i] ('['), or -1 if it does not end. It counts the commas outside
// strings and nested values without checking syntax: the caller then reads
// the array strictly, and a well-formed array has exactly this count.
func countElems(s []byte, i int) int {
	depth, n, empty := 0, 0, true
	for ; i < len(s); i++ {
		switch c := s[i]; c {
		case '"':
			empty = false
			for i++; i < len(s) && s[i] != '"'; i++ {
				if s[i] == '\\' {
					i++
				}
			}
		case '[', '{':
			if depth > 0 {
				empty = false
			}
			depth++
		case ']', '}':
			depth--
			if depth == 0 {
				if empty {
					return 0
				}
				return n + 1
			}
		case ',':
			if depth == 1 {
				n++
			}
		case ' ', '\t', '\n', '\r':
		default:
			empty = false
		}
	}
	return -1
}

// foldHit reports whether key equals one of the names under encoding/json's
// case folding (fold.go: ASCII letters upper-cased, other runes to the
// smallest rune of their fold set, so that "ſ" matches "S" and the Kelvin
// sign "K").
func foldHit(key []byte, names []string) bool {
	ascii := true
	for _, c := range key {
		if c >= utf8.RuneSelf {
			ascii = false
			break
		}
	}
	if ascii {
		for _, n := range names {
			if len(n) == len(key) && asciiFoldEq(key, n) {
				return true
			}
		}
		return false
	}
	fk := foldName(string(key))
	for _, n := range names {
		if fk == foldName(n) {
			return true
		}
	}
	return false
}

func asciiFoldEq(k []byte, n string) bool {
	for i := 0; i < len(n); i++ {
		a, b := k[i], n[i]
		if 'a' <= a && a <= 'z' {
			a -= 'a' - 'A'
		}
		if 'a' <= b && b <= 'z' {
			b -= 'a' - 'A'
		}
		if a != b {
			return false
		}
	}
	return true
}

// foldName is encoding/json's appendFoldedName (fold.go), for the rare
// non-ASCII key.
func foldName(in string) string {
	out := make([]byte, 0, len(in))
	for i := 0; i < len(in); {
		if c := in[i]; c < utf8.RuneSelf {
			if 'a' <= c && c <= 'z' {
				c -= 'a' - 'A'
			}
			out = append(out, c)
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(in[i:])
		for { // the smallest rune of r's fold set
			r2 := unicode.SimpleFold(r)
			if r2 <= r {
				r = r2
				break
			}
			r = r2
		}
		out = utf8.AppendRune(out, r)
		i += n
	}
	return string(out)
}

// unquote decodes the content of a JSON string whose syntax strSpan has
// checked, exactly as encoding/json's unquoteBytes does: escapes resolved,
// a lone or mismatched surrogate escape and each byte of invalid UTF-8
// replaced by U+FFFD.
func unquote(s []byte) string {
	b := make([]byte, 0, len(s)+2*utf8.UTFMax)
	for r := 0; r < len(s); {
		switch c := s[r]; {
		case c == '\\':
			switch e := s[r+1]; e {
			case 'b':
				b = append(b, '\b')
			case 'f':
				b = append(b, '\f')
			case 'n':
				b = append(b, '\n')
			case 'r':
				b = append(b, '\r')
			case 't':
				b = append(b, '\t')
			case 'u':
				rr := getu4(s[r:])
				r += 6
				if utf16.IsSurrogate(rr) {
					if dec := utf16.DecodeRune(rr, getu4(s[r:])); dec != unicode.ReplacementChar {
						r += 6
						b = utf8.AppendRune(b, dec)
						continue
					}
					rr = unicode.ReplacementChar
				}
				b = utf8.AppendRune(b, rr)
				continue
			default: // '"', '\\', '/'
				b = append(b, e)
			}
			r += 2
		case c < utf8.RuneSelf:
			b = append(b, c)
			r++
		default:
			rr, size := utf8.DecodeRune(s[r:])
			r += size
			b = utf8.AppendRune(b, rr) // invalid UTF-8 becomes U+FFFD
		}
	}
	return string(b)
}

// getu4 decodes \uXXXX at the start of s, or returns -1.
func getu4(s []byte) rune {
	if len(s) < 6 || s[0] != '\\' || s[1] != 'u' {
		return -1
	}
	var r rune
	for _, c := range s[2:6] {
		switch {
		case '0' <= c && c <= '9':
			c -= '0'
		case 'a' <= c && c <= 'f':
			c -= 'a' - 10
		case 'A' <= c && c <= 'F':
			c -= 'A' - 10
		default:
			return -1
		}
		r = r*16 + rune(c)
	}
	return r
}

// arena hands out the raw bytes of MsgContent from shared chunks: one
// allocation for many small elements, and no chunk outlives the elements
// that use it by more than its own size.
type arena struct {
	buf  []byte
	hint int
}

// arenaChunk is the default chunk size of an arena.
const arenaChunk = 2048

// raw copies p into the arena. The result's capacity is its length, so an
// append to it cannot reach a neighbour.
func (a *arena) raw(p []byte) []byte {
	n := len(p)
	if cap(a.buf)-len(a.buf) < n {
		size := a.hint
		if size <= 0 {
			size = arenaChunk
		}
		a.buf = make([]byte, 0, max(n, size))
	}
	o := len(a.buf)
	a.buf = append(a.buf, p...)
	return a.buf[o : o+n : o+n]
}
