package restapi

import (
	"context"

	"github.com/tim-go/sdk/internal/wire"
)

// AccountImportRequest is im_open_login_svc/account_import
// (trtc.io/document/34953): UserID is at most 32 bytes.
type AccountImportRequest struct {
	UserID  string `json:"UserID"`
	Nick    string `json:"Nick,omitempty"`
	FaceURL string `json:"FaceUrl,omitempty"`
}

// AccountImport registers one account (importing it again is harmless).
func (c *Client) AccountImport(ctx context.Context, req AccountImportRequest) error {
	return c.Call(ctx, CmdAccountImport, req, nil)
}

// MultiAccountImportRequest is im_open_login_svc/multiaccount_import
// (trtc.io/document/34954): up to 100 UserIDs.
type MultiAccountImportRequest struct {
	Accounts []string `json:"Accounts"`
}

// MultiAccountImportResponse lists the accounts that were not imported
// (trtc.io/document/34954).
type MultiAccountImportResponse struct {
	FailAccounts []string `json:"FailAccounts"`
}

// MultiAccountImport registers up to 100 accounts.
func (c *Client) MultiAccountImport(ctx context.Context, req MultiAccountImportRequest) (*MultiAccountImportResponse, error) {
	return call[MultiAccountImportResponse](ctx, c, CmdMultiAccountImport, req)
}

// Standard profile tags (trtc.io/document/34916, "标配资料字段").
const (
	TagNick          = wire.ProfileTagNick    // "Tag_Profile_IM_Nick"
	TagImage         = wire.ProfileTagImage   // "Tag_Profile_IM_Image"
	TagGender        = wire.ProfileTagGender  // "Tag_Profile_IM_Gender"
	TagSelfSignature = wire.ProfileTagSelfSig // "Tag_Profile_IM_SelfSignature"
	TagLevel         = wire.ProfileTagLevel   // "Tag_Profile_IM_Level"
	TagRole          = wire.ProfileTagRole    // "Tag_Profile_IM_Role"
)

// ProfileItem is one profile field (trtc.io/document/34916): a standard tag or a custom one
// ("Tag_Profile_Custom_…"); Value is a string or a number by tag.
type ProfileItem struct {
	Tag   string `json:"Tag"`
	Value any    `json:"Value"`
}

// PortraitSetRequest is profile/portrait_set (trtc.io/document/34916).
type PortraitSetRequest struct {
	FromAccount string        `json:"From_Account"`
	ProfileItem []ProfileItem `json:"ProfileItem"`
}

// PortraitSet sets profile fields of one user.
func (c *Client) PortraitSet(ctx context.Context, req PortraitSetRequest) error {
	return c.Call(ctx, CmdPortraitSet, req, nil)
}

// PortraitGetRequest is profile/portrait_get (trtc.io/document/34917): up
// to 100 users, the tags to read.
type PortraitGetRequest struct {
	ToAccount []string `json:"To_Account"`
	TagList   []string `json:"TagList"`
}

// PortraitGetResponse has one UserProfileItem per user
// (trtc.io/document/34917).
type PortraitGetResponse struct {
	UserProfileItem []UserProfile `json:"UserProfileItem"`
	FailAccount     []string      `json:"FailAccount,omitempty"`
}

// UserProfile is one user's fields in portrait_get's reply
// (trtc.io/document/34917); a non-zero ResultCode (40003: no such account)
// marks a user that could not be read.
type UserProfile struct {
	ToAccount   string        `json:"To_Account"`
	ProfileItem []ProfileItem `json:"ProfileItem"`
	ResultCode  int           `json:"ResultCode"`
	ResultInfo  string        `json:"ResultInfo"`
}

// PortraitGet reads profile fields of up to 100 users.
func (c *Client) PortraitGet(ctx context.Context, req PortraitGetRequest) (*PortraitGetResponse, error) {
	return call[PortraitGetResponse](ctx, c, CmdPortraitGet, req)
}

// kickRequest is im_open_login_svc/kick (trtc.io/document/34957).
type kickRequest struct {
	UserID string `json:"UserID"`
}

