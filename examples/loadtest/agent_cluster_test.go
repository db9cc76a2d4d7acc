package main

import (
	"testing"

	"github.com/tim-go/sdk/tim/timtest/timcluster"
)

// TestTwoAgentsOnACluster is TestTwoAgentsMerged with each agent on its own
// node of a 3-node emulator cluster (embedded NATS JetStream), as agents on
// two machines would reach two nodes behind a balancer: every message sent
// on either node reaches every viewer of both agents once.
func TestTwoAgentsOnACluster(t *testing.T) {
	c := timcluster.StartT(t, timcluster.Options{Delivery: "poll"})
	// The plan's room, on every node before the agents start (each agent's
	// own create then finds it taken, and carries on).
	if _, err := c.CreateRoom(t.Context(), "loadtest-42", "loadtest"); err != nil {
		t.Fatal(err)
	}
	var targets [2]agentTarget
	for i := range targets {
		n := c.Nodes[i]
		targets[i] = agentTarget{url: n.URL, rest: n.RESTURL, secret: c.SecretKey, admin: c.Admin, sdkAppID: c.SDKAppID}
	}
	runTwoAgents(t, targets, func() int {
		rooms := 0
		for _, n := range c.Nodes {
			if _, ok := n.Server().RoomStats("loadtest-42"); ok {
				rooms++
			}
		}
		return rooms
	})
}
