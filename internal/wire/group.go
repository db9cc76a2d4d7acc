package wire

// ApplyJoinReq is the apply_join_group body (user and noauth).
type ApplyJoinReq struct {
	GroupID                 string `json:"GroupId"`
	WebPushFlag             int    `json:"WebPushFlag,omitempty"`
	ApplyMsg                string `json:"ApplyMsg,omitempty"`
	UserDefinedField        string `json:"UserDefinedField,omitempty"`
	HugeGroupHistoryMsgFlag int    `json:"HugeGroupHistoryMsgFlag,omitempty"`
}

// ApplyJoinResp is the join reply. HugeGroupFlag 1 marks an AVChatRoom; a
// non-empty LongPollingKey tells the client to poll, an empty one to expect push.
type ApplyJoinResp struct {
	Status
	JoinedStatus   string  `json:"JoinedStatus,omitempty"`
	HugeGroupFlag  int     `json:"HugeGroupFlag,omitempty"`
	AVChatRoomKey  string  `json:"AVChatRoomKey,omitempty"`
	StartSeq       uint64  `json:"StartSeq,omitempty"`
	RspMsgList     []*Item `json:"RspMsgList,omitempty"`
	LongPollingKey string  `json:"LongPollingKey,omitempty"`
}

// SelfMemberInfoReq is get_group_self_member_info (getGroupProfile).
type SelfMemberInfoReq struct {
	GroupIDList    []string        `json:"GroupIdList"`
	ResponseFilter *ResponseFilter `json:"ResponseFilter,omitempty"`
}

// SelfMemberInfoResp lists one GroupInfo per requested group.
type SelfMemberInfoResp struct {
	Status
	GroupInfo []GroupInfo `json:"GroupInfo"`
}

// GroupInfo is a group's profile with the caller's own membership.
type GroupInfo struct {
	GroupID         string `json:"GroupId"`
	ErrorCode       int    `json:"ErrorCode"`
	ErrorInfo       string `json:"ErrorInfo"`
	Type            string `json:"Type,omitempty"`
	Name            string `json:"Name,omitempty"`
	Introduction    string `json:"Introduction"`
	Notification    string `json:"Notification"`
	FaceURL         string `json:"FaceUrl"`
	OwnerAccount    string `json:"Owner_Account,omitempty"`
	CreateTime      int64  `json:"CreateTime,omitempty"`
	InfoSeq         uint64 `json:"InfoSeq,omitempty"`
	LastInfoTime    int64  `json:"LastInfoTime,omitempty"`
	LastMsgTime     int64  `json:"LastMsgTime,omitempty"`
	MemberNum       int    `json:"MemberNum,omitempty"`
	MaxMemberNum    int    `json:"MaxMemberNum,omitempty"`
	ApplyJoinOption string `json:"ApplyJoinOption,omitempty"`
	NextMsgSeq      uint64 `json:"NextMsgSeq,omitempty"`
	ShutUpAllMember string `json:"ShutUpAllMember,omitempty"`
	// MuteAllMember is the REST get_group_info name of ShutUpAllMember
	// (trtc.io/document/34961); the WebSocket reply keeps the old name,
	// which tim-js-sdk reads.
	MuteAllMember  string     `json:"MuteAllMember,omitempty"`
	AppDefinedData []KeyValue `json:"AppDefinedData,omitempty"`
	SelfInfo       *SelfInfo  `json:"SelfInfo,omitempty"`
}

// SelfInfo is the caller's membership in a group.
type SelfInfo struct {
	Role        string `json:"Role"`
	JoinTime    int64  `json:"JoinTime"`
	MsgFlag     string `json:"MsgFlag"`
	ShutUpUntil int64  `json:"ShutUpUntil"`
	NameCard    string `json:"NameCard"`
}

// KeyValue is a custom field (AppDefinedData, MsgAppDefinedData).
type KeyValue struct {
	Key   string `json:"Key"`
	Value string `json:"Value"`
}

// GroupIDReq is a body with only GroupId (quit_group, get_online_member_num).
type GroupIDReq struct {
	GroupID string `json:"GroupId"`
}

// OnlineNumResp is the get_online_member_num reply.
type OnlineNumResp struct {
	Status
	OnlineMemberNum int `json:"OnlineMemberNum"`
	ExpireTime      int `json:"ExpireTime,omitempty"`
}
