// Package wslibs measures the module's two WebSocket libraries,
// gorilla/websocket (the client, internal/conn) and coder/websocket (the
// emulator, internal/server), each as client and as server on loopback:
// memory per idle connection and CPU per ~500-byte binary frame read and
// written.
//
// The side under test runs in the benchmark process and its peer in a child
// process (the test binary run again), so that heap, stacks and CPU time
// read from the benchmark process are the side under test's alone. Both
// libraries are configured as the module uses them: gorilla with a 1 KiB
// read buffer and a pooled write buffer, coder without compression.
//
// Reproduce (docs/performance-libs.md):
//
//	cd bench/wslibs && go test -run '^$' -bench . -benchtime 20000x -count 3
package wslibs
