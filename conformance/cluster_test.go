package conformance_test

import (
	"testing"

	"github.com/tim-go/sdk/tim/timtest/timcluster"
)

// newClusterNode is a target on node 0 of a 3-node cluster sharing its
// rooms through embedded NATS JetStream: every message, tip and notice of
// the scenario takes its sequence through the shared log.
func newClusterNode(t *testing.T, mode string) *target {
	cl := timcluster.StartT(t, timcluster.Options{SDKAppID: sdkAppID, SecretKey: secretKey, Delivery: deliveryOf(mode)})
	n := cl.Nodes[0]
	return &target{URL: n.URL, RESTURL: n.RESTURL, SDKAppID: cl.SDKAppID, Admin: cl.Admin,
		Client: n.Client, UserSig: cl.UserSig}
}

// TestWebSDKConformanceCluster runs the tim-js-sdk scenario against a cluster node.
func TestWebSDKConformanceCluster(t *testing.T) {
	for _, mode := range []string{"poll", "push"} {
		t.Run(mode, func(t *testing.T) { runScenario(t, mode, newClusterNode) })
	}
}

// TestInteropGoAndWebSDKCluster runs the Go and tim-js-sdk interop against a cluster node.
func TestInteropGoAndWebSDKCluster(t *testing.T) {
	for _, mode := range []string{"poll", "push"} {
		t.Run(mode, func(t *testing.T) { runInterop(t, mode, newClusterNode) })
	}
}
