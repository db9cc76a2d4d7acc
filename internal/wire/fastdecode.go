package wire

// Fast decoding of the receive path: frames (DecodeFrame), get_msg replies
// (DecodeGetMsgResp), msg_push bodies (DecodeMsgPush) and stream items
// (DecodeItem, and ItemBody.UnmarshalJSON for everyone else).
//
// Why no JSON library. A load-test process holds 10,000+ viewers on 2 cores,
// each receiving up to 40 room messages a second, so an item must decode in
// a few microseconds with a handful of allocations. Measured on the 20-item
// get_msg body of bench_test.go (11.7 KB; a shared, noisy 2-core AMD EPYC,
// Go 1.26; per item):
//
//	encoding/json (before)              18-25 µs   29 allocs
//	goccy/go-json v0.12.0 Unmarshal     14-17 µs   30 allocs
//	json-iterator v1.1.12 (std compat)  21-25 µs   59 allocs
//	bytedance/sonic v1.15.5 ConfigStd   22-25 µs   29 allocs
//	valyala/fastjson v1.6.10:
//	  ParseBytes alone (ParserPool)     2.1-2.6 µs  0 allocs
//	  ValidateBytes alone               1.9-2.0 µs  0 allocs
//	  validate + parse + walk           8.4 µs     18 allocs
//	DecodeGetMsgResp (this file)        2.5-3.7 µs  3.2 allocs (2.2 for messages)
//
// The drop-in decoders (go-json, jsoniter, sonic) gain little here because
// the costly parts are ItemBody's and Priority's own UnmarshalJSON, which
// they call with encoding/json inside, and sonic adds a JIT and eight
// modules. With those unmarshalers decoding through the library itself
// (bench/jsonlibs, docs/performance-libs.md: 100-item replies, per item)
// goccy/go-json ties with this file on room messages and is 1.3 times
// slower on replies with tips, with 16-19 allocations an item against 2-3;
// encoding/json/v2 takes 2.2-3.4 times the time, sonic 1.9-3.3 times.
// fastjson parses fast but is lenient where encoding/json is strict
// (numbers, control characters and escapes are checked only by its separate
// Validate pass), unescapes strings differently (a lone surrogate stays
// "\ud800", invalid UTF-8 is kept where encoding/json writes U+FFFD), and
// its values live in the pooled parser, so every string must be copied out
// one by one: validating, parsing and walking cost more than the whole
// budget before the copies.
//
// So this is a small strict scanner (fastscan.go) that decodes straight into
// the wire structs, with no dependency and no unsafe code, under one rule:
// it only ever answers for input it fully understands. Anything else — a
// syntax error, a wrong type, an out-of-range number, a repeated key
// (encoding/json merges those), a key that matches a field only
// case-insensitively, an escaped key, nesting deeper than 512, a kick notice
// inside msg_push — makes it give up, and the same input goes through
// encoding/json. Results and errors are therefore encoding/json's by
// construction off the fast path; on it, FuzzFastDecodeDifferential and the
// tests in fastdecode_test.go check them against encoding/json. There is no
// leniency to document: nothing is accepted that encoding/json rejects.
//
// Allocations: each item's JSON is copied once into a string, and every
// string of the item (plain ones, the usual case) is a substring of it, so a
// Message that keeps a nick keeps at most its own item's bytes alive, never
// the frame. The item, its GroupInfo, ExtraInfo and first element are one
// allocation, a tip's common parts another; MsgContent bytes come from
// per-call arena chunks, each MsgContent with its capacity cut to its length
// so that appending to one cannot overwrite another. Nothing aliases the
// caller's buffer, and nothing is pooled that a result refers to.

import (
	"encoding/json"
	"math"
	"reflect"
	"strconv"
	"strings"
	"sync/atomic"
)

// fastOff turns the fast paths off: everything goes through encoding/json
// as before. Tests and benchmarks use it to get the reference results.
var fastOff atomic.Bool

