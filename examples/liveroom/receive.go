package main

import (
	"fmt"
	"strconv"
	"time"

	"github.com/tim-go/sdk/message"
	"github.com/tim-go/sdk/types"
)

// onViewerMessages is every viewer's MESSAGE_RECEIVED handler: it books the
// receipts and latencies of the scene's messages, notes what the viewer
// saw of the admin's actions, and, for the observer, feeds
// the live feed.
func (s *scene) onViewerMessages(v *member, msgs []*message.Message) {
	now := time.Now()
	observer := v.id == observerID
	for _, m := range msgs {
		switch p := m.Payload.(type) {
		case *message.TextPayload:
			if m.To != s.room {
				continue
			}
			if m.From == s.host.id && p.Text == welcomeText {
				v.welcomed.Store(true)
			}
			s.receipt(m, now)
			if observer {
				what := "danmaku"
				if m.From == s.host.id {
					what = "reply"
				}
				s.feed.event(now, m.From, what, m.Priority, p.Text)
			}
		case *message.CustomPayload:
			if m.To != s.room {
				continue
			}
			s.receipt(m, now)
			if observer {
				s.showCustom(now, m, p)
			}
		case *message.GroupTipPayload:
			if p.GroupProfile.GroupID == s.room {
				s.onTip(v, observer, now, p)
			}
		case *message.GroupSystemNoticePayload:
			if p.GroupProfile.GroupID == s.room && p.OperationType == types.GrpSysNoticeCustom {
				v.noticeSeen.Store(true)
				if observer {
					s.feed.event(now, p.OperatorID, "notice", "", fmt.Sprintf("%q (system notice)", p.UserDefinedField))
				}
			}
		}
	}
}

// receipt books one viewer's receipt of a scene message with the latency
// measured from the send time it carries.
func (s *scene) receipt(m *message.Message, now time.Time) {
	if sentAt, ok := decodeStamp(m.CloudCustomData); ok {
		s.stats.receipt(m.ID, now.Sub(sentAt))
	}
}

func (s *scene) showCustom(now time.Time, m *message.Message, p *message.CustomPayload) {
	switch p.Data {
	case customGift:
		s.feed.event(now, m.From, "gift", m.Priority, "sent a "+p.Description)
	case customLike:
		s.feed.like(now, m.From, likeTaps(p))
	}
}

// onTip notes mutes and the like total, which tips carry.
func (s *scene) onTip(v *member, observer bool, now time.Time, p *message.GroupTipPayload) {
	switch p.OperationType {
	case types.GrpTipMbrProfileUpdated:
		for _, mm := range p.MemberList {
			v.muteSeen.Store(true)
			if !observer {
				continue
			}
			text := mm.UserID + " unmuted"
			if mm.MuteTime > 0 {
				text = fmt.Sprintf("%s muted for %v", mm.UserID, time.Duration(mm.MuteTime)*time.Second)
			}
			s.feed.event(now, p.OperatorID, "mute", "", text)
		}
	case types.GrpTipGrpProfileUpdated:
		if p.NewGroupProfile == nil || s.cfg.LikeField == "" {
			return
		}
		val, ok := types.CustomFieldValue(p.NewGroupProfile.GroupCustomField, s.cfg.LikeField)
		if !ok {
			return
		}
		n, err := strconv.ParseInt(val, 10, 64)
		if err != nil {
			return
		}
		v.likesSeen.Store(n)
		if observer {
			s.feed.event(now, "room", "likes", "", fmt.Sprintf("%s = %d (room custom field)", s.cfg.LikeField, n))
		}
	}
}
