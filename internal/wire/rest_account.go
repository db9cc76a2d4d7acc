package wire

// REST bodies of accounts, profiles, global mutes and online status, in
// Tencent's current field names; the page each follows is named beside it.

// REST paths of accounts, profiles, global mutes and online status.
const (
	RESTAccountImport      = "im_open_login_svc/account_import"
	RESTMultiAccountImport = "im_open_login_svc/multiaccount_import"
	RESTPortraitGet        = "profile/portrait_get"
	RESTSetNoSpeaking      = "openconfigsvr/setnospeaking"
	RESTGetNoSpeaking      = "openconfigsvr/getnospeaking"
	RESTQueryOnlineStatus  = "openim/query_online_status"
	// RESTQueryState is the old name of query_online_status, still served.
	RESTQueryState = "openim/querystate"
)

// Limits of these commands, Tencent's.
const (
	MaxUserIDLen          = 32  // bytes of a UserID (trtc.io/document/34953)
	MaxMultiAccountImport = 100 // Accounts of one multiaccount_import (trtc.io/document/34954)
	MaxPortraitGetIDs     = 100 // To_Account of one portrait_get (trtc.io/document/34917)
	MaxQueryStateIDs      = 500 // To_Account of one query_online_status (trtc.io/document/35477)
)

// AccountImportReq is im_open_login_svc/account_import
// (trtc.io/document/34953): UserID is required; Identifier is its old
// name, still accepted.
type AccountImportReq struct {
	UserID     string `json:"UserID,omitempty"`
	Identifier string `json:"Identifier,omitempty"`
	Nick       string `json:"Nick,omitempty"`
	FaceURL    string `json:"FaceUrl,omitempty"`
}

// MultiAccountImportReq is im_open_login_svc/multiaccount_import
// (trtc.io/document/34954): up to 100 UserIDs.
type MultiAccountImportReq struct {
	Accounts []string `json:"Accounts"`
}

// MultiAccountImportResp lists the accounts that could not be imported.
type MultiAccountImportResp struct {
	Status
	FailAccounts []string `json:"FailAccounts"`
}

// RESTPortraitGetReq is profile/portrait_get from the REST API
// (trtc.io/document/34917): the users and the profile tags to read.
type RESTPortraitGetReq struct {
	ToAccount []string `json:"To_Account"`
	TagList   []string `json:"TagList"`
}

// RESTPortraitGetResp is portrait_get's reply: one UserProfileItem per
// user, each with its own ResultCode.
type RESTPortraitGetResp struct {
	Status
	UserProfileItem []UserProfile `json:"UserProfileItem"`
}

// SetNoSpeakingReq is openconfigsvr/setnospeaking
// (cloud.tencent.com/document/product/269/4230): seconds from now, 0
// lifts the mute, MuteForever mutes for good; at least one time is sent.
type SetNoSpeakingReq struct {
	SetAccount             string `json:"Set_Account"`
	C2CmsgNospeakingTime   *int64 `json:"C2CmsgNospeakingTime,omitempty"`
	GroupmsgNospeakingTime *int64 `json:"GroupmsgNospeakingTime,omitempty"`
}

// GetNoSpeakingReq is openconfigsvr/getnospeaking
// (cloud.tencent.com/document/product/269/4229).
type GetNoSpeakingReq struct {
	GetAccount string `json:"Get_Account"`
}

// GetNoSpeakingResp carries the seconds of mute left (MuteForever: for
// good, 0: none).
type GetNoSpeakingResp struct {
	Status
	C2CmsgNospeakingTime   int64 `json:"C2CmsgNospeakingTime"`
	GroupmsgNospeakingTime int64 `json:"GroupmsgNospeakingTime"`
}

// QueryOnlineStatusReq is openim/query_online_status
// (trtc.io/document/35477): up to 500 UserIDs; IsNeedDetail 1 adds the
// per-platform Detail.
type QueryOnlineStatusReq struct {
	ToAccount    []string `json:"To_Account"`
	IsNeedDetail int      `json:"IsNeedDetail,omitempty"`
}

// Online states of query_online_status.
const (
	StateOnline     = "Online"
	StatePushOnline = "PushOnline"
	StateOffline    = "Offline"
	// StatePlatformWeb is the Detail platform of a tim-js-sdk login.
	StatePlatformWeb = "Web"
)

// QueryOnlineStatusResp lists each known user's Status and, in ErrorList,
// the accounts that do not exist (70107).
type QueryOnlineStatusResp struct {
	Status
	QueryResult []OnlineState `json:"QueryResult"`
	ErrorList   []AccountErr  `json:"ErrorList,omitempty"`
}

// OnlineState is one user's state.
type OnlineState struct {
	ToAccount string           `json:"To_Account"`
	Status    string           `json:"Status"`
	Detail    []PlatformStatus `json:"Detail,omitempty"`
}

// PlatformStatus is the state of one login platform.
type PlatformStatus struct {
	Platform string `json:"Platform"`
	Status   string `json:"Status"`
}

// AccountErr is a per-account failure.
type AccountErr struct {
	ToAccount string `json:"To_Account"`
	ErrorCode int    `json:"ErrorCode"`
}