// DecodeGetMsgResp decodes a get_msg reply body into out, which it resets
// first. The result (and any error) is exactly json.Unmarshal's into a zero
// GetMsgResp.
func DecodeGetMsgResp(body []byte, out *GetMsgResp) error {
	*out = GetMsgResp{}
	if !fastOff.Load() && fastGetMsgResp(body, out) {
		return nil
	}
	*out = GetMsgResp{}
	return json.Unmarshal(body, out)
}

// DecodeMsgPush decodes a msg_push (or multi_msg_push_ws) body into out,
// which it resets first. The result (and any error) is exactly
// json.Unmarshal's into a zero MsgPush.
func DecodeMsgPush(body []byte, out *MsgPush) error {
	*out = MsgPush{}
	if !fastOff.Load() && fastMsgPush(body, out) {
		return nil
	}
	*out = MsgPush{}
	return json.Unmarshal(body, out)
}

// DecodeItem decodes one stream item into out, which it resets first. The
// result (and any error) is exactly json.Unmarshal's into a zero Item.
func DecodeItem(data []byte, out *Item) error {
	*out = Item{}
	if !fastOff.Load() {
		d := getDec(data, 256)
		d.ws()
		start := d.begin()
		decodeItem(d, out, new(itemParts))
		d.flush(start)
		ok := d.end()
		putDec(d)
		if ok {
			return nil
		}
	}
	*out = Item{}
	return json.Unmarshal(data, out)
}

// JSON names of the decoded structs, for the case-insensitive check of
// unknown keys (taken from the struct tags so that they cannot drift).
var (
	frameFields      = jsonNames[Frame]()
	headFields       = jsonNames[Head]()
	getMsgRespFields = jsonNames[GetMsgResp]()
	msgPushFields    = jsonNames[MsgPush]()
	pushEventFields  = jsonNames[PushEvent]()
	itemFields       = jsonNames[Item]()
	groupInfoFields  = jsonNames[ItemGroupInfo]()
	extraInfoFields  = jsonNames[ExtraInfo]()
	elemFields       = jsonNames[Elem]()
	tipFields        = append(jsonNames[TipBody](), "ReportType") // the notice probe
	noticeFields     = jsonNames[NoticeBody]()
	memberFields     = jsonNames[MemberExtra]()
	muteFields       = jsonNames[MemberMute]()
	groupNewFields   = jsonNames[GroupNewInfo]()
	keyValueFields   = jsonNames[KeyValue]()
	onlineFields     = jsonNames[OnlineInf]()
)

// jsonNames lists the keys encoding/json matches to T's fields (embedded
// structs without a tag included).
func jsonNames[T any]() []string {
	var names []string
	var walk func(t reflect.Type)
	walk = func(t reflect.Type) {
		for i := 0; i < t.NumField(); i++ {
			f := t.Field(i)
			tag, ok := f.Tag.Lookup("json")
			if f.Anonymous && !ok && f.Type.Kind() == reflect.Struct {
				walk(f.Type)
				continue
			}
			if !f.IsExported() || tag == "-" {
				continue
			}
			name, _, _ := strings.Cut(tag, ",")
			if name == "" {
				name = f.Name
			}
			names = append(names, name)
		}
	}
	walk(reflect.TypeFor[T]())
	return names
}

// Frames.

// frameBlock is a decoded frame with the targets of its head's pointers.
type frameBlock struct {
	f                          Frame
	instID                     uint64
	contentType, ident, usrSig string
	tjgID                      string
}

// decodeFrameFast decodes a plain (inflated) frame, or returns nil when the
// frame is not one it answers for (encoding/json then decides). The Body
// points into data. With trust, a body after the head runs unscanned to the
// frame's closing brace (DecodeFrameBorrowed).
func decodeFrameFast(data []byte, trust bool) *Frame {
	d := getDec(data, 0)
	defer putDec(d)
	if d.peek() != '{' {
		return nil
	}
	d.i++
	blk := new(frameBlock)
	var seen uint32
	for first := true; d.next(&first); {
		a, b := d.key()
		switch string(d.s[a:b]) {
		case "head":
			if !d.once(&seen, 1<<0) {
				break
			}
			if d.peek() != '{' {
				d.fail() // null leaves no servcmd; anything else is a type error
				break
			}
			start := d.begin()
			decodeFrameHead(d, &blk.f.Head, blk)
			d.flush(start)
			blk.f.rawHead = data[start:d.i:d.i]
		case "body":
			if d.once(&seen, 1<<1) {
				if trust && seen&(1<<0) != 0 {
					d.ws()
					if y := bodyToClose(data, d.i); y > 0 {
						blk.f.Body, blk.f.whole = data[d.i:y:y], data
						d.i = y
						break
					}
				}
				x, y := d.span()
				if !d.bad {
					blk.f.Body = data[x:y:y]
				}
			}
		default:
			d.unknown(a, b, frameFields)
		}
	}
	if !d.end() || blk.f.Head.Servcmd == "" {
		return nil
	}
	return &blk.f
}

