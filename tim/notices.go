package tim

import (
	"slices"

	"github.com/tim-go/sdk/internal/wire"
)

// takeNotices consumes the counter and attribute notices of a batch: Event
// 6 tips with GroupCounterInfo or MsgGroupNewInfo.GroupAttrOption, which
// tim-js-sdk turns into GROUP_COUNTER_UPDATED and GROUP_ATTRIBUTES_UPDATED
// before any dedup and never shows as messages. It returns the other items.
func (t *TIM) takeNotices(b batch, rooms roomSet) []*wire.Item {
	return slices.DeleteFunc(b.items, func(it *wire.Item) bool { return t.notice(b, it, rooms) })
}

// notice handles it if it is a counter or attribute notice (of a joined
// room; others are dropped) and reports whether it was one.
func (t *TIM) notice(b batch, it *wire.Item, rooms roomSet) bool {
	tip := it.MsgBody.Tip
	if b.eventOf(it) != wire.EventGroupTipOnline || tip == nil {
		return false
	}
	r := rooms.get(b.group(it))
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
