package main

import (
	"context"
	"errors"
	"strconv"
	"sync/atomic"
	"time"

	"github.com/tim-go/sdk/tim/restapi"
)

// The admin's script, over the REST API as a business backend would run
// it: mute the spammer at 40 % of the scene, send a system notice at 60 %,
// and keep the like total in the room's custom field every two seconds.
const (
	muteAtShare   = 0.4
	noticeAtShare = 0.6
	muteSeconds   = 300
	likesEvery    = 2 * time.Second
	noticeText    = "Be kind in the chat: spammers get muted"
)

// scriptResult is what the script did.
type scriptResult struct {
	muted    string       // who was muted
	mutedAt  time.Time    // when the mute returned
	refusals atomic.Int64 // sends refused with 10017 (the spammer's)
	notice   string       // the notice sent, "" if none

	likes        int64 // the like total last written to the room
	likesWritten bool
	likesFailed  bool // the field cannot be written (not declared in the app?)
}

// runScript plays the admin's part until ctx ends. Without the secret
// there is no admin, and nothing to do.
func (s *scene) runScript(ctx context.Context) {
	if s.b.admin == nil {
		return
	}
	muteAt := time.NewTimer(time.Duration(float64(s.cfg.Duration) * muteAtShare))
	noticeAt := time.NewTimer(time.Duration(float64(s.cfg.Duration) * noticeAtShare))
	likes := time.NewTicker(likesEvery)
	defer muteAt.Stop()
	defer noticeAt.Stop()
	defer likes.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-muteAt.C:
			if ctx.Err() != nil {
				return // the end and a timer came together
			}
			s.muteSpammer(ctx)
		case <-noticeAt.C:
			s.sendNotice(ctx)
		case <-likes.C:
			s.publishLikes(ctx)
		}
	}
}

// muteSpammer mutes the spammer (REST forbid_send_msg); viewers get a tip.
func (s *scene) muteSpammer(ctx context.Context) {
	if s.spammer == nil {
		return
	}
	rctx, cancel := restContext(ctx)
	defer cancel()
	if err := s.b.admin.Mute(rctx, s.room, s.spammer.id, muteSeconds); err != nil {
		s.stats.errorf("mute %s: %v", s.spammer.id, err)
		return
	}
	s.script.muted, s.script.mutedAt = s.spammer.id, time.Now()
	// The spammer tries once more at once, so a refusal is certain.
	s.launch(s.spammer, order{kind: kindDanmaku, text: "why can't I talk?"}, true)
}

// sendNotice sends a custom system notice to every member (REST
// send_group_system_notification).
func (s *scene) sendNotice(ctx context.Context) {
	rctx, cancel := restContext(ctx)
	defer cancel()
	if err := s.b.admin.SystemNotice(rctx, s.room, noticeText); err != nil {
		s.stats.errorf("system notice: %v", err)
		return
	}
	s.script.notice = noticeText
}

// publishLikes writes the like total to the room's custom field (REST
// modify_group_base_info AppDefinedData) when it changed; members see it in
// a GRP_TIP_GRP_PROFILE_UPDATED tip. Likes travel as Low messages, which a
// busy room sheds first: the field is the exact count.
func (s *scene) publishLikes(ctx context.Context) {
	if s.b.admin == nil || s.cfg.LikeField == "" || s.script.likesFailed || ctx.Err() != nil {
		return
	}
	total := s.likeTotal.Load()
	if s.script.likesWritten && total == s.script.likes {
		return
	}
	rctx, cancel := restContext(ctx)
	defer cancel()
	err := s.b.admin.ModifyRoom(rctx, s.room, restapi.RoomChange{
		CustomFields: map[string]string{s.cfg.LikeField: strconv.FormatInt(total, 10)},
	})
	if err != nil {
		s.script.likesFailed = refusedByServer(err)
		s.stats.errorf("like total in room field %q: %v (a real app must declare the field in the console)", s.cfg.LikeField, err)
		return
	}
	s.script.likes, s.script.likesWritten = total, true
}

// refusedByServer reports whether err is the server's answer (a Tencent
// error code), not a transport failure worth trying again.
func refusedByServer(err error) bool {
	var te *restapi.Error
	return errors.As(err, &te)
}

// restTimeout bounds one REST call of the script.
const restTimeout = 10 * time.Second

// restContext bounds one REST call of the script. A call once started
// completes even when the scene ends meanwhile, so that what the admin did
// is known.
func restContext(ctx context.Context) (context.Context, context.CancelFunc) {
	return context.WithTimeout(context.WithoutCancel(ctx), restTimeout)
}