func decodeFrameHead(d *dec, h *Head, blk *frameBlock) {
	if d.peek() != '{' {
		d.fail()
		return
	}
	d.i++
	var seen uint32
	for first := true; d.next(&first); {
		a, b := d.key()
		switch string(d.s[a:b]) {
		case "ver":
			if d.once(&seen, 1<<0) {
				d.setStr(&h.Ver)
			}
		case "platform":
			if d.once(&seen, 1<<1) {
				d.setInt(&h.Platform)
			}
		case "websdkappid":
			if d.once(&seen, 1<<2) {
				d.setInt64(&h.WebSDKAppID)
			}
		case "websdkversion":
			if d.once(&seen, 1<<3) {
				d.setStr(&h.WebSDKVersion)
			}
		case "a2":
			if d.once(&seen, 1<<4) {
				d.setStr(&h.A2)
			}
		case "tinyid":
			if d.once(&seen, 1<<5) {
				d.setStr(&h.TinyID)
			}
		case "status_instid":
			if d.once(&seen, 1<<6) {
				if d.peek() == 'n' {
					d.null()
				} else {
					d.setUint64(&blk.instID)
					h.StatusInstID = &blk.instID
				}
			}
		case "sdkappid":
			if d.once(&seen, 1<<7) {
				d.setUint64(&h.SDKAppID)
			}
		case "contenttype":
			if d.once(&seen, 1<<8) {
				d.strPtr(&h.ContentType, &blk.contentType)
			}
		case "reqtime":
			if d.once(&seen, 1<<9) {
				d.setInt64(&h.ReqTime)
			}
		case "identifier":
			if d.once(&seen, 1<<10) {
				d.strPtr(&h.Identifier, &blk.ident)
			}
		case "usersig":
			if d.once(&seen, 1<<11) {
				d.strPtr(&h.UserSig, &blk.usrSig)
			}
		case "sdkability":
			if d.once(&seen, 1<<12) {
				d.setInt64(&h.SDKAbility)
			}
		case "tjgID":
			if d.once(&seen, 1<<13) {
				d.strPtr(&h.TjgID, &blk.tjgID)
			}
		case "servcmd":
			if d.once(&seen, 1<<14) {
				d.setStr(&h.Servcmd)
			}
		case "seq":
			if d.once(&seen, 1<<15) {
				d.setUint64(&h.Seq)
			}
		default:
			d.unknown(a, b, headFields)
		}
	}
}

// Bodies.

func fastGetMsgResp(body []byte, r *GetMsgResp) bool {
	d := getDec(body, min(arenaChunk, len(body)/4))
	defer putDec(d)
	if d.peek() != '{' {
		return false
	}
	d.i++
	var seen uint32
	for first := true; d.next(&first); {
		a, b := d.key()
		switch string(d.s[a:b]) {
		case "ActionStatus":
			if d.once(&seen, 1<<0) {
				setStatusStr(d, &r.ActionStatus)
			}
		case "ErrorCode":
			if d.once(&seen, 1<<1) {
				d.setInt(&r.ErrorCode)
			}
		case "ErrorInfo":
			if d.once(&seen, 1<<2) {
				setStatusStr(d, &r.ErrorInfo)
			}
		case "Key":
			if d.once(&seen, 1<<3) {
				d.setStr(&r.Key)
			}
		case "NextSeq":
			if d.once(&seen, 1<<4) {
				d.setUint64(&r.NextSeq)
			}
		case "RspMsgList":
			if d.once(&seen, 1<<5) {
				itemArray(d, &r.RspMsgList)
			}
		case "NextBroadcastSeq":
			if d.once(&seen, 1<<6) {
				d.setUint64(&r.NextBroadcastSeq)
			}
		case "RspBroadcastMsgList":
			if d.once(&seen, 1<<7) {
				itemArray(d, &r.RspBroadcastMsgList)
			}
		default:
			d.unknown(a, b, getMsgRespFields)
		}
	}
	return d.end()
}

