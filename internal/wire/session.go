package wire

// LoginReq is the im_open_status.wslogin body (first login and re-login by A2).
type LoginReq struct {
	State       string `json:"State"`
	IsWebUniapp int    `json:"is_web_uniapp"`
	InstType    int    `json:"InstType"`
}

// NewLoginReq is the body tim-js-sdk sends.
func NewLoginReq() LoginReq { return LoginReq{State: "Online"} }

// LoginResp is the wslogin reply. A2Key and TinyId are required by the client.
type LoginResp struct {
	Status
	A2Key         string `json:"A2Key,omitempty"`
	TinyID        string `json:"TinyId,omitempty"`
	InstID        uint64 `json:"InstId,omitempty"`
	HelloInterval int    `json:"HelloInterval,omitempty"`
	TimeStamp     int64  `json:"TimeStamp,omitempty"`
	CustomStatus  string `json:"CustomStatus,omitempty"`
	PurchaseBits  string `json:"PurchaseBits,omitempty"`
}

// HelloReq is the im_open_status.wshello body.
type HelloReq struct {
	IsWebUniapp int `json:"is_web_uniapp"`
}

// KickResp is a reply that says "you were kicked" (ErrorCode 1002), usually to wshello.
type KickResp struct {
	Status
	KickType    int       `json:"KickType,omitempty"`
	NewInstInfo *InstInfo `json:"NewInstInfo,omitempty"`
}

// InstInfo names the instance that caused a kick.
type InstInfo struct {
	InstType int    `json:"InstType"`
	InstID   uint64 `json:"InstId"`
}

// LogoutReq is the im_open_status.wslogout body.
type LogoutReq struct {
	LogoutType int `json:"wslogout_type"`
}

// KickPush is the body of im_open_status.stat_forceoffline (and the kick part
// of msg_push): EventArray[{Event:9, C2cNotifyMsgArray:[{KickoutMsgNotify}]}].
type KickPush struct {
	Status
	EventArray []KickEvent `json:"EventArray"`
}

// KickEvent is one element of a kick push.
type KickEvent struct {
	Event             int          `json:"Event"`
	C2cNotifyMsgArray []KickNotify `json:"C2cNotifyMsgArray"`
}

// KickNotify wraps the kickout details.
type KickNotify struct {
	KickoutMsgNotify *Kickout `json:"KickoutMsgNotify,omitempty"`
}

// Kickout carries the kick type (1 multi-account, 2 multi-device, 3 REST).
type Kickout struct {
	KickType    int       `json:"KickType"`
	NewInstInfo *InstInfo `json:"NewInstInfo,omitempty"`
}

// NewKickPush builds the stat_forceoffline body for kickType.
func NewKickPush(kickType int) KickPush {
	return KickPush{Status: OK(), EventArray: []KickEvent{{
		Event:             EventKickNotify,
		C2cNotifyMsgArray: []KickNotify{{KickoutMsgNotify: &Kickout{KickType: kickType, NewInstInfo: &InstInfo{InstType: PlatformWeb}}}},
	}}}
}

// KickType returns the first kick type in the push, or 0.
func (p *KickPush) KickType() int {
	for _, e := range p.EventArray {
		for _, n := range e.C2cNotifyMsgArray {
			if n.KickoutMsgNotify != nil {
				return n.KickoutMsgNotify.KickType
			}
		}
	}
	return 0
}
