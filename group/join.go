package group

import "github.com/tim-go/sdk/types"

// JoinResult is what joinGroup resolves with.
type JoinResult struct {
	// Status is JoinedSuccess, AlreadyInGroup or WaitAdminApproval.
	Status types.JoinStatus `json:"status"`
	// Group is the joined group's profile; nil for guests (not logged in),
	// who get no profile, and for AlreadyInGroup and WaitAdminApproval.
	Group *Group `json:"group,omitempty"`
}
