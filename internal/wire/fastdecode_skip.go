package wire

import (
	"encoding/json"
	"errors"
)

// Item-tolerant decoding of the receive path (issue 11, point 6): one
// malformed item must not cost the items beside it. A reply or push is
// decoded strictly first (DecodeGetMsgResp, DecodeMsgPush: the fast path,
// unchanged, allocation-free when nothing is wrong); only when that fails is
// the envelope decoded with its item arrays kept raw, and each item decoded
// on its own: the ones that decode are kept in order, the others reported
// as BadItem and left out. An envelope that does not decode (not JSON, a
// wrong-typed NextSeq, an item array that is not an array) is still an
// error for the whole body.
//
// What counts as malformed is exactly what DecodeItem refuses (encoding/json's
// rules into Item: not an object, a wrong-typed MsgSeq, MsgRandom or
// MsgBody, an element that is not an object, a number out of range …) and
// a null item. An element of an unknown MsgType is not malformed: it decodes
// (ItemBody keeps its raw content) and maps to an unsupported payload, as
// tim-js-sdk maps it.

// BadItem is an item skipped by DecodeGetMsgRespSkipping or
// DecodeMsgPushSkipping.
type BadItem struct {
	Index int    // position in its array (in its event's array for a push)
	Seq   uint64 // its MsgSeq when that alone is readable, else 0
	Err   error  // why it was skipped
}

// errNullItem reports a null where an item should be.
var errNullItem = errors.New("wire: null item")

// DecodeGetMsgRespSkipping decodes a get_msg reply body into out like
// DecodeGetMsgResp, except that items that do not decode are left out of
// RspMsgList and RspBroadcastMsgList and reported in bad (nil when there
// are none). err is set only when the body itself does not decode.
func DecodeGetMsgRespSkipping(body []byte, out *GetMsgResp) (bad []BadItem, err error) {
	if err = DecodeGetMsgResp(body, out); err == nil {
		out.RspMsgList, bad = dropNil(out.RspMsgList, bad)
		out.RspBroadcastMsgList, bad = dropNil(out.RspBroadcastMsgList, bad)
		return bad, nil
	}
	var env struct {
		Status
		Key                 string            `json:"Key"`
		NextSeq             uint64            `json:"NextSeq"`
		RspMsgList          []json.RawMessage `json:"RspMsgList"`
		NextBroadcastSeq    uint64            `json:"NextBroadcastSeq"`
		RspBroadcastMsgList []json.RawMessage `json:"RspBroadcastMsgList"`
	}
	if json.Unmarshal(body, &env) != nil {
		*out = GetMsgResp{}
		return nil, err // the strict decoder's error
	}
	*out = GetMsgResp{Status: env.Status, Key: env.Key, NextSeq: env.NextSeq, NextBroadcastSeq: env.NextBroadcastSeq}
	out.RspMsgList, bad = decodeEach(env.RspMsgList, bad)
	out.RspBroadcastMsgList, bad = decodeEach(env.RspBroadcastMsgList, bad)
	return bad, nil
}

// DecodeMsgPushSkipping decodes a msg_push body into out like
// DecodeMsgPush, except that items of GroupMsgArray and GroupTips that do
// not decode are left out and reported in bad. An event whose other parts
// do not decode (Event, C2cMsgArray, C2cNotifyMsgArray) is left out whole,
// reported once with Index -1. err is set only when the envelope
// (EventArray, NeedAck, SessionData …) does not decode.
func DecodeMsgPushSkipping(body []byte, out *MsgPush) (bad []BadItem, err error) {
	if err = DecodeMsgPush(body, out); err == nil {
		for i := range out.EventArray {
			ev := &out.EventArray[i]
			ev.GroupMsgArray, bad = dropNil(ev.GroupMsgArray, bad)
			ev.GroupTips, bad = dropNil(ev.GroupTips, bad)
		}
		return bad, nil
	}
	var env struct {
		Status
		EventArray  []json.RawMessage `json:"EventArray"`
		NeedAck     int               `json:"NeedAck"`
		SessionData string            `json:"SessionData"`
		Flag        int               `json:"Flag"`
	}
	if json.Unmarshal(body, &env) != nil {
		*out = MsgPush{}
		return nil, err
	}
	*out = MsgPush{Status: env.Status, NeedAck: env.NeedAck, SessionData: env.SessionData, Flag: env.Flag}
	for _, raw := range env.EventArray {
		var ev struct {
			Event             int               `json:"Event"`
			GroupMsgArray     []json.RawMessage `json:"GroupMsgArray"`
			GroupTips         []json.RawMessage `json:"GroupTips"`
			C2cMsgArray       []*C2CMsg         `json:"C2cMsgArray"`
			C2cNotifyMsgArray []KickNotify      `json:"C2cNotifyMsgArray"`
		}
		if e := json.Unmarshal(raw, &ev); e != nil {
			bad = append(bad, BadItem{Index: -1, Err: e})
			continue
		}
		pe := PushEvent{Event: ev.Event, C2cMsgArray: ev.C2cMsgArray, C2cNotifyMsgArray: ev.C2cNotifyMsgArray}
		pe.GroupMsgArray, bad = decodeEach(ev.GroupMsgArray, bad)
		pe.GroupTips, bad = decodeEach(ev.GroupTips, bad)
		out.EventArray = append(out.EventArray, pe)
	}
	return bad, nil
}

// dropNil removes null items in place (no allocation when there are none).
func dropNil(items []*Item, bad []BadItem) ([]*Item, []BadItem) {
	k := 0
	for i, it := range items {
		if it == nil {
			bad = append(bad, BadItem{Index: i, Err: errNullItem})
			continue
		}
		items[k] = it
		k++
	}
	if k == len(items) {
		return items, bad
	}
	clear(items[k:])
	return items[:k], bad
}

// decodeEach decodes raw items one by one, keeping those that decode.
func decodeEach(raws []json.RawMessage, bad []BadItem) ([]*Item, []BadItem) {
	if raws == nil {
		return nil, bad
	}
	items := make([]*Item, 0, len(raws))
	for i, raw := range raws {
		if string(raw) == "null" {
			bad = append(bad, BadItem{Index: i, Err: errNullItem})
			continue
		}
		it := new(Item)
		if err := DecodeItem(raw, it); err != nil {
			bad = append(bad, BadItem{Index: i, Seq: probeSeq(raw), Err: err})
			continue
		}
		items = append(items, it)
	}
	return items, bad
}

// probeSeq reads an item's MsgSeq alone, 0 when that is not possible (a
// syntax error, or a MsgSeq that is not a number in range).
func probeSeq(raw []byte) uint64 {
	var p struct {
		MsgSeq uint64 `json:"MsgSeq"`
	}
	if json.Unmarshal(raw, &p) != nil {
		return 0
	}
	return p.MsgSeq
}
