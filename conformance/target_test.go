package conformance_test

import "github.com/tim-go/sdk/tim/restapi"

// target is the emulator a scenario runs against: one timtest.Server
// (newServer) or one node of a NATS cluster (newClusterNode).
type target struct {
	URL      string // WebSocket base
	RESTURL  string // REST base
	SDKAppID uint64
	Admin    string
	*restapi.Client
	UserSig func(userID string) string
}
