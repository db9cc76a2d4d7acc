package wire

// ProfileItem is one Tag/Value pair of a user profile.
type ProfileItem struct {
	Tag   string `json:"Tag"`
	Value any    `json:"Value"`
}

// PortraitGetReq is profile.portrait_get_all.
type PortraitGetReq struct {
	FromAccount string         `json:"From_Account"`
	UserItem    []PortraitUser `json:"UserItem"`
}

// PortraitUser names one user to fetch.
type PortraitUser struct {
	ToAccount        string `json:"To_Account"`
	StandardSequence int    `json:"StandardSequence"`
	CustomSequence   int    `json:"CustomSequence"`
}

// PortraitGetResp is the portrait_get_all reply.
type PortraitGetResp struct {
	Status
	UserProfileItem []UserProfile `json:"UserProfileItem"`
	FailAccount     []string      `json:"FailAccount,omitempty"`
}

// UserProfile is one user's profile in a reply.
type UserProfile struct {
	ToAccount   string        `json:"To_Account"`
	ResultCode  int           `json:"ResultCode"`
	ResultInfo  string        `json:"ResultInfo"`
	ProfileItem []ProfileItem `json:"ProfileItem"`
}

// PortraitSetReq is profile.portrait_set: only the changed tags.
type PortraitSetReq struct {
	FromAccount string        `json:"From_Account"`
	ProfileItem []ProfileItem `json:"ProfileItem"`
}