// Kick logs userID out of every device (im_open_login_svc/kick,
// trtc.io/document/34957): the SDK sees KICKED_OUT with REST_API_Kick, and
// every UserSig the user had stops working (a new one is needed to log in).
func (c *Client) Kick(ctx context.Context, userID string) error {
	return c.Call(ctx, CmdKick, kickRequest{UserID: userID}, nil)
}

// QueryOnlineStatusRequest is openim/query_online_status
// (trtc.io/document/35477; the old path openim/querystate): up to 500
// users; IsNeedDetail 1 adds each platform's state.
type QueryOnlineStatusRequest struct {
	ToAccount    []string `json:"To_Account"`
	IsNeedDetail int      `json:"IsNeedDetail,omitempty"`
}

// Online states (OnlineStatus.Status).
const (
	StateOnline     = wire.StateOnline     // "Online"
	StatePushOnline = wire.StatePushOnline // "PushOnline"
	StateOffline    = wire.StateOffline    // "Offline"
)

// QueryOnlineStatusResponse has each known user's state; ErrorList the
// accounts that failed (70107: never imported) (trtc.io/document/35477).
type QueryOnlineStatusResponse struct {
	QueryResult []OnlineStatus `json:"QueryResult"`
	ErrorList   []AccountError `json:"ErrorList,omitempty"`
}

// OnlineStatus is one user's state (trtc.io/document/35477).
type OnlineStatus struct {
	ToAccount string           `json:"To_Account"`
	Status    string           `json:"Status"`
	Detail    []PlatformStatus `json:"Detail,omitempty"`
}

// PlatformStatus is one logged-in platform's state ("Web" for tim-js-sdk;
// trtc.io/document/35477).
type PlatformStatus struct {
	Platform string `json:"Platform"`
	Status   string `json:"Status"`
}

// AccountError is a per-account failure (trtc.io/document/35477).
type AccountError struct {
	ToAccount string `json:"To_Account"`
	ErrorCode int    `json:"ErrorCode"`
}

// QueryOnlineStatus reads whether users are logged in. It is an account
// command, not a group one: it works whatever room a user watches.
func (c *Client) QueryOnlineStatus(ctx context.Context, req QueryOnlineStatusRequest) (*QueryOnlineStatusResponse, error) {
	return call[QueryOnlineStatusResponse](ctx, c, CmdQueryOnlineStatus, req)
}

// SetNoSpeakingRequest is openconfigsvr/setnospeaking, the global mute
// (cloud.tencent.com/document/product/269/4230): seconds from now for
// one-to-one and for group messages, 0 lifts it, MuteForever for good; at
// least one of the two is required. A user muted for groups gets 10017 in
// every room, without the before-send webhook being called.
type SetNoSpeakingRequest struct {
	SetAccount             string  `json:"Set_Account"`
	C2CmsgNospeakingTime   *uint32 `json:"C2CmsgNospeakingTime,omitempty"`
	GroupmsgNospeakingTime *uint32 `json:"GroupmsgNospeakingTime,omitempty"`
}

// SetNoSpeaking sets a user's global mute.
func (c *Client) SetNoSpeaking(ctx context.Context, req SetNoSpeakingRequest) error {
	return c.Call(ctx, CmdSetNoSpeaking, req, nil)
}

// getNoSpeakingRequest is openconfigsvr/getnospeaking
// (cloud.tencent.com/document/product/269/4229).
type getNoSpeakingRequest struct {
	GetAccount string `json:"Get_Account"`
}

// NoSpeaking is a user's global mute, getnospeaking's reply
// (cloud.tencent.com/document/product/269/4229): the seconds left for
// one-to-one and for group messages (0 none, MuteForever for good).
type NoSpeaking struct {
	C2CmsgNospeakingTime   uint32 `json:"C2CmsgNospeakingTime"`
	GroupmsgNospeakingTime uint32 `json:"GroupmsgNospeakingTime"`
}

// GetNoSpeaking reads a user's global mute.
func (c *Client) GetNoSpeaking(ctx context.Context, userID string) (*NoSpeaking, error) {
	return call[NoSpeaking](ctx, c, CmdGetNoSpeaking, getNoSpeakingRequest{GetAccount: userID})
}
