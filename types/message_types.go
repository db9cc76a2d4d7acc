package types

// MsgType is the element type of a message (Message.type in tim-js-sdk).
type MsgType string

const (
	// MsgText is TIM.TYPES.MSG_TEXT: a text message.
	MsgText MsgType = "TIMTextElem"
	// MsgImage is TIM.TYPES.MSG_IMAGE: an image message.
	MsgImage MsgType = "TIMImageElem"
	// MsgSound is TIM.TYPES.MSG_SOUND (alias MSG_AUDIO): a voice message.
	MsgSound MsgType = "TIMSoundElem"
	// MsgAudio is TIM.TYPES.MSG_AUDIO, the same value as [MsgSound].
	MsgAudio = MsgSound
	// MsgFile is TIM.TYPES.MSG_FILE: a file message.
	MsgFile MsgType = "TIMFileElem"
	// MsgFace is TIM.TYPES.MSG_FACE: an emoji/sticker message.
	MsgFace MsgType = "TIMFaceElem"
	// MsgVideo is TIM.TYPES.MSG_VIDEO: a video message.
	MsgVideo MsgType = "TIMVideoFileElem"
	// MsgLocation is TIM.TYPES.MSG_LOCATION (alias MSG_GEO): a location.
	MsgLocation MsgType = "TIMLocationElem"
	// MsgGrpTip is TIM.TYPES.MSG_GRP_TIP: a group tip (join, quit, mute…).
	MsgGrpTip MsgType = "TIMGroupTipElem"
	// MsgGrpSysNotice is TIM.TYPES.MSG_GRP_SYS_NOTICE: a group system notice
	// (dismissed, kicked, banned, custom REST notice…).
	MsgGrpSysNotice MsgType = "TIMGroupSystemNoticeElem"
	// MsgCustom is TIM.TYPES.MSG_CUSTOM: an app-defined message.
	MsgCustom MsgType = "TIMCustomElem"
	// MsgMerger is TIM.TYPES.MSG_MERGER: a forwarded bundle of messages.
	MsgMerger MsgType = "TIMRelayElem"
)

// MsgAtAll is TIM.TYPES.MSG_AT_ALL, the user ID that means "everyone" in an
// @-mention list. The triple "s" is the SDK's own spelling.
const MsgAtAll = "__kImSDK_MesssageAtALL__"

// MsgStatus is the send state of a message (Message.status).
type MsgStatus string

const (
	// MsgStatusUnSend is "unSend": created, not sent yet (or being sent).
	MsgStatusUnSend MsgStatus = "unSend"
	// MsgStatusSuccess is "success": sent, or received.
	MsgStatusSuccess MsgStatus = "success"
	// MsgStatusFail is "fail": the send failed.
	MsgStatusFail MsgStatus = "fail"
)

// Flow tells whether a message was sent or received by the current user
// (Message.flow). Guests receive messages with an empty flow, since there is
// no current user.
type Flow string

const (
	// FlowIn is "in": from someone else.
	FlowIn Flow = "in"
	// FlowOut is "out": from the current user.
	FlowOut Flow = "out"
)
