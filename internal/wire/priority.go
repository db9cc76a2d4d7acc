package wire

import (
	"bytes"
	"encoding/json"
	"math"
	"strconv"
)

// Priority is MsgPriority: the client sends a name ("High"), the server's
// stream items carry a number (1 High … 4 Lowest). Named records which form
// was seen so a frame re-encodes as it came.
type Priority struct {
	Level uint8 // 1 High, 2 Normal, 3 Low, 4 Lowest; 0 unset
	Named bool
}

// Priority levels as numbers on the wire.
const (
	PriorityHigh   = 1
	PriorityNormal = 2
	PriorityLow    = 3
	PriorityLowest = 4
)

var priorityNames = [...]string{"", "High", "Normal", "Low", "Lowest"}

// NamedPriority returns the priority for a name; ok is false for an unknown name.
func NamedPriority(name string) (p Priority, ok bool) {
	for i := 1; i < len(priorityNames); i++ {
		if priorityNames[i] == name {
			return Priority{uint8(i), true}, true
		}
	}
	return Priority{}, false
}

// Name is the tim-js-sdk name; unset and unknown values read as "Normal".
func (p Priority) Name() string {
	if p.Level == 0 || int(p.Level) >= len(priorityNames) {
		return "Normal"
	}
	return priorityNames[p.Level]
}

// Effective is the level with unset/unknown mapped to Normal.
func (p Priority) Effective() int {
	if p.Level == 0 || p.Level > PriorityLowest {
		return PriorityNormal
	}
	return int(p.Level)
}

// IsZero lets `omitzero` leave an unset priority out.
func (p Priority) IsZero() bool { return p.Level == 0 }

// MarshalJSON writes the form the priority was read in.
func (p Priority) MarshalJSON() ([]byte, error) {
	if p.Named {
		return []byte(`"` + p.Name() + `"`), nil
	}
	return strconv.AppendUint(nil, uint64(p.Level), 10), nil
}

// UnmarshalJSON accepts a number or a name; anything else is unset.
func (p *Priority) UnmarshalJSON(b []byte) error {
	*p = Priority{}
	// Fast path for the forms on the wire: a digit, or a name without escapes.
	if len(b) == 1 && b[0] >= '0'+PriorityHigh && b[0] <= '0'+PriorityLowest {
		p.Level = b[0] - '0'
		return nil
	}
	if len(b) >= 2 && b[0] == '"' && b[len(b)-1] == '"' {
		switch string(b[1 : len(b)-1]) {
		case "High":
			*p = Priority{PriorityHigh, true}
			return nil
		case "Normal":
			*p = Priority{PriorityNormal, true}
			return nil
		case "Low":
			*p = Priority{PriorityLow, true}
			return nil
		case "Lowest":
			*p = Priority{PriorityLowest, true}
			return nil
		}
	}
	b = bytes.TrimSpace(b)
	if len(b) > 0 && b[0] == '"' {
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		if q, ok := NamedPriority(s); ok {
			*p = q
		}
		return nil
	}
	var n float64
	if err := json.Unmarshal(b, &n); err != nil {
		return nil // null and odd values read as unset, as tim-js-sdk does
	}
	if n >= 1 && n <= 4 && n == math.Trunc(n) { // 1.5 is no level: unset
		p.Level = uint8(n)
	}
	return nil
}
