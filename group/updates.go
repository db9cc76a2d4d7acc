package group

// AttributesUpdate is the data of EventGroupAttributesUpdated: a live
// room's attributes changed.
type AttributesUpdate struct {
	GroupID string `json:"groupID"`
	// GroupAttributes is the whole attribute set after the change.
	GroupAttributes map[string]string `json:"groupAttributes"`
	// UpdatedKeyList names the keys set or changed.
	UpdatedKeyList []string `json:"updatedKeyList"`
	// DeletedKeyList names the keys removed.
	DeletedKeyList []string `json:"deletedKeyList"`
}

// CounterUpdate is the data of EventGroupCounterUpdated; one event is
// emitted per changed key.
type CounterUpdate struct {
	GroupID string `json:"groupID"`
	Key     string `json:"key"`
	Value   int64  `json:"value"`
}
