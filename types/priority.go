package types

// Priority is the delivery priority of a group message (Message.priority).
// When a room goes over its message rate (40/s), the server keeps higher
// priorities first.
type Priority string

const (
	// MsgPriorityHigh is TIM.TYPES.MSG_PRIORITY_HIGH: gifts, red packets, kicks.
	MsgPriorityHigh Priority = "High"
	// MsgPriorityNormal is TIM.TYPES.MSG_PRIORITY_NORMAL, the default: text.
	MsgPriorityNormal Priority = "Normal"
	// MsgPriorityLow is TIM.TYPES.MSG_PRIORITY_LOW: likes, follows.
	MsgPriorityLow Priority = "Low"
	// MsgPriorityLowest is TIM.TYPES.MSG_PRIORITY_LOWEST: least important.
	MsgPriorityLowest Priority = "Lowest"
)

// priorityWire lists the priorities by their wire number minus one
// (1 High, 2 Normal, 3 Low, 4 Lowest).
var priorityWire = [...]Priority{MsgPriorityHigh, MsgPriorityNormal, MsgPriorityLow, MsgPriorityLowest}

// PriorityFromWire maps the numeric priority of a received message (1..4) to
// its Priority; like tim-js-sdk, anything else is Normal.
func PriorityFromWire(n int) Priority {
	if n < 1 || n > len(priorityWire) {
		return MsgPriorityNormal
	}
	return priorityWire[n-1]
}

// Wire is the numeric form of p (1 High … 4 Lowest); an invalid or empty
// priority counts as Normal (2).
func (p Priority) Wire() int {
	for i, q := range priorityWire {
		if p == q {
			return i + 1
		}
	}
	return 2
}

// Valid reports whether p is one of the four declared priorities.
func (p Priority) Valid() bool {
	for _, q := range priorityWire {
		if p == q {
			return true
		}
	}
	return false
}