func fastMsgPush(body []byte, p *MsgPush) bool {
	d := getDec(body, min(arenaChunk, len(body)/4))
	defer putDec(d)
	if d.peek() != '{' {
		return false
	}
	d.i++
	var seen uint32
	for first := true; d.next(&first); {
		a, b := d.key()
		switch string(d.s[a:b]) {
		case "ActionStatus":
			if d.once(&seen, 1<<0) {
				setStatusStr(d, &p.ActionStatus)
			}
		case "ErrorCode":
			if d.once(&seen, 1<<1) {
				d.setInt(&p.ErrorCode)
			}
		case "ErrorInfo":
			if d.once(&seen, 1<<2) {
				setStatusStr(d, &p.ErrorInfo)
			}
		case "EventArray":
			if d.once(&seen, 1<<3) {
				pushEvents(d, &p.EventArray)
			}
		case "NeedAck":
			if d.once(&seen, 1<<4) {
				d.setInt(&p.NeedAck)
			}
		case "SessionData":
			if d.once(&seen, 1<<5) {
				d.setStr(&p.SessionData)
			}
		case "Flag":
			if d.once(&seen, 1<<6) {
				d.setInt(&p.Flag)
			}
		default:
			d.unknown(a, b, msgPushFields)
		}
	}
	return d.end()
}

// setStatusStr reads ActionStatus or ErrorInfo without allocating for the
// usual values.
func setStatusStr(d *dec, p *string) {
	if d.peek() == '"' {
		if rest := d.s[d.i:]; len(rest) >= 4 && string(rest[:4]) == `"OK"` {
			*p = "OK"
			d.i += 4
			return
		}
	}
	d.setStr(p)
}

func pushEvents(d *dec, p *[]PushEvent) {
	switch d.peek() {
	case 'n':
		d.null()
		return
	case '[':
		d.i++
	default:
		d.fail()
		return
	}
	list := []PushEvent{}
	for first := true; d.nextElem(&first); {
		list = append(list, PushEvent{})
		switch d.peek() {
		case 'n':
			d.null()
		case '{':
			decodePushEvent(d, &list[len(list)-1])
		default:
			d.fail()
		}
	}
	*p = list
}

func decodePushEvent(d *dec, e *PushEvent) {
	d.i++ // '{'
	var seen uint32
	for first := true; d.next(&first); {
		a, b := d.key()
		switch string(d.s[a:b]) {
		case "Event":
			if d.once(&seen, 1<<0) {
				d.setInt(&e.Event)
			}
		case "GroupMsgArray":
			if d.once(&seen, 1<<1) {
				itemArray(d, &e.GroupMsgArray)
			}
		case "GroupTips":
			if d.once(&seen, 1<<2) {
				itemArray(d, &e.GroupTips)
			}
		case "C2cNotifyMsgArray":
			// Kick notices travel in stat_forceoffline; one inside a
			// msg_push is left to encoding/json. An empty array is fine.
			if !d.once(&seen, 1<<3) {
				break
			}
			switch d.peek() {
			case 'n':
				d.null()
			case '[':
				d.i++
				if first := true; d.nextElem(&first) {
					d.fail()
				} else {
					e.C2cNotifyMsgArray = []KickNotify{}
				}
			default:
				d.fail()
			}
		default:
			d.unknown(a, b, pushEventFields)
		}
	}
}

