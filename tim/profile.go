package tim

import (
	"context"
	"errors"
	"slices"

	"github.com/tim-go/sdk/internal/wire"
	"github.com/tim-go/sdk/profile"
	"github.com/tim-go/sdk/types"
)

// maxProfileUsers is how many users getUserProfile asks for at once.
const maxProfileUsers = 100

// GetMyProfile returns the user's own profile, fetched at login and kept up
// to date by UpdateMyProfile (no request).
func (t *TIM) GetMyProfile(ctx context.Context) (*profile.Profile, error) {
	if err := t.checkReady("getMyProfile"); err != nil {
		return nil, err
	}
	t.mu.Lock()
	me := t.myProfile
	t.mu.Unlock()
	if me == nil {
		ps, err := t.fetchProfiles(ctx, t.UserID(), []string{t.UserID()})
		if err != nil || len(ps) == 0 {
			return nil, err
		}
		return ps[0], nil
	}
	return cloneProfile(me), nil
}

// GetUserProfile fetches users' profiles (profile.portrait_get_all); at most
// 100 IDs are asked, and unknown users are left out.
func (t *TIM) GetUserProfile(ctx context.Context, userIDs []string) ([]*profile.Profile, error) {
	if err := t.checkReady("getUserProfile"); err != nil {
		return nil, err
	}
	if len(userIDs) == 0 {
		return []*profile.Profile{}, nil
	}
	if len(userIDs) > maxProfileUsers {
		userIDs = userIDs[:maxProfileUsers]
	}
	return t.fetchProfiles(ctx, t.UserID(), userIDs)
}

// fetchProfiles sends portrait_get_all.
func (t *TIM) fetchProfiles(ctx context.Context, from string, ids []string) ([]*profile.Profile, error) {
	req := wire.PortraitGetReq{FromAccount: from, UserItem: make([]wire.PortraitUser, len(ids))}
	for i, id := range ids {
		req.UserItem[i].ToAccount = id
	}
	var resp wire.PortraitGetResp
	if err := t.do(ctx, call{servcmd: wire.CmdPortraitGet, body: req, out: &resp}); err != nil {
		return nil, err
	}
	// At most one profile per ID asked, whatever the reply holds.
	items := resp.UserProfileItem[:min(len(resp.UserProfileItem), len(ids))]
	out := make([]*profile.Profile, 0, len(items))
	for i := range items {
		up := &items[i]
		if up.ResultCode != 0 || up.ToAccount == wire.ProfileNotFound {
			continue
		}
		out = append(out, mapProfile(up))
	}
	return out, nil
}

// UpdateMyProfile changes the set fields of u (profile.portrait_set, only
// the changed tags) and returns the updated profile; PROFILE_UPDATED is
// emitted when something changed. Invalid values: 2721; nothing set: 2722.
func (t *TIM) UpdateMyProfile(ctx context.Context, u profile.Update) (*profile.Profile, error) {
	if err := t.checkReady("updateMyProfile"); err != nil {
		return nil, err
	}
	if _, err := u.Validate(); err != nil {
		code := types.ErrUpdateProfileInvalidParam
		if errors.Is(err, types.ErrUpdateProfileNoKey) {
			code = types.ErrUpdateProfileNoKey
		}
		return nil, newError(code, err.Error())
	}
	req := wire.PortraitSetReq{FromAccount: t.UserID(), ProfileItem: profileItems(u)}
	if err := t.do(ctx, call{servcmd: wire.CmdPortraitSet, body: req}); err != nil {
		return nil, err
	}
	t.mu.Lock()
	if t.myProfile == nil {
		t.myProfile = profile.New(t.UserID())
	}
	changed := u.ApplyTo(t.myProfile)
	p := cloneProfile(t.myProfile)
	t.mu.Unlock()
	if changed {
		t.em.emit(types.EventProfileUpdated, []*profile.Profile{cloneProfile(p)})
	}
	return p, nil
}

func cloneProfile(p *profile.Profile) *profile.Profile {
	c := *p
	c.ProfileCustomField = slices.Clone(p.ProfileCustomField)
	if c.ProfileCustomField == nil {
		c.ProfileCustomField = []profile.CustomField{}
	}
	return &c
}
