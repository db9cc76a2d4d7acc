package wire

// Group REST commands that Tencent documents but that an AVChatRoom does
// not support (or, for recall, that the emulator cannot deliver to
// tim-js-sdk 2.27.6). The emulator answers them as Tencent answers them
// for a live room, so that a backend written against it learns the same
// thing it would learn against Tencent.

// REST paths of the group commands live rooms refuse or ignore.
const (
	RESTAddGroupMember    = "group_open_http_svc/add_group_member"           // trtc.io/document/34921: AVChatRoom No
	RESTChangeGroupOwner  = "group_open_http_svc/change_group_owner"         // trtc.io/document/34966: AVChatRoom No
	RESTImportGroupMsg    = "group_open_http_svc/import_group_msg"           // trtc.io/document/34968: AVChatRoom No
	RESTImportGroupMember = "group_open_http_svc/import_group_member"        // trtc.io/document/34969: AVChatRoom No
	RESTGroupMsgGetSimple = "group_open_http_svc/group_msg_get_simple"       // trtc.io/document/34971: AVChatRoom No
	RESTGroupMsgRecall    = "group_open_http_svc/group_msg_recall"           // trtc.io/document/34965
	RESTDeleteMsgBySender = "group_open_http_svc/delete_group_msg_by_sender" // trtc.io/document/34970: no effect on AVChatRoom
)

// GroupMsgRecallReq is group_msg_recall (trtc.io/document/34965): up to
// 10 sequences.
type GroupMsgRecallReq struct {
	GroupID    string      `json:"GroupId"`
	MsgSeqList []MsgSeqRef `json:"MsgSeqList"`
	Reason     string      `json:"Reason,omitempty"`
}

// MsgSeqRef names one message by its MsgSeq.
type MsgSeqRef struct {
	MsgSeq uint64 `json:"MsgSeq"`
}

// DeleteMsgBySenderReq is delete_group_msg_by_sender: both fields required.
type DeleteMsgBySenderReq struct {
	GroupID       string `json:"GroupId"`
	SenderAccount string `json:"Sender_Account"`
}