// itemArray reads an array of items (or null). Each item is copied once
// into a string that all its strings are cut from.
func itemArray(d *dec, p *[]*Item) {
	switch d.peek() {
	case 'n':
		d.null()
		return
	case '[':
		d.i++
	default:
		d.fail()
		return
	}
	var buf [32]*Item
	list := buf[:0]
	for first := true; d.nextElem(&first); {
		switch d.peek() {
		case 'n':
			d.null()
			list = append(list, nil)
		case '{':
			sh := shared.Load()
			if sh != nil { // itemshare.go: decoded once per process
				if it, n := sh.get(d.s[d.i:]); it != nil {
					sh.hits.Add(1)
					d.i += n
					list = append(list, it)
					continue
				}
				sh.misses.Add(1)
			}
			blk := new(itemBlock)
			start := d.begin()
			decodeItem(d, &blk.it, &blk.p)
			raw := d.flush(start)
			if sh != nil && !d.bad {
				if raw == "" {
					raw = string(d.s[start:d.i])
				}
				list = append(list, sh.put(raw, &blk.it))
				continue
			}
			list = append(list, &blk.it)
		default:
			d.fail()
			return
		}
	}
	if !d.bad {
		*p = append(make([]*Item, 0, len(list)), list...)
	}
}

// Items.

// itemParts are the parts of an item allocated together with it.
type itemParts struct {
	gi   ItemGroupInfo
	ex   ExtraInfo
	elem [1]Elem
}

type itemBlock struct {
	it Item
	p  itemParts
}

func decodeItem(d *dec, it *Item, p *itemParts) {
	if d.peek() != '{' {
		d.fail()
		return
	}
	d.i++
	var seen uint32
	for first := true; d.next(&first); {
		a, b := d.key()
		switch string(d.s[a:b]) {
		case "Event":
			if d.once(&seen, 1<<0) {
				d.setInt(&it.Event)
			}
		case "ToGroupId":
			if d.once(&seen, 1<<1) {
				d.setStr(&it.ToGroupID)
			}
		case "GroupId":
			if d.once(&seen, 1<<2) {
				d.setStr(&it.GroupID)
			}
		case "MsgSeq":
			if d.once(&seen, 1<<3) {
				d.setUint64(&it.MsgSeq)
			}
		case "MsgRandom":
			if d.once(&seen, 1<<4) {
				d.setUint32(&it.MsgRandom)
			}
		case "MsgTimeStamp":
			if d.once(&seen, 1<<5) {
				d.setInt64(&it.MsgTimeStamp)
			}
		case "MsgTime":
			if d.once(&seen, 1<<6) {
				d.setInt64(&it.MsgTime)
			}
		case "MsgClientTime":
			if d.once(&seen, 1<<7) {
				d.setInt64(&it.MsgClientTime)
			}
		case "MsgPriority":
			if d.once(&seen, 1<<8) {
				decodePriority(d, &it.MsgPriority)
			}
		case "From_Account":
			if d.once(&seen, 1<<9) {
				d.setStr(&it.FromAccount)
			}
		case "TinyId":
			if d.once(&seen, 1<<10) {
				d.setStr(&it.TinyID)
			}
		case "MsgBody":
			if d.once(&seen, 1<<11) {
				decodeItemBody(d, &it.MsgBody, &p.elem)
			}
		case "CloudCustomData":
			if d.once(&seen, 1<<12) {
				d.setStr(&it.CloudCustomData)
			}
		case "GroupInfo":
			if !d.once(&seen, 1<<13) {
				break
			}
			switch d.peek() {
			case 'n':
				d.null()
			case '{':
				it.GroupInfo = &p.gi
				decodeGroupInfo(d, &p.gi, &p.ex)
			default:
				d.fail()
			}
		case "From_AccountNick":
			if d.once(&seen, 1<<14) {
				d.setStr(&it.FromAccountNick)
			}
		case "From_AccountHeadurl":
			if d.once(&seen, 1<<15) {
				d.setStr(&it.FromAccountHeadurl)
			}
		case "IsSystemMsg":
			if d.once(&seen, 1<<16) {
				d.setInt(&it.IsSystemMsg)
			}
		default:
			d.unknown(a, b, itemFields)
		}
	}
}

