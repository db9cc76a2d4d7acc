package wire

// Group attributes of a live room (tim-js-sdk initGroupAttributes /
// setGroupAttributes / deleteGroupAttributes / getGroupAttributes; REST
// set/modify/delete/clear_group_attr and get_group_attr). The SDK sends
// groupAttributeList as GroupAttr with lowercase item keys (key, value,
// and sequence as seq), mainSequence as AttrMainSeq, avChatRoomKey as
// BytesKey (Key for get_group_attr) and attributeControl as AttrControl.
// Changes reach members as Event 6 tips whose MsgGroupNewInfo carries
// GroupAttrOption, which the SDK turns into GROUP_ATTRIBUTES_UPDATED.

// Servcmds and REST paths of the attributes. initGroupAttributes is
// set_group_attr (replace all), setGroupAttributes is modify_group_attr.
const (
	CmdInitGroupAttr    = "group_open_http_svc.set_group_attr"
	CmdSetGroupAttr     = "group_open_http_svc.modify_group_attr"
	CmdDeleteGroupAttr  = "group_open_http_svc.delete_group_attr"
	CmdClearGroupAttr   = "group_open_http_svc.clear_group_attr"
	CmdGetGroupAttr     = "group_open_attr_http_svc.get_group_attr"
	RESTInitGroupAttr   = "group_open_http_svc/set_group_attr"
	RESTSetGroupAttr    = "group_open_http_svc/modify_group_attr"
	RESTDeleteGroupAttr = "group_open_http_svc/delete_group_attr"
	RESTClearGroupAttr  = "group_open_http_svc/clear_group_attr"
	RESTGetGroupAttr    = "group_open_attr_http_svc/get_group_attr"
)

// AttrRaceConflict is the AttrControl tim-js-sdk always sends: the write
// applies only if AttrMainSeq is the room's current attribute sequence.
const AttrRaceConflict = "RaceConflict"

// Attribute operation types (GroupAttrOption.OpType), as tim-js-sdk
// numbers them.
const (
	AttrOpInit   = 1
	AttrOpSet    = 2
	AttrOpClear  = 3
	AttrOpDelete = 4
)

// GroupAttr is one attribute in requests and replies. Seq is the key's own
// sequence (0 for a new key); Value is absent in deletions.
type GroupAttr struct {
	Key   string `json:"key"`
	Value string `json:"value,omitempty"`
	Seq   uint64 `json:"seq,omitempty"`
}

// GroupAttrReq is set/modify/delete/clear_group_attr. AttrMainSeq, when
// present with AttrControl RaceConflict, must match the room's sequence
// (the REST API sends neither).
type GroupAttrReq struct {
	GroupID     string      `json:"GroupId"`
	GroupAttr   []GroupAttr `json:"GroupAttr,omitempty"`
	AttrMainSeq *uint64     `json:"AttrMainSeq,omitempty"`
	BytesKey    string      `json:"BytesKey,omitempty"`
	AttrControl []string    `json:"AttrControl,omitempty"`
}

// GroupAttrResp answers a write: the new main sequence and the keys
// written with their sequences (tim-js-sdk requires the list after
// set/modify).
type GroupAttrResp struct {
	Status
	AttrMainSeq uint64      `json:"AttrMainSeq"`
	GroupAttr   []GroupAttr `json:"GroupAttr"`
}

// GetGroupAttrReq is get_group_attr. Key is the join's AVChatRoomKey;
// GroupType is 1 when the SDK has one.
type GetGroupAttrReq struct {
	GroupID   string `json:"GroupId"`
	Key       string `json:"Key,omitempty"`
	GroupType int    `json:"GroupType,omitempty"`
}

// GetGroupAttrResp lists every attribute with the main sequence.
type GetGroupAttrResp struct {
	Status
	AttrMainSeq  uint64      `json:"AttrMainSeq"`
	GroupAttrAry []GroupAttr `json:"GroupAttrAry"`
}

// GroupAttrOption is the attribute change a tip's MsgGroupNewInfo carries.
// With PushChangedAttrValFlag 1 and GroupAttrSeq one past the client's, the
// client applies GroupAttrInfo; otherwise it re-reads all attributes.
type GroupAttrOption struct {
	GroupAttrSeq           uint64       `json:"GroupAttrSeq"`
	PushChangedAttrValFlag int          `json:"PushChangedAttrValFlag"`
	OpType                 int          `json:"OpType"`
	GroupAttrInfo          []AttrChange `json:"GroupAttrInfo"`
}

// AttrChange is one changed attribute in a GroupAttrOption: all of them
// after an init, the keys set or deleted otherwise.
type AttrChange struct {
	Key       string `json:"Key"`
	Val       string `json:"Val"`
	SubKeySeq uint64 `json:"SubKeySeq"`
}
