package tim

import "github.com/tim-go/sdk/internal/wire"

// takeNotices consumes the counter and attribute notices of a batch: Event
// 6 tips with GroupCounterInfo or MsgGroupNewInfo.GroupAttrOption, which
// tim-js-sdk turns into GROUP_COUNTER_UPDATED and GROUP_ATTRIBUTES_UPDATED
// before any dedup and never shows as messages. It returns the other items.
func (t *TIM) takeNotices(b batch, rooms roomSet) []*wire.Item {
	var rest []*wire.Item
	for i, it := range b.items {
		if !t.notice(b, it, rooms) {
			if rest != nil {
				rest = append(rest, it)
			}
			continue
		}
		if rest == nil {
			rest = append(make([]*wire.Item, 0, len(b.items)), b.items[:i]...)
		}
	}
	if rest == nil {
		return b.items
	}
	return rest
}

// notice handles it if it is a counter or attribute notice (of a joined
// room; others are dropped) and reports whether it was one.
func (t *TIM) notice(b batch, it *wire.Item, rooms roomSet) bool {
	ev := it.Event
	if b.event != 0 {
		ev = b.event
	}
	tip := it.MsgBody.Tip
	if ev != wire.EventGroupTipOnline || tip == nil {
		return false
	}
	gid := it.Group()
	if gid == "" && b.from != nil {
		gid = b.from.id
	}
	r := rooms.get(gid)
	switch {
	case len(tip.GroupCounterInfo) > 0:
		if r != nil {
			t.onCounterNotice(r, tip.GroupCounterInfo)
		}
	case tip.MsgGroupNewInfo != nil && tip.MsgGroupNewInfo.GroupAttrOption != nil:
		if r != nil {
			t.onAttrNotice(r, tip.MsgGroupNewInfo.GroupAttrOption)
		}
	default:
		return false
	}
	return true
}
