package restapi

import (
	"context"
	"math/rand/v2"
	"time"
)

// repeatable lists the commands that are safe to send twice, so that a
// call failed by a "retry later" code, HTTP 5xx or a network error is
// retried:
//
//   - reads (get_*, portrait_get, getnospeaking, query_online_status);
//   - writes that set a state rather than add to it: the same request
//     twice leaves the same state (forbid_send_msg and ban_group_member
//     count their time from the later try, a difference of the back-off);
//   - sends that Tencent deduplicates: send_group_msg by its Random
//     (trtc.io/document/34959) and openim/sendmsg by From_Account, MsgSeq,
//     MsgRandom and the content for 120 s (cloud.tencent.com/document/product/269/2282).
//     SendGroupMsg and SendMsg fill Random / MsgRandom before the first
//     try, and every retry sends the same body.
//
// Not repeated: create_group (a second try of a generated ID makes a second
// room), destroy_group, send_group_system_notification (no dedup key),
// delete_group_member, update_group_counter (Increase adds twice; a Set
// through Call may be retried by the caller), set_group_attr (replaces with
// a new sequence) and any command not listed.
var repeatable = map[string]bool{
	CmdAccountImport:      true,
	CmdMultiAccountImport: true,
	CmdPortraitGet:        true,
	CmdPortraitSet:        true,
	CmdKick:               true,
	CmdQueryOnlineStatus:  true,
	CmdQueryState:         true,
	CmdSetNoSpeaking:      true,
	CmdGetNoSpeaking:      true,
	CmdSendMsg:            true,

	CmdGetGroupInfo:          true,
	CmdModifyGroupBaseInfo:   true,
	CmdModifyGroupMemberInfo: true,
	CmdSendGroupMsg:          true,
	CmdForbidSendMsg:         true,
	CmdGetGroupMutedAccount:  true,
	CmdBanGroupMember:        true,
	CmdUnbanGroupMember:      true,
	CmdGetGroupBanMember:     true,
	CmdGetOnlineMemberNum:    true,
	CmdGetMembers:            true,
	CmdModifyAdmin:           true,
	CmdGetAdminList:          true,
	CmdGetGroupCounter:       true,
	CmdModifyGroupAttr:       true,
	CmdDeleteGroupAttr:       true,
	CmdClearGroupAttr:        true,
	CmdGetGroupAttr:          true,
	CmdGroupMsgRecall:        true,
}

// Repeatable reports whether Call retries command ("service/command")
// after a "retry later" answer; see the package doc for the rule.
func Repeatable(command string) bool { return repeatable[command] }

// backoff is the pause before retry attempt+1: base doubled per attempt,
// capped at MaxRetryDelay, then a random point in its upper half.
func backoff(base time.Duration, attempt int) time.Duration {
	d := base
	for range attempt {
		if d >= MaxRetryDelay/2 {
			d = MaxRetryDelay
			break
		}
		d *= 2
	}
	d = min(d, MaxRetryDelay)
	return d/2 + rand.N(d/2+1)
}

// sleep waits d or until ctx ends.
func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