func decodeGroupInfo(d *dec, g *ItemGroupInfo, ex *ExtraInfo) {
	d.i++ // '{'
	var seen uint32
	for first := true; d.next(&first); {
		a, b := d.key()
		switch string(d.s[a:b]) {
		case "GroupId":
			if d.once(&seen, 1<<0) {
				d.setStr(&g.GroupID)
			}
		case "GroupName":
			if d.once(&seen, 1<<1) {
				d.setStr(&g.GroupName)
			}
		case "GroupType":
			if d.once(&seen, 1<<2) {
				d.setStr(&g.GroupType)
			}
		case "From_AccountNick":
			if d.once(&seen, 1<<3) {
				d.setStr(&g.FromAccountNick)
			}
		case "From_AccountHeadurl":
			if d.once(&seen, 1<<4) {
				d.setStr(&g.FromAccountHeadurl)
			}
		case "MsgFrom_AccountExtraInfo":
			if !d.once(&seen, 1<<5) {
				break
			}
			switch d.peek() {
			case 'n':
				d.null()
			case '{':
				g.MsgFromAccountExtraInfo = ex
				decodeStruct(d, ex, extraInfoFields, func(d *dec, k string, x *ExtraInfo) bool {
					if k != "NameCard" {
						return false
					}
					d.setStr(&x.NameCard)
					return true
				})
			default:
				d.fail()
			}
		default:
			d.unknown(a, b, groupInfoFields)
		}
	}
}

// decodePriority follows Priority.UnmarshalJSON: a known name, or a number
// that is a whole 1-4; anything else is unset.
func decodePriority(d *dec, p *Priority) {
	*p = Priority{}
	switch c := d.peek(); {
	case c == '"':
		a, b, esc, _ := d.strSpan()
		if d.bad {
			return
		}
		name := d.s[a:b]
		if esc {
			name = []byte(unquote(name))
		}
		switch string(name) {
		case "High":
			*p = Priority{PriorityHigh, true}
		case "Normal":
			*p = Priority{PriorityNormal, true}
		case "Low":
			*p = Priority{PriorityLow, true}
		case "Lowest":
			*p = Priority{PriorityLowest, true}
		}
	case c == '-' || isDigit(c):
		a, b, integer := d.numSpan()
		if d.bad {
			return
		}
		if integer && b-a == 1 {
			if l := d.s[a] - '0'; l >= PriorityHigh && l <= PriorityLowest {
				p.Level = l
			}
			return
		}
		// As json.Unmarshal into a float64: out of range is an error, which
		// Priority reads as unset.
		if f, err := strconv.ParseFloat(string(d.s[a:b]), 64); err == nil && f >= 1 && f <= 4 && f == math.Trunc(f) {
			p.Level = uint8(f)
		}
	default:
		d.skip()
	}
}

// decodeItemBody follows ItemBody.UnmarshalJSON: null is empty, an array is
// elements, an object is a notice when it has a non-null ReportType and a
// tip otherwise. elems, if not nil, backs a single element.
func decodeItemBody(d *dec, b *ItemBody, elems *[1]Elem) {
	*b = ItemBody{}
	switch d.peek() {
	case 'n':
		d.null()
	case '[':
		b.Elems = arrayOf(d, elems, decodeElem)
	case '{':
		start := d.i
		tb := new(tipBlock)
		if decodeTip(d, tb) {
			b.Tip = &tb.tip
			return
		}
		if d.bad {
			return
		}
		d.i = start // it is a notice: read it again as one
		n := new(NoticeBody)
		decodeStruct(d, n, noticeFields, func(d *dec, k string, n *NoticeBody) bool {
			switch k {
			case "ReportType":
				d.setInt(&n.ReportType)
			case "Operator_Account":
				d.setStr(&n.OperatorAccount)
			case "UserDefinedField":
				d.setStr(&n.UserDefinedField)
			case "RemarkInfo":
				d.setStr(&n.RemarkInfo)
			default:
				return false
			}
			return true
		})
		b.Notice = n
	default:
		d.fail() // "MsgBody is neither an array nor an object"
	}
}

