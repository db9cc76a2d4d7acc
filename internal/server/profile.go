package server

import (
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/tim-go/sdk/internal/wire"
)

// Profile defaults, as a fresh Tencent account has them.
const (
	genderUnknown     = "Gender_Type_Unknown"
	allowNeedConfirm  = "AllowType_Type_NeedConfirm"
	maxCustomTags     = 64
	firstTinyID       = 144115200000000001 // the TinyId range Tencent gives users
	maxProfileItems   = 100                // per portrait_set
	maxPortraitGetIDs = 100                // per portrait_get_all
)

// users is the account registry: a stable TinyId per user ID and the
// profile that portrait_set writes and that stamps the user's messages and
// tips. Users appear on first login or when the App admin names them over
// REST (a trusted caller); the registry is not otherwise bounded.
type users struct {
	mu   sync.RWMutex
	m    map[string]*user
	next uint64
	// groupMutes counts the users whose groupMuteUntil is set (changed
	// under mu): while it is 0, groupMuted answers without the lock, which
	// keeps the global mute off the room send path (group.go).
	groupMutes atomic.Int64
}

// user is one account. Profile fields are guarded by users.mu.
type user struct {
	id        string
	tinyID    string
	nick      string
	image     string
	gender    string
	allowType string
	selfSig   string
	custom    []wire.ProfileItem

	// sigsFrom is the Unix second of the last REST kick: UserSigs issued
	// (TLS.time) before it no longer log in (account.go).
	sigsFrom int64
	// groupMuteUntil and c2cMuteUntil are the global mutes of
	// openconfigsvr/setnospeaking (Unix seconds; wire.MuteForever for
	// good; 0 none).
	groupMuteUntil int64
	c2cMuteUntil   int64
}

func newUsers() users { return users{m: make(map[string]*user)} }

// get returns the user, creating it (and its TinyId) on first use.
func (u *users) get(id string) *user {
	u.mu.RLock()
	x := u.m[id]
	u.mu.RUnlock()
	if x != nil {
		return x
	}
	u.mu.Lock()
	defer u.mu.Unlock()
	if x = u.m[id]; x == nil {
		x = &user{id: id, tinyID: strconv.FormatUint(firstTinyID+u.next, 10), gender: genderUnknown, allowType: allowNeedConfirm}
		u.next++
		u.m[id] = x
	}
	return x
}

// extra is the user's nick and avatar as tips carry them.
func (u *users) extra(id string) wire.MemberExtra {
	u.mu.RLock()
	defer u.mu.RUnlock()
	e := wire.MemberExtra{UserAccount: id}
	if x := u.m[id]; x != nil {
		e.NickName, e.ImageURL = x.nick, x.image
	}
	return e
}

// extras is extra for each ID.
func (u *users) extras(ids []string) []wire.MemberExtra {
	out := make([]wire.MemberExtra, len(ids))
	for i, id := range ids {
		out[i] = u.extra(id)
	}
	return out
}

// profile returns the user's profile items, in Tencent's order.
// Unknown users read as fresh accounts (and are not created).
func (u *users) profile(id string) []wire.ProfileItem {
	u.mu.RLock()
	defer u.mu.RUnlock()
	x := u.m[id]
	if x == nil {
		x = &user{gender: genderUnknown, allowType: allowNeedConfirm}
	}
	items := []wire.ProfileItem{
		{Tag: wire.ProfileTagNick, Value: x.nick},
		{Tag: wire.ProfileTagImage, Value: x.image},
		{Tag: wire.ProfileTagGender, Value: x.gender},
		{Tag: wire.ProfileTagAllow, Value: x.allowType},
		{Tag: wire.ProfileTagSelfSig, Value: x.selfSig},
	}
	return append(items, x.custom...)
}

// setProfile applies portrait_set items. Standard tags need string values;
// custom tags (Tag_Profile_Custom_*) pass through as given. Failures are
// the profile service's 40001 (trtc.io/document/34916).
func (u *users) setProfile(id string, items []wire.ProfileItem) *apiError {
	if len(items) > maxProfileItems {
		return fail(CodeProfileBadParam, "too many ProfileItem (max %d)", maxProfileItems)
	}
	x := u.get(id)
	u.mu.Lock()
	defer u.mu.Unlock()
	for _, it := range items {
		var field *string
		switch it.Tag {
		case wire.ProfileTagNick:
			field = &x.nick
		case wire.ProfileTagImage:
			field = &x.image
		case wire.ProfileTagGender:
			field = &x.gender
		case wire.ProfileTagAllow:
			field = &x.allowType
		case wire.ProfileTagSelfSig:
			field = &x.selfSig
		default:
			if !strings.HasPrefix(it.Tag, wire.ProfileCustomTagPrefix) {
				continue // other standard tags (birthday, location…) are accepted and not kept
			}
			if i := indexTag(x.custom, it.Tag); i >= 0 {
				x.custom[i].Value = it.Value
			} else if len(x.custom) < maxCustomTags {
				x.custom = append(x.custom, it)
			} else {
				return fail(CodeProfileBadParam, "too many custom profile tags (max %d)", maxCustomTags)
			}
			continue
		}
		v, ok := it.Value.(string)
		if !ok {
			return fail(CodeProfileBadParam, "%s needs a string Value", it.Tag)
		}
		*field = v
	}
	return nil
}

func indexTag(items []wire.ProfileItem, tag string) int {
	for i, it := range items {
		if it.Tag == tag {
			return i
		}
	}
	return -1
}

// handlePortraitGet is profile.portrait_get_all (getMyProfile, getUserProfile).
func (s *Server) handlePortraitGet(q *request) (any, *apiError) {
	var req wire.PortraitGetReq
	if e := decodeBody(q.f.Body, &req); e != nil {
		return nil, e
	}
	if len(req.UserItem) > maxPortraitGetIDs {
		return nil, fail(CodeBadParam, "too many UserItem (max %d)", maxPortraitGetIDs)
	}
	resp := wire.PortraitGetResp{Status: wire.OK(), UserProfileItem: make([]wire.UserProfile, 0, len(req.UserItem)), FailAccount: []string{}}
	for _, it := range req.UserItem {
		if it.ToAccount == "" {
			continue
		}
		resp.UserProfileItem = append(resp.UserProfileItem, wire.UserProfile{
			ToAccount: it.ToAccount, ProfileItem: s.users.profile(it.ToAccount),
		})
	}
	return resp, nil
}

// handlePortraitSet is profile.portrait_set (updateMyProfile): the caller's
// own profile, whatever From_Account says.
func (s *Server) handlePortraitSet(q *request) (any, *apiError) {
	var req wire.PortraitSetReq
	if e := decodeBody(q.f.Body, &req); e != nil {
		return nil, e
	}
	if e := s.users.setProfile(q.sess.userID, req.ProfileItem); e != nil {
		return nil, e
	}
	return okBody, nil
}