func decodeElem(d *dec, e *Elem) {
	decodeStruct(d, e, elemFields, func(d *dec, k string, e *Elem) bool {
		switch k {
		case "MsgType":
			d.setStr(&e.MsgType)
		case "MsgContent":
			x, y := d.span()
			if !d.bad {
				e.MsgContent = d.ar.raw(d.s[x:y])
			}
		default:
			return false
		}
		return true
	})
}

// tipBlock is a tip with the parts most tips have.
type tipBlock struct {
	tip  TipBody
	op   MemberExtra
	on   OnlineInf
	list [1]string
	mem  [1]MemberExtra
}

// decodeTip reads a tip; false (without bad) when the object has a non-null
// ReportType, that is, it is a notice.
func decodeTip(d *dec, tb *tipBlock) bool {
	t := &tb.tip
	d.i++ // '{'
	var seen uint32
	for first := true; d.next(&first); {
		a, b := d.key()
		switch string(d.s[a:b]) {
		case "ReportType":
			if !d.once(&seen, 1<<0) {
				return false
			}
			if d.peek() != 'n' {
				return false
			}
			d.null()
		case "OpType":
			if d.once(&seen, 1<<1) {
				d.setInt(&t.OpType)
			}
		case "Operator_Account":
			if d.once(&seen, 1<<2) {
				d.setStr(&t.OperatorAccount)
			}
		case "List_Account":
			if d.once(&seen, 1<<3) {
				t.ListAccount = arrayOf(d, &tb.list, decodeString)
			}
		case "MsgOperatorMemberExtraInfo":
			if !d.once(&seen, 1<<4) {
				break
			}
			switch d.peek() {
			case 'n':
				d.null()
			case '{':
				t.MsgOperatorMemberExtraInfo = &tb.op
				decodeMember(d, &tb.op)
			default:
				d.fail()
			}
		case "MsgMemberExtraInfo":
			if d.once(&seen, 1<<5) {
				t.MsgMemberExtraInfo = arrayOf(d, &tb.mem, decodeMember)
			}
		case "MsgMemberInfo":
			if d.once(&seen, 1<<6) {
				t.MsgMemberInfo = arrayOf(d, nil, decodeMute)
			}
		case "MsgGroupNewInfo":
			if !d.once(&seen, 1<<7) {
				break
			}
			switch d.peek() {
			case 'n':
				d.null()
			case '{':
				g := new(groupNewBlock)
				t.MsgGroupNewInfo = &g.g
				decodeGroupNew(d, g)
			default:
				d.fail()
			}
		case "OnlineInf":
			if !d.once(&seen, 1<<8) {
				break
			}
			switch d.peek() {
			case 'n':
				d.null()
			case '{':
				t.OnlineInf = &tb.on
				decodeStruct(d, &tb.on, onlineFields, func(d *dec, k string, o *OnlineInf) bool {
					switch k {
					case "Num":
						d.setInt(&o.Num)
					case "ET":
						d.setInt(&o.ET)
					default:
						return false
					}
					return true
				})
			default:
				d.fail()
			}
		case "MemberNum":
			if d.once(&seen, 1<<9) {
				d.setInt(&t.MemberNum)
			}
		case "GroupCounterInfo":
			if d.once(&seen, 1<<10) {
				t.GroupCounterInfo = arrayOf(d, nil, decodeCounterNotice)
			}
		default:
			d.unknown(a, b, tipFields)
		}
	}
	return true
}

func decodeMember(d *dec, m *MemberExtra) {
	decodeStruct(d, m, memberFields, func(d *dec, k string, m *MemberExtra) bool {
		switch k {
		case "User_Account":
			d.setStr(&m.UserAccount)
		case "NickName":
			d.setStr(&m.NickName)
		case "ImageUrl":
			d.setStr(&m.ImageURL)
		default:
			return false
		}
		return true
	})
}

func decodeMute(d *dec, m *MemberMute) {
	decodeStruct(d, m, muteFields, func(d *dec, k string, m *MemberMute) bool {
		switch k {
		case "User_Account":
			d.setStr(&m.UserAccount)
		case "ShutupTime":
			d.setInt64(&m.ShutupTime)
		default:
			return false
		}
		return true
	})
}

// groupNewBlock is a GroupNewInfo with the targets of its pointers.
type groupNewBlock struct {
	g                                GroupNewInfo
	name, intro, notice, face, owner string
	shutupAll                        int
}

func decodeGroupNew(d *dec, g *groupNewBlock) {
	decodeStruct(d, g, groupNewFields, func(d *dec, k string, g *groupNewBlock) bool {
		switch k {
		case "GroupName":
			d.strPtr(&g.g.GroupName, &g.name)
		case "GroupIntroduction":
			d.strPtr(&g.g.GroupIntroduction, &g.intro)
		case "GroupNotification":
			d.strPtr(&g.g.GroupNotification, &g.notice)
		case "GroupFaceUrl":
			d.strPtr(&g.g.GroupFaceURL, &g.face)
		case "Owner_Account":
			d.strPtr(&g.g.OwnerAccount, &g.owner)
		case "ShutupAll":
			if d.peek() == 'n' {
				d.null()
				g.g.ShutupAll = nil
			} else {
				d.setInt(&g.shutupAll)
				g.g.ShutupAll = &g.shutupAll
			}
		case "MsgAppDefinedData":
			g.g.MsgAppDefinedData = arrayOf(d, nil, func(d *dec, kv *KeyValue) {
				decodeStruct(d, kv, keyValueFields, func(d *dec, k string, kv *KeyValue) bool {
					switch k {
					case "Key":
						d.setStr(&kv.Key)
					case "Value":
						d.setStr(&kv.Value)
					default:
						return false
					}
					return true
				})
			})
		case "GroupAttrOption":
			decodeAttrOption(d, &g.g.GroupAttrOption)
		default:
			return false
		}
		return true
	})
}

func decodeString(d *dec, p *string) {
	if d.peek() != '"' {
		d.fail()
		return
	}
	d.str(p)
}

// decodeStruct reads the object of a small struct: field reads the value of
// key k into v and reports whether k is one of v's fields. Each field may
// appear once (up to 32 fields).
func decodeStruct[V any](d *dec, v *V, fields []string, field func(d *dec, k string, v *V) bool) {
	if d.peek() != '{' {
		d.fail()
		return
	}
	d.i++
	var seen uint32
	for first := true; d.next(&first); {
		a, b := d.key()
		bit, k := uint32(0), ""
		for i, f := range fields {
			if f == string(d.s[a:b]) {
				bit, k = 1<<i, f
				break
			}
		}
		if bit == 0 {
			d.unknown(a, b, fields)
			continue
		}
		if d.once(&seen, bit) && !field(d, k, v) {
			d.fail() // fields and field disagree: cannot happen
		}
	}
}

// arrayOf reads an array (or null, giving nil) of E; elem reads a non-null
// element in place (null elements are zero values, as encoding/json leaves
// them). The slice is allocated at its final size before any element is
// read, so that noted strings stay where they are; one, if not nil, is a
// zero backing for a single element. An empty array gives an empty, non-nil
// slice.
func arrayOf[E any](d *dec, one *[1]E, elem func(*dec, *E)) []E {
	switch d.peek() {
	case 'n':
		d.null()
		return nil
	case '[':
	default:
		d.fail()
		return nil
	}
	n := countElems(d.s, d.i)
	var list []E
	switch {
	case n < 0:
		d.fail()
		return nil
	case n == 0:
		list = []E{}
	case n == 1 && one != nil:
		list = one[:]
	default:
		list = make([]E, n)
	}
	d.i++
	k := 0
	for first := true; d.nextElem(&first); k++ {
		if k == n {
			d.fail()
			return nil
		}
		if d.peek() == 'n' {
			d.null()
		} else {
			elem(d, &list[k])
		}
	}
	if k != n {
		d.fail()
	}
	return list
}

// fastItemBody is ItemBody.UnmarshalJSON's fast path.
func fastItemBody(data []byte, b *ItemBody) bool {
	d := getDec(data, 256)
	d.ws()
	start := d.begin()
	decodeItemBody(d, b, nil)
	d.flush(start)
	ok := d.end()
	putDec(d)
	return ok
}
